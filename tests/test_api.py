"""The Python API: warta.code_text and the streaming Pipeline.pipe."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import warta
from warta.model import Document, Event
from warta.resources import load_resources
from warta.text.clean import clean

ID_TEXT = ("JAKARTA, KOMPAS.com - Menteri Luar Negeri Retno Marsudi bertemu dengan Menteri Luar "
           "Negeri Australia, Marise Payne di Jakarta pada Selasa. Kedua menteri membahas "
           "keamanan maritim.\n\nBaca juga\n\nKomentar")
EN_TEXT = ("TOKYO (Reuters) - Japan protested to China on Tuesday over the drills near Taiwan.\n"
           "Read more\n")


def _cleaned(text: str) -> str:
    return clean(Document(raw=text), load_resources()).text


@pytest.mark.parametrize(("text", "lang", "outlet"), [
    (ID_TEXT, "id", "KOMPAS.com"),
    (EN_TEXT, "en", "Reuters"),
])
def test_code_text_records_point_into_the_cleaned_text(text: str, lang: str,
                                                       outlet: str) -> None:
    records = warta.code_text(text, published="2021-12-08", url="https://example.org/a")
    assert records
    cleaned = _cleaned(text)
    for rec in records:
        prov = rec["provenance"]
        trig = prov["trigger"]
        assert cleaned[trig["start"]:trig["end"]] == trig["text"]
        assert trig["text"] in prov["sentence_text"]
        assert prov["language"] == lang
        assert prov["outlet"] == outlet
        assert prov["url"] == "https://example.org/a"
        assert prov["published"] == "2021-12-08"
        assert prov["method"] in ("lexicon", "lexicon+model", "model")
        for role in ("source", "target"):
            actor = rec[role]
            if actor is not None:
                assert cleaned[actor["start"]:actor["end"]] == actor["text"]
        assert rec["type"]["plover"] and rec["type"]["cameo"].startswith(rec["type"]["cameo_root"])
        json.dumps(rec)  # records are JSON-serialisable as they are


def test_code_text_indonesian_content() -> None:
    records = warta.code_text(ID_TEXT, lang="id", published="2021-12-08")
    consult = [r for r in records if r["type"]["plover"] == "CONSULT"]
    dyads = {(r["source"]["code"], r["target"]["code"]) for r in consult}
    assert ("IDNGOV", "AUSGOV") in dyads and ("AUSGOV", "IDNGOV") in dyads
    first = [r for r in consult if r["provenance"]["sentence_index"] == 0]
    assert first and first[0]["date"]["value"] == "2021-12-07"
    assert first[0]["place"]["name"] == "Jakarta"


def test_code_text_english_content() -> None:
    records = warta.code_text(EN_TEXT, published="2021-12-08")
    assert [(r["type"]["plover"], r["source"]["code"], r["target"]["code"]) for r in records] \
        == [("ACCUSE", "JPN", "CHN")]
    assert records[0]["date"]["value"] == "2021-12-07"
    assert "taiwan_strait" in records[0]["issues"]


def test_code_text_can_return_events() -> None:
    events = warta.code_text(EN_TEXT, published="2021-12-08", records=False)
    assert events and all(isinstance(e, Event) for e in events)


@pytest.mark.parametrize(("text", "reason"), [
    ("El gobierno de España condenó el ataque contra la embajada y pidió una investigación.",
     "unsupported language"),
    ("Komentar\n\nRead more\n", "empty"),
])
def test_code_text_raises_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        warta.code_text(text)


def test_code_text_lang_hint_of_an_unsupported_language() -> None:
    with pytest.raises(ValueError, match="unsupported language: fr"):
        warta.code_text("Japan protested to China.", lang="fr")


def test_code_text_is_deterministic() -> None:
    a = warta.code_text(EN_TEXT, published="2021-12-08")
    b = warta.code_text(EN_TEXT, published="2021-12-08")
    assert a == b
    assert len({r["id"] for r in a}) == len(a)


def test_pipe_streams_documents(real_pipeline) -> None:
    pulled: list[str] = []

    def source() -> Iterator[Document]:
        for text in (EN_TEXT, ID_TEXT, "Lorem ipsum"):
            pulled.append(text)
            yield Document(raw=text, published="2021-12-08")
        raise AssertionError("pipe read past what was asked for")  # pragma: no cover

    stream = real_pipeline.pipe(source())
    first = next(stream)
    assert len(pulled) == 1  # one document in, one document out: nothing is read ahead
    assert first.language == "en" and first.events
    second = next(stream)
    assert len(pulled) == 2
    assert second.language == "id" and second.outlet == "KOMPAS.com"


def test_pipe_keeps_order_and_skips_without_stopping(real_pipeline) -> None:
    docs = [Document(raw=EN_TEXT, origin="a"),
            Document(raw="Komentar", origin="b"),
            Document(raw=ID_TEXT, origin="c")]
    out = list(real_pipeline.pipe(docs))
    assert [d.origin for d in out] == ["a", "b", "c"]
    assert out[1].skip_reason is not None and out[1].events == []
    assert out[0].events and out[2].events
