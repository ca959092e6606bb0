"""The tokenizer and the phrase matcher shared by every lexicon."""

from __future__ import annotations

import pytest

from warta.text.phrases import PhraseMatcher, phrase_tokens, tokenize


def _words(text: str) -> list[str]:
    return [t.lower for t in tokenize(text)]


def test_tokens_keep_offsets_case_and_capitalisation() -> None:
    toks = tokenize("Jokowi bertemu Albanese.", offset=10)
    assert [(t.text, t.start, t.end) for t in toks] == [
        ("Jokowi", 10, 16), ("bertemu", 17, 24), ("Albanese", 25, 33), (".", 33, 34)]
    assert [t.upper_initial for t in toks] == [True, False, True, False]
    assert toks[0].lower == "jokowi"


def test_dotted_abbreviations_stay_whole() -> None:
    assert _words("The U.S. and A.S. both") == ["the", "u.s.", "and", "a.s.", "both"]


def test_possessive_is_its_own_token() -> None:
    assert _words("Russia's foreign ministry") == ["russia", "'s", "foreign", "ministry"]


def test_hyphen_is_a_token_so_compounds_can_be_split() -> None:
    assert _words("KTT Rusia-AS") == ["ktt", "rusia", "-", "as"]


def test_phrase_tokens_keep_wildcards_and_gaps() -> None:
    assert phrase_tokens("impose ... sanction*") == ["impose", "...", "sanction*"]
    assert phrase_tokens("Istana Kremlin") == ["istana", "kremlin"]


def test_prefix_wildcard_matches_any_ending() -> None:
    m = PhraseMatcher()
    m.add("sanction*", "SANCTION")
    for text in ("sanction", "sanctions", "sanctioned"):
        found = m.find(_words(f"they {text} Iran"))
        assert [(x.start, x.end, x.payloads) for x in found] == [(1, 2, ["SANCTION"])]
    assert m.find(_words("the sanatorium")) == []


def test_gap_allows_up_to_three_tokens() -> None:
    m = PhraseMatcher()
    m.add("impose ... sanctions", "1312")
    assert m.find(_words("will impose sanctions"))[0].end == 3
    assert m.find(_words("impose tough new economic sanctions"))[0].end == 5
    assert m.find(_words("impose very tough new economic sanctions")) == []


def test_menjatuhkan_gap_in_indonesian() -> None:
    m = PhraseMatcher()
    m.add("menjatuhkan ... sanksi", "163")
    found = m.find(_words("AS menjatuhkan serangkaian sanksi baru"))
    assert [(x.start, x.end) for x in found] == [(1, 4)]


def test_longest_match_wins() -> None:
    m = PhraseMatcher()
    m.add("call for", "020")
    m.add("call for ceasefire", "0254")
    found = m.find(_words("they call for ceasefire now"))
    assert [(x.start, x.end, x.payloads) for x in found] == [(1, 4, ["0254"])]
    assert m.find(_words("they call for talks"))[0].payloads == ["020"]


def test_find_is_leftmost_non_overlapping_and_find_all_overlaps() -> None:
    m = PhraseMatcher()
    m.add("istana kremlin", "RUSGOV")
    m.add("kremlin", "RUSGOV")
    words = _words("Istana Kremlin menilai")
    assert [(x.start, x.end) for x in m.find(words)] == [(0, 2)]
    assert sorted((x.start, x.end) for x in m.find_all(words)) == [(0, 2), (1, 2)]


def test_several_payloads_on_one_phrase() -> None:
    m = PhraseMatcher()
    m.add("gedung putih", "USAGOV")
    m.add("gedung putih", "metonym")
    assert m.find(_words("Gedung Putih"))[0].payloads == ["USAGOV", "metonym"]
    assert m.size == 2


@pytest.mark.parametrize("bad", ["... sanctions", "impose ...", ""])
def test_phrase_may_not_start_or_end_with_a_gap(bad: str) -> None:
    with pytest.raises(ValueError):
        PhraseMatcher().add(bad, "x")


def test_equal_length_prefers_the_phrase_with_fewer_gap_tokens() -> None:
    from warta.text.phrases import PhraseMatcher, tokenize

    m = PhraseMatcher()
    m.add("went on ... strike", "143")
    m.add("went on hunger strike", "142")
    words = [t.lower for t in tokenize("The prisoners went on hunger strike.")]
    found = m.find(words)
    assert [x.payloads[0] for x in found] == ["142"]
