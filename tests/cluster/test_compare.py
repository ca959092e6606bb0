"""Readout comparison: the Kremlin's and the White House's readouts of the 7 December 2021 call
(the founding article), and readouts gathered across articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from warta.cluster.compare import NotFound, compare, split_party
from warta.cluster.store import cluster_store
from warta.model import Actor, Attribution, DateValue, Document, Event, Sentence, content_id
from warta.store import Store

ARTICLE = Path(__file__).resolve().parents[2] / "examples" / "vovworld-putin-biden.id.txt"


@pytest.fixture(scope="module")
def founding(real_pipeline):
    raw = ARTICLE.read_text(encoding="utf-8")
    doc = real_pipeline.process(Document(raw=raw, published="2021-12-08", origin=ARTICLE.name))
    with Store(":memory:") as store:
        store.write(doc)
        cluster_store(store)
        yield store, doc, compare(store, doc.id)


def _party(result: dict, name: str) -> dict:
    return next(p for p in result["parties"] if p["party"] == name)


def test_each_presidency_has_its_own_readout(founding) -> None:
    _, _, result = founding
    names = {p["party"] for p in result["parties"]}
    assert {"Kremlin", "White House"} <= names
    assert _party(result, "Kremlin")["code"] == "RUSGOV"
    assert _party(result, "White House")["code"] == "USAGOV"
    assert result["scope"]["kind"] == "document"


def test_the_meeting_is_the_call_between_the_presidencies(founding) -> None:
    _, _, result = founding
    meeting = result["meeting"]
    assert meeting["plover"] == "CONSULT"
    assert {meeting["source_code"], meeting["target_code"]} == {"RUSGOV", "USAGOV"}
    assert meeting["date_value"] == "2021-12-07"


def test_the_joint_communique_counts_for_both(founding) -> None:
    _, _, result = founding
    joint = [{c["event_id"] for c in _party(result, name)["claims"]
              if c["attribution_text"] and "Kremlin dan Gedung Putih" in c["attribution_text"]}
             for name in ("Kremlin", "White House")]
    assert joint[0] and joint[0] == joint[1]


def test_the_readouts_stress_different_things(founding) -> None:
    """The Kremlin stresses the diplomats' work; the White House Ukraine, allies and economic
    measures (PRODUCT.md). Both mention Ukraine."""
    _, _, result = founding
    only, shared = result["issues"]["only"], result["issues"]["shared"]
    assert "diplomatic_missions" in only["Kremlin"]
    assert {"economy", "sanctions"} <= set(only["White House"])
    assert "ukraine" in shared
    assert set(shared).isdisjoint(only["Kremlin"]) and set(shared).isdisjoint(
        only["White House"])


def test_claims_carry_type_modality_and_the_threat_lowers_the_tone(founding) -> None:
    _, _, result = founding
    kremlin, white_house = _party(result, "Kremlin"), _party(result, "White House")
    threats = [c for c in white_house["claims"] if c["plover"] == "THREATEN"]
    assert threats and all(c["modality"] == "conditional" for c in threats)
    assert not any(c["plover"] == "THREATEN" for c in kremlin["claims"])
    assert white_house["tone"] < kremlin["tone"]
    for readout in (kremlin, white_house):
        goldstein = [c["goldstein"] for c in readout["claims"]]
        assert readout["tone"] == pytest.approx(sum(goldstein) / len(goldstein), abs=0.01)


def test_a_reciprocal_event_is_one_claim(founding) -> None:
    _, _, result = founding
    for readout in result["parties"]:
        keys = [(c["document_id"], c["sentence_index"], c["trigger"], c["plover"])
                for c in readout["claims"]]
        assert len(keys) == len(set(keys))


def test_an_event_of_the_call_gives_the_same_readouts(founding) -> None:
    store, doc, by_document = founding
    call = next(e for e in doc.events if e.plover == "CONSULT" and e.date
                and e.date.value == "2021-12-07")
    by_event = compare(store, call.id)
    assert by_event["scope"]["kind"] == "event"
    assert by_event["parties"] == by_document["parties"]
    assert compare(store, by_event["scope"]["cluster"])["scope"]["kind"] == "cluster"
    assert compare(store, doc.id[:8])["scope"]["documents"][0]["id"] == doc.id


def test_unknown_id_names_the_problem() -> None:
    with Store(":memory:") as store, pytest.raises(NotFound, match="no event"):
        compare(store, "nothing")


def test_joint_parties_are_split() -> None:
    assert split_party("Kremlin; White House") == ["Kremlin", "White House"]
    assert split_party(None) == []


def _article(text: str, published: str, outlet: str, lang: str,
             claims: list[tuple[str, str, str, str, float]]) -> Document:
    """A coded document: one sentence per claim (plover, source, target, party, goldstein)."""
    doc = Document(raw=text, text=text, id=content_id(text), published=published,
                   outlet=outlet, language=lang)
    for index, (plover, source, target, party, goldstein) in enumerate(claims):
        doc.sentences.append(Sentence(index, 0, len(text), text, 0))
        actors = [Actor(code, code, code, code[:3], code[3:] or None, "dictionary", 0, 1)
                  for code in (source, target)]
        doc.events.append(Event(
            id=f"{doc.id}-{index}", plover=plover, cameo="040", cameo_base="040",
            cameo_root="04", quad_class=1, goldstein=goldstein, trigger_text="x",
            trigger_start=index, trigger_end=index + 1, sentence=index, source=actors[0],
            target=actors[1], date=DateValue("2021-12-07", "day", "explicit"),
            attribution=Attribution(Actor(party, party, None, None, None, "metonym", 0, 1),
                                    party, 0, 1), reciprocal=plover == "CONSULT"))
    return doc


def test_readouts_are_gathered_across_articles_of_the_cluster() -> None:
    indonesian = _article("Menurut Istana Kremlin, kedua presiden membahas Ukraina.",
                          "2021-12-08", "VOVWORLD", "id",
                          [("CONSULT", "RUSGOV", "USAGOV", "Kremlin", 1.0)])
    english = _article("The White House said Biden warned Putin over Ukraine sanctions.",
                       "2021-12-08", "Reuters", "en",
                       [("CONSULT", "USAGOV", "RUSGOV", "White House", 1.0),
                        ("THREATEN", "USAGOV", "RUSGOV", "White House", -5.0)])
    with Store(":memory:") as store:
        store.write(indonesian)
        store.write(english)
        cluster_store(store)
        result = compare(store, indonesian.events[0].id)
    assert result["meeting"]["n_articles"] == 2 and result["meeting"]["n_sources"] == 2
    assert [d["id"] for d in result["scope"]["documents"]] == sorted(
        [indonesian.id, english.id])
    kremlin, white_house = _party(result, "Kremlin"), _party(result, "White House")
    assert kremlin["n_claims"] == 1 and white_house["n_claims"] == 2
    assert white_house["tone"] == -2.0
    assert "ukraine" in result["issues"]["shared"]
    assert "sanctions" in result["issues"]["only"]["White House"]
