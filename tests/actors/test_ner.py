"""The name tagger: shipped models on hand-written sentences, decoder exactness, training."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from warta.actors.ner import NameTagger
from warta.actors.ner.features import Lexicon, shape
from warta.actors.ner.tagger import spans_from_tags, viterbi
from warta.actors.ner.train import evaluate, parse_marked, read_marked, retokenize, train
from warta.text.phrases import tokenize

DATA = Path(__file__).parent / "data"


def names(lang: str, text: str) -> list[tuple[str, str]]:
    toks = [t.text for t in tokenize(text)]
    return [(" ".join(toks[i:j]), typ) for i, j, typ in NameTagger.load(lang).tag(toks)]


def test_indonesian_example() -> None:
    got = names("id", "Menteri Luar Negeri Retno Marsudi bertemu dengan perwakilan Bank Dunia "
                      "di Jakarta.")
    assert got == [("Retno Marsudi", "PER"), ("Bank Dunia", "ORG"), ("Jakarta", "LOC")]


def test_indonesian_unknown_person_after_verb_of_saying() -> None:
    got = names("id", "Hal itu disampaikan oleh Sutrisno Wibowo di Semarang, Senin.")
    assert ("Sutrisno Wibowo", "PER") in got
    assert ("Semarang", "LOC") in got


def test_english_example() -> None:
    got = names("en", "Foreign Minister Retno Marsudi met representatives of the World Bank "
                      "in Jakarta on Tuesday.")
    assert ("Retno Marsudi", "PER") in got
    assert ("World Bank", "ORG") in got
    assert ("Jakarta", "LOC") in got


def test_english_unknown_names() -> None:
    got = names("en", "Mr. Tomasz Wielicki told reporters in Warsaw that the Free Workers Union "
                      "would strike.")
    assert ("Tomasz Wielicki", "PER") in got
    assert ("Free Workers Union", "ORG") in got


@pytest.mark.parametrize(("lang", "name", "floor"), [
    ("id", "ner_gold_id.txt", 0.75), ("en", "ner_gold_en.txt", 0.85),
    ("en", "ner_heldout_en.txt", 0.70)])
def test_hand_labelled_sentences(lang: str, name: str, floor: float) -> None:
    # Floors sit a little under the measured scores (MODEL_CARD.md) to catch regressions.
    scores = evaluate(NameTagger.load(lang), read_marked(DATA / name))
    assert scores["micro"]["f1"] >= floor, scores


def test_load_is_cached_and_unknown_language_fails() -> None:
    assert NameTagger.load("id") is NameTagger.load("id")
    with pytest.raises(KeyError):
        NameTagger.load("xx")


def test_empty_and_punctuation_only() -> None:
    tagger = NameTagger.load("id")
    assert tagger.tag([]) == []
    assert tagger.tag([".", ","]) == []


def test_fast_decoder_equals_reference_viterbi() -> None:
    # Pinning tokens to O must never change the answer; random scores exercise odd cases.
    tagger = NameTagger.load("id")
    rng = np.random.default_rng(0)
    for _ in range(300):
        n = int(rng.integers(1, 12))
        em = rng.normal(size=(n, 7)) * 3
        em[:, 0] += rng.normal() * 4  # sometimes O dominates, sometimes not
        assert tagger.decode(em) == viterbi(em)


def test_spans_from_tags() -> None:
    assert spans_from_tags(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]


def test_retokenize_keeps_labels_off_brackets() -> None:
    toks, tags = retokenize((["Ketua", "(PPP)", "Jokowi-JK"], ["O", "I-ORG", "B-PER"]))
    assert toks == ["Ketua", "(", "PPP", ")", "Jokowi", "-", "JK"]
    assert tags == ["O", "O", "B-ORG", "O", "B-PER", "I-PER", "I-PER"]


def test_parse_marked() -> None:
    toks, tags = parse_marked("Mr. [PER Tomasz Wielicki] visited [LOC Warsaw].")
    assert toks == ["Mr", ".", "Tomasz", "Wielicki", "visited", "Warsaw", "."]
    assert tags == ["O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"]


def test_shape() -> None:
    assert [shape(w) for w in ("Jakarta", "PPP", "2014", "Jokowi-JK", "di")] == [
        "Xx", "X", "d", "Xx-X", "x"]


def test_training_learns_a_toy_language() -> None:
    sents = [parse_marked(s) for s in (
        "Kemarin [PER Budi] pergi ke [LOC Medan].",
        "Kemarin [PER Ani] pergi ke [LOC Padang].",
        "[ORG Bank Rakyat] membuka kantor di [LOC Medan].",
        "Kemarin [PER Tono] pergi ke [LOC Solo].",
    )]
    tagger = train(sents, Lexicon(), epochs=5, seed=1)
    assert evaluate(tagger, sents)["micro"]["f1"] == 1.0
