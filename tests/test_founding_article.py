"""The founding article (VOV World, 8 December 2021): what an expert coder reads in it.

See /work/shared/PRODUCT.md, "What warta must understand in the founding article". The article
ships in examples/ so this test does not depend on anything outside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from warta.model import Document, Event

ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "vovworld-putin-biden.id.txt"


@pytest.fixture(scope="module")
def doc(real_pipeline) -> Document:
    raw = ARTICLE.read_text(encoding="utf-8")
    return real_pipeline.process(Document(raw=raw, published="2021-12-08", origin=ARTICLE.name))


def _code(actor) -> str | None:
    return actor.code if actor is not None else None


def _dyad(ev: Event) -> tuple[str | None, str | None]:
    return _code(ev.source), _code(ev.target)


def _call_events(doc: Document) -> list[Event]:
    """CONSULT events between the two presidencies."""
    return [e for e in doc.events if e.plover == "CONSULT" and e.cameo_root == "04"
            and _dyad(e) in {("RUSGOV", "USAGOV"), ("USAGOV", "RUSGOV")}]


def test_document_level_reading(doc: Document) -> None:
    assert doc.skip_reason is None
    assert doc.language == "id"
    assert doc.outlet == "VOVWORLD"
    assert doc.title == "Pimpinan Rusia dan AS Membahas Banyak Isu Agenda Antardua Negara"


def test_video_call_is_consult_between_the_two_on_7_december(doc: Document) -> None:
    dated = [e for e in _call_events(doc) if e.date is not None
             and (e.date.value, e.date.precision) == ("2021-12-07", "day")]
    # A call has no direction: each mention is one record marked reciprocal, whichever
    # leader the sentence names first.
    assert dated and all(e.reciprocal for e in dated)
    assert {frozenset(_dyad(e)) for e in dated} == {frozenset({"RUSGOV", "USAGOV"})}
    people = {frozenset({e.source.name, e.target.name}) for e in dated if e.source and e.target}
    assert frozenset({"Vladimir Putin", "Joe Biden"}) in people
    virtual = [e for e in dated if e.mode == "virtual"]
    assert virtual and {frozenset(_dyad(e)) for e in virtual} == {
        frozenset({"RUSGOV", "USAGOV"})}
    assert all(e.modality == "asserted" for e in virtual)
    # One record per mention: no trigger holds the same pair twice.
    triggers = [(e.trigger_start, frozenset(_dyad(e))) for e in dated]
    assert len(triggers) == len(set(triggers))


def test_putins_proposal_is_a_request_per_the_kremlin(doc: Document) -> None:
    requests = [e for e in doc.events if e.plover == "REQUEST" and e.cameo_root == "02"
                and _dyad(e) == ("RUSGOV", "USAGOV")]
    assert requests
    ev = requests[0]
    assert ev.source is not None and ev.source.name == "Vladimir Putin"
    assert ev.attribution is not None and ev.attribution.party is not None
    assert ev.attribution.party.code == "RUSGOV"
    assert "Kremlin" in ev.attribution.text
    # The proposal is about the restrictions on the two countries' diplomats.
    assert "pembatasan" in doc.sentences[ev.sentence].text
    assert "diplomatic_missions" in ev.issues


def test_bidens_warning_is_a_conditional_threat_per_the_white_house(doc: Document) -> None:
    threats = [e for e in doc.events if e.plover == "THREATEN" and e.cameo_root == "13"
               and _dyad(e) == ("USAGOV", "RUSGOV")]
    assert threats
    ev = threats[0]
    assert ev.modality == "conditional"
    assert ev.attribution is not None and ev.attribution.party is not None
    assert ev.attribution.party.code == "USAGOV"
    assert ev.attribution.party.name == "White House"
    # A threat conditional on escalation is not an act of escalation.
    assert not [e for e in doc.events if e.plover in ("SANCTION", "COERCE", "ASSAULT")]


def test_support_for_ukraine_comes_from_dia_resolved_to_biden(doc: Document) -> None:
    support = [e for e in doc.events if e.plover == "SUPPORT" and _dyad(e) == ("USAGOV", "UKR")]
    assert support
    ev = support[0]
    assert ev.source is not None
    assert ev.source.text == "Dia"
    assert ev.source.name == "Joe Biden"
    assert ev.target is not None and ev.target.text == "Ukrainia"
    assert ev.attribution is not None and ev.attribution.inherited
    assert ev.attribution.party is not None and ev.attribution.party.code == "USAGOV"


def test_call_for_de_escalation_is_a_request_from_washington(doc: Document) -> None:
    calls = [e for e in doc.events if e.plover == "REQUEST" and _code(e.source) == "USAGOV"]
    assert calls
    assert any("eskalasi" in e.trigger_text for e in calls)
    assert any("de_escalation" in e.issues for e in calls)


def test_issues_of_the_call(doc: Document) -> None:
    issues = {i for e in _call_events(doc) for i in e.issues}
    assert {"ukraine", "diplomatic_missions", "cyber_security", "iran_nuclear"} <= issues


def test_issues_of_the_call_include_strategic_stability_and_ransomware(doc: Document) -> None:
    issues = {i for e in _call_events(doc) for i in e.issues}
    assert {"arms_control", "ransomware"} <= issues


def test_no_event_between_an_actor_and_its_own_country(doc: Document) -> None:
    same = [(e.sentence, _dyad(e)) for e in doc.events if e.source and e.target
            and e.source.country and e.source.country == e.target.country]
    assert same == []


def test_headline_event_shares_the_call_date(doc: Document) -> None:
    headline = [e for e in _call_events(doc) if e.sentence == 0]
    assert headline
    assert {(e.date.value, e.date.precision) for e in headline if e.date} == \
        {("2021-12-07", "day")}


def test_geneva_summit_last_june(doc: Document) -> None:
    in_geneva = [e for e in doc.events if e.place is not None and e.place.country == "CHE"]
    assert in_geneva
    ev = in_geneva[0]
    assert ev.place is not None and ev.place.name == "Geneva" and ev.place.text == "Jenewa"
    assert ev.date is not None
    assert (ev.date.value, ev.date.precision) == ("2021-06", "month")
    assert ev.date.text == "bulan Juni lalu"


def test_page_chrome_is_not_text(doc: Document) -> None:
    assert doc.meta["dropped_chrome"] == ["Komentar", "Yang lain"]
    assert "Komentar" not in doc.text and "Yang lain" not in doc.text
    assert not doc.text.startswith("(VOVWORLD)")
    for ev in doc.events:
        assert doc.text[ev.trigger_start:ev.trigger_end] == ev.trigger_text
        assert "Komentar" not in doc.sentences[ev.sentence].text


def test_every_event_is_traceable(doc: Document) -> None:
    assert doc.events
    for ev in doc.events:
        sent = doc.sentences[ev.sentence]
        assert sent.start <= ev.trigger_start < ev.trigger_end <= sent.end
        for actor in (ev.source, ev.target):
            if actor is not None:
                assert doc.text[actor.start:actor.end] == actor.text
        if ev.attribution is not None:
            assert doc.text[ev.attribution.start:ev.attribution.end] == ev.attribution.text
    assert len({e.id for e in doc.events}) == len(doc.events)
