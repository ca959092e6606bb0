"""Context of events: place (gazetteer after a locative), date, issues, document-level sharing."""

from __future__ import annotations

import pytest

from warta.model import Document, Event


def _consult(doc: Document) -> list[Event]:
    found = [e for e in doc.events if e.plover == "CONSULT"]
    assert found, [(e.plover, e.trigger_text) for e in doc.events]
    return found


@pytest.mark.parametrize(("text", "lang"), [
    ("Menteri Luar Negeri Rusia, Sergei Lavrov bertemu dengan Menteri Luar Negeri AS, Antony "
     "Blinken di Jenewa pada 21 Januari.", "id"),
])
def test_place_from_the_gazetteer_after_di(process_text, text: str, lang: str) -> None:
    doc = process_text(text, lang)
    for ev in _consult(doc):
        assert ev.place is not None
        assert (ev.place.text, ev.place.name, ev.place.country) == ("Jenewa", "Geneva", "CHE")
        assert ev.place.lat == pytest.approx(46.2, abs=0.1)
        assert ev.place.lon == pytest.approx(6.15, abs=0.1)
        assert doc.text[ev.place.start:ev.place.end] == "Jenewa"
        assert ev.date is not None
        assert (ev.date.value, ev.date.precision) == ("2021-01-21", "day")


def test_place_from_the_gazetteer_after_in(process_text) -> None:
    doc = process_text("Russian Foreign Minister Sergei Lavrov met US Secretary of State Antony "
                       "Blinken in Geneva on January 21.", "en")
    ev = _consult(doc)[0]
    assert ev.place is not None
    assert (ev.place.name, ev.place.country) == ("Geneva", "CHE")
    assert ev.place.lat == pytest.approx(46.2, abs=0.1)


@pytest.mark.parametrize(("text", "lang", "place", "country"), [
    ("India dan Pakistan menggelar perundingan di Kuala Lumpur tentang Kashmir.", "id",
     "Kuala Lumpur", "MYS"),
    ("India and Pakistan held talks in Kuala Lumpur about Kashmir.", "en", "Kuala Lumpur",
     "MYS"),
    ("Jepang dan Korea Selatan membahas program nuklir Korea Utara di Seoul.", "id", "Seoul",
     "KOR"),
    ("Japan and South Korea discussed North Korea's nuclear programme in Seoul.", "en", "Seoul",
     "KOR"),
])
def test_capital_after_a_locative_is_the_place(process_text, text: str, lang: str, place: str,
                                               country: str) -> None:
    doc = process_text(text, lang)
    for ev in _consult(doc):
        assert ev.place is not None
        assert (ev.place.text, ev.place.country) == (place, country)
    # The capital is where they met, not a party to the meeting.
    assert all(e.source and e.source.text != place and e.target and e.target.text != place
               for e in doc.events)


@pytest.mark.parametrize(("text", "lang", "name"), [
    ("China and Japan discussed the Geneva agreement on maritime security.", "en", "Geneva"),
    ("China dan Jepang membahas perjanjian Jenewa tentang keamanan maritim.", "id", "Jenewa"),
])
def test_no_place_without_a_locative(process_text, text: str, lang: str, name: str) -> None:
    doc = process_text(text, lang)
    # The gazetteer knows the name, and it is in the sentence: only the locative is missing.
    assert [(m.text, m.locative) for m in doc.mentions if m.kind == "place"] == [(name, False)]
    assert all(ev.place is None for ev in _consult(doc))


def test_context_returns_new_events_and_leaves_its_input_alone(real_pipeline) -> None:
    import copy

    from warta.events.context import add_context

    stages = real_pipeline.stages
    doc = Document(raw="President Joko Widodo met Australian Prime Minister Scott Morrison in "
                       "Canberra last week. Both leaders discussed climate change. Widodo "
                       "warned of strong measures.", language_hint="en", published="2021-12-08")
    for stage in stages[:stages.index(add_context)]:
        doc = stage(doc, real_pipeline.resources)
    before = copy.deepcopy(doc.events)
    first = add_context(doc, real_pipeline.resources)
    assert doc.events == before  # nothing of the input changed
    assert any(e.place is not None for e in first.events) and all(
        e.date is not None for e in first.events)
    assert add_context(doc, real_pipeline.resources).events == first.events  # coded again


