"""The decision stage: the model judges every actor pair; lexicon events are hints.

A scripted scorer stands in for the model here (what it answers is set per test), so these
tests pin the decision rules; tests/events/test_model.py runs the shipped model itself.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from warta.events import decide
from warta.events.model import Scores
from warta.model import Document
from warta.pipeline import Pipeline
from warta.resources import Resources

ROOTS = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def _scores(label: str, p: float = 0.9, reversed_: float = 0.1) -> Scores:
    rest = (1 - p) / 16
    roots = {r: rest for r in (*ROOTS, "NONE")}
    roots[label] = p
    return Scores(roots, reversed_)


class Scripted:
    """Answers by the marked actors' text: {(first, second or None): Scores}; NONE otherwise."""

    def __init__(self, answers: dict[tuple[str, str | None], Scores]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, str | None]] = []

    def score(self, cands):
        out = []
        for text, a, b in cands:
            key = (text[a[0]:a[1]], text[b[0]:b[1]] if b else None)
            self.asked.append(key)
            out.append(self.answers.get(key, _scores("NONE")))
        return out


@pytest.fixture(scope="module")
def lexicon_pipeline() -> Pipeline:
    return Pipeline(Resources(use_model=False))


def _decide(pipeline: Pipeline, monkeypatch, text: str, lang: str, answers) -> tuple[
        Document, Document, Scripted]:
    scorer = Scripted(answers)
    monkeypatch.setattr("warta.events.model.PairClassifier.load", lambda: scorer)
    monkeypatch.setattr("warta.events.model.available", lambda: True)
    before = pipeline.process(Document(raw=text, language_hint=lang, published="2021-12-08"))
    res = Resources(use_model=True)
    after = decide.decide_events(before, res)
    return before, after, scorer


def test_agreeing_model_keeps_the_lexicon_event(lexicon_pipeline, monkeypatch) -> None:
    text = "Presiden Joko Widodo bertemu Perdana Menteri Malaysia Najib Razak di Jakarta."
    before, after, _ = _decide(lexicon_pipeline, monkeypatch, text, "id", {
        ("Presiden Joko Widodo", "Perdana Menteri Malaysia Najib Razak"): _scores("CONSULT",
                                                                                 0.8)})
    assert {e.plover for e in before.events} == {"CONSULT"}
    assert after.events and all(e.method == "lexicon+model" for e in after.events)
    assert all(e.confidence == 0.8 for e in after.events)
    # The lexicon's trigger and specific CAMEO code stay.
    assert [(e.trigger_text, e.cameo) for e in after.events] == [
        (e.trigger_text, e.cameo) for e in before.events]


def test_a_pair_the_model_rejects(lexicon_pipeline, monkeypatch):
    text = "Prime Minister Boris Johnson met Chancellor Olaf Scholz in Berlin."
    # As shipped the model never drops a lexicon event: it stands, marked "lexicon", with the
    # model's (low) probability of its root as confidence.
    before, after, _ = _decide(lexicon_pipeline, monkeypatch, text, "en", {})
    assert before.events and [e.method for e in after.events] == ["lexicon"] * len(before.events)
    assert all(e.confidence < 0.1 for e in after.events)
    # With a drop threshold the rejected pair loses its event.
    monkeypatch.setattr(decide, "DROP_THRESHOLD", 0.5)
    _, after, _ = _decide(lexicon_pipeline, monkeypatch, text, "en", {})
    assert not after.events


def test_the_model_finds_an_event_no_trigger_names(lexicon_pipeline, monkeypatch) -> None:
    # No trigger lexicon entry for "roughed up"; the model says ASSAULT, second acts on first.
    text = "Two journalists were roughed up by police officers outside the court."
    before, after, scorer = _decide(lexicon_pipeline, monkeypatch, text, "en", {
        ("journalists", "police officers"): _scores("ASSAULT", 0.7, reversed_=0.9)})
    assert not [e for e in before.events if e.plover == "ASSAULT"]
    found = [e for e in after.events if e.plover == "ASSAULT"]
    assert len(found) == 1 and found[0].method == "model"
    ev = found[0]
    assert ev.source.text == "police officers" and ev.target.text == "journalists"
    assert ev.cameo == "190" and ev.quad_class == 4 and ev.confidence == 0.7
    assert after.text[ev.trigger_start:ev.trigger_end] == ev.trigger_text
    assert ("journalists", "police officers") in scorer.asked


def test_another_root_retypes_the_event_at_its_own_predicate(lexicon_pipeline, monkeypatch):
    monkeypatch.setattr(decide, "RETYPE_THRESHOLD", 0.5)
    text = "Police arrested the opposition leader Kizza Besigye in Kampala."
    before, after, _ = _decide(lexicon_pipeline, monkeypatch, text, "en", {
        ("Police", "the opposition"): _scores("ASSAULT", 0.6)})
    assert {e.plover for e in before.events} == {"COERCE"}
    assert [(e.plover, e.method) for e in after.events] == [("ASSAULT", "model")]


def test_single_actor_events_and_the_cascade(lexicon_pipeline, monkeypatch) -> None:
    monkeypatch.setattr(decide, "DROP_THRESHOLD", 0.5)
    text = "Ribuan buruh berunjuk rasa di depan Istana Merdeka. Cuaca cerah sepanjang hari."
    _, after, scorer = _decide(lexicon_pipeline, monkeypatch, text, "id", {
        ("buruh", None): _scores("PROTEST", 0.9)})
    # The pair (buruh, Istana Merdeka) is NONE for this scorer: the lexicon's protest "against"
    # the palace goes, the protest of the workers alone stands.
    protests = [e for e in after.events if e.plover == "PROTEST"]
    assert len(protests) == 1 and protests[0].target is None
    assert protests[0].source.text == "buruh" and protests[0].method == "model"
    # The second sentence has no actor: nothing of it reached the model.
    assert all(key[0] != "Cuaca" for key in scorer.asked)


def test_the_party_of_an_attribution_frame_is_no_candidate(lexicon_pipeline, monkeypatch):
    text = "According to the Kremlin, Putin invited Biden to Moscow."
    _, after, scorer = _decide(lexicon_pipeline, monkeypatch, text, "en", {
        ("Putin", "Biden"): _scores("AGREE", 0.9)})
    assert all("Kremlin" not in (k[0] + str(k[1])) for k in scorer.asked)
    asked = [e for e in after.events if e.plover == "AGREE" and e.method == "lexicon+model"]
    assert asked and asked[0].attribution is not None
    assert "Kremlin" in asked[0].attribution.text


def test_without_the_model_the_stage_changes_nothing(lexicon_pipeline) -> None:
    doc = lexicon_pipeline.process(Document(raw="Russia attacked Ukraine.", language_hint="en"))
    assert decide.decide_events(doc, Resources(use_model=False)) is doc
    assert replace(doc).events == doc.events


def test_every_root_has_a_general_code_of_its_own() -> None:
    from warta.ontology import GENERAL_CODES, PLOVER_ROOTS, lookup

    assert set(GENERAL_CODES) == set(PLOVER_ROOTS)
    assert all(lookup(code).plover == root for root, code in GENERAL_CODES.items())