@pytest.mark.parametrize(("text", "lang", "issues"), [
    ("Jepang dan Korea Selatan membahas program nuklir Korea Utara di Seoul.", "id",
     {"north_korea_nuclear", "nuclear_programme"}),
    ("Japan and South Korea discussed North Korea's nuclear programme in Seoul.", "en",
     {"north_korea_nuclear", "nuclear_programme"}),
    ("China dan Jepang membahas keamanan maritim.", "id", {"maritime_security"}),
    ("China and Japan discussed maritime security.", "en", {"maritime_security"}),
    ("Rusia dan AS membahas stabilitas strategis.", "id", {"arms_control"}),
    ("India and Pakistan held talks in Kuala Lumpur about Kashmir.", "en", {"kashmir"}),
])
def test_issues_are_attached(process_text, text: str, lang: str, issues: set[str]) -> None:
    for ev in _consult(process_text(text, lang)):
        assert issues <= set(ev.issues)


def test_issue_ids_exist_in_the_taxonomy(process_text) -> None:
    from warta.resources import issue_taxonomy

    known = {entry["id"] for entry in issue_taxonomy()}
    doc = process_text("Kedua menteri membahas keamanan siber, perubahan iklim dan program "
                       "nuklir Iran. Indonesia dan Australia juga membahas ransomware.", "id")
    found = {i for e in doc.events for i in e.issues}
    assert found and found <= known


@pytest.mark.parametrize(("text", "lang"), [
    ("Presiden Joko Widodo bertemu Perdana Menteri Australia, Scott Morrison di Canberra pekan "
     "lalu. Kedua pemimpin membahas perubahan iklim dan keamanan maritim.", "id"),
    ("President Joko Widodo met Australian Prime Minister Scott Morrison in Canberra last week. "
     "Both leaders discussed climate change and maritime security.", "en"),
])
def test_one_meeting_shares_date_and_issues_across_sentences(process_text, text: str,
                                                             lang: str) -> None:
    doc = process_text(text, lang)
    events = _consult(doc)
    assert {e.sentence for e in events} == {0, 1}
    for ev in events:
        assert ev.date is not None and ev.date.precision == "week"
        assert {"climate_change", "maritime_security"} <= set(ev.issues)
        assert {ev.source.code, ev.target.code} == {"IDNGOV", "AUSGOV"}  # type: ignore[union-attr]
    later = [e for e in events if e.sentence == 1]
    assert all(e.date is not None and e.date.method == "document" for e in later)


@pytest.mark.parametrize(("text", "lang"), [
    ("Jepang mengecam China.", "id"),
    ("Japan condemned China.", "en"),
])
def test_event_without_a_date_takes_the_publication_date(process_text, text: str,
                                                         lang: str) -> None:
    ev = process_text(text, lang).events[0]
    assert ev.date is not None
    assert (ev.date.value, ev.date.precision, ev.date.method) == \
        ("2021-12-08", "day", "publication")


def test_no_publication_date_gives_unknown_date(process_text) -> None:
    ev = process_text("Japan condemned China.", "en", published=None).events[0]
    assert ev.date is not None
    assert (ev.date.value, ev.date.precision) == (None, "unknown")


@pytest.mark.parametrize(("text", "lang"), [
    ("Presiden Rusia, Vladimir Putin berbicara dengan Presiden Prancis, Emmanuel Macron. "
     "Putin mengkritik sikap Barat.", "id"),
])
def test_surname_source_is_coded_on_the_event_date(process_text, text: str, lang: str) -> None:
    # A dictionary person's code comes from the role that holds on the event's date.
    doc = process_text(text, lang)
    critics = [e for e in doc.events if e.plover == "ACCUSE"]
    assert critics and critics[0].source is not None
    assert critics[0].source.text == "Putin" and critics[0].source.code == "RUSGOV"


@pytest.mark.parametrize(("text", "lang", "implied"), [
    # The act is placed in the meeting: it targets the counterpart.
    ("Modi met Kishida in Tokyo on Monday. During the talks, Modi warned of strong "
     "measures.", "en", True),
    ("Jokowi bertemu Albanese di Canberra. Dalam pembicaraan itu, Jokowi mengancam akan "
     "mengambil langkah tegas.", "id", True),
    # Nothing in the sentence ties the act to the meeting: no target is invented.
    ("Modi met Kishida in Tokyo on Monday. Later, Modi warned that India would respond "
     "strongly if provoked.", "en", False),
])
def test_a_targetless_act_targets_the_counterpart_only_with_evidence(
        process_text, text: str, lang: str, implied: bool) -> None:
    doc = process_text(text, lang, published="2023-06-10")
    threats = [e for e in doc.events if e.plover == "THREATEN"]
    assert threats
    targets = [e.target for e in threats if e.target is not None]
    assert bool(targets) == implied
    if implied:
        assert targets[0].resolution.startswith("implicit")
