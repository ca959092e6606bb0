"""Events: triggers, source and target, reciprocity, compounds, modality and attribution."""

from __future__ import annotations

import pytest

from warta.model import Document, Event


def _dyads(doc: Document, plover: str | None = None) -> set[tuple[str | None, str | None]]:
    return {(e.source.code if e.source else None, e.target.code if e.target else None)
            for e in doc.events if plover is None or e.plover == plover}


def _only(doc: Document, plover: str) -> Event:
    found = [e for e in doc.events if e.plover == plover]
    assert len(found) == 1, [(e.plover, e.trigger_text) for e in doc.events]
    return found[0]


# --- voice -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang"), [
    ("Australia mengecam Indonesia.", "id"),
    ("Australia condemned Indonesia.", "en"),
])
def test_active_voice_subject_is_the_source(process_text, text: str, lang: str) -> None:
    ev = _only(process_text(text, lang), "ACCUSE")
    assert ev.cameo == "111"
    assert (ev.source.code, ev.target.code) == ("AUS", "IDN")  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "lang"), [
    ("Indonesia dikecam oleh Australia.", "id"),
    ("Indonesia was criticized by Australia.", "en"),
    ("Filipina dikritik oleh China pekan lalu.", "id"),
    ("The Philippines was condemned by China last week.", "en"),
])
def test_passive_voice_agent_is_the_source(process_text, text: str, lang: str) -> None:
    doc = process_text(text, lang)
    ev = _only(doc, "ACCUSE")
    assert ev.source is not None and ev.target is not None
    assert ev.source.text in ("Australia", "China")
    assert ev.target.text in ("Indonesia", "Filipina", "The Philippines")


@pytest.mark.parametrize(("text", "plover", "source", "target"), [
    # Indonesian names the agent right after a di- passive, without "oleh" ...
    ("Australia dikecam Indonesia pekan lalu.", "ACCUSE", "IDN", "AUS"),
    # ... also where the trigger phrase itself holds it ("diperiksa KPK").
    ("Setya Novanto diperiksa KPK pada Senin.", "ACCUSE", "IDNJUD", "IDNLEG"),
])
def test_indonesian_passive_agent_without_oleh(process_text, text: str, plover: str,
                                               source: str, target: str) -> None:
    ev = _only(process_text(text, "id", published="2017-06-10"), plover)
    assert (ev.source.code, ev.target.code) == (source, target)  # type: ignore[union-attr]


def test_an_english_passive_takes_no_bare_agent(process_text) -> None:
    """"Monday" is no agent; and an act whose doer is not named is no event."""
    assert not process_text("Australia was criticized Monday.", "en").events
    ev = _only(process_text("Australia was criticized by China on Monday.", "en"), "ACCUSE")
    assert (ev.source.code, ev.target.code) == ("CHN", "AUS")  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "lang"), [
    ("Lima aktivis ditangkap di Jakarta, Senin.", "id"),
    ("Five activists were arrested in Jakarta on Monday.", "en"),
])
def test_an_act_with_no_named_doer_is_no_event(process_text, text: str, lang: str) -> None:
    assert not process_text(text, lang).events


# --- reciprocal verbs and compound actors ---------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "codes"), [
    ("Presiden Rusia, Vladimir Putin bertemu dengan Presiden Turki, Recep Tayyip Erdogan di "
     "Sochi.", "id", ("RUSGOV", "TURGOV")),
    ("Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Sochi.",
     "en", ("RUSGOV", "TURGOV")),
    ("Rusia dan AS membahas stabilitas strategis.", "id", ("RUS", "USA")),
    ("China and Japan discussed maritime security.", "en", ("CHN", "JPN")),
])
def test_a_reciprocal_verb_gives_one_record_for_both_parties(process_text, text: str, lang: str,
                                                             codes: tuple[str, str]) -> None:
    doc = process_text(text, lang)
    a, b = codes
    # One meeting, one record marked reciprocal (warta/mirrors.py); its source is the party
    # named first, its target the other.
    assert _dyads(doc, "CONSULT") == {(a, b)}
    assert len([e for e in doc.events if e.plover == "CONSULT"]) == 1
    assert all(e.reciprocal and e.cameo_root == "04" for e in doc.events)


@pytest.mark.parametrize(("text", "lang"), [
    ("Menteri Luar Negeri Retno Marsudi menerima kunjungan Menteri Luar Negeri Australia.",
     "id"),
    ("President Joko Widodo hosted Japanese Prime Minister Fumio Kishida in Bogor.", "en"),
])
def test_hosting_a_visit_is_consult_043(process_text, text: str, lang: str) -> None:
    doc = process_text(text, lang)
    hosts = [e for e in doc.events if e.cameo == "043"]
    assert hosts
    assert hosts[0].source is not None and hosts[0].source.code == "IDNGOV"
    assert hosts[0].mode == "host"


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("AS mengecam Rusia dan China.", "id", {("USA", "RUS"), ("USA", "CHN")}),
    ("Britain condemned Russia and China.", "en", {("GBR", "RUS"), ("GBR", "CHN")}),
    ("Jepang dan Korea Selatan memprotes Rusia dan China.", "id",
     {("JPN", "RUS"), ("JPN", "CHN"), ("KOR", "RUS"), ("KOR", "CHN")}),
    ("Rusia dan AS mengecam Korea Utara.", "id", {("RUS", "PRK"), ("USA", "PRK")}),
    ("Japan and South Korea condemned North Korea.", "en", {("JPN", "PRK"), ("KOR", "PRK")}),
])
def test_compound_actors_give_one_event_per_pair(process_text, text: str, lang: str,
                                                 expected: set[tuple[str, str]]) -> None:
    doc = process_text(text, lang)
    assert len(doc.events) == len(expected)
    assert _dyads(doc) == expected
    assert len({e.id for e in doc.events}) == len(doc.events)


def test_united_states_is_not_a_reporting_verb(process_text) -> None:
    doc = process_text("Russia and the United States condemned North Korea.", "en")
    assert _dyads(doc) == {("RUS", "PRK"), ("USA", "PRK")}


# --- modality ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang"), [
    ("Uni Eropa akan menjatuhkan sanksi terhadap Belarus jika tindakan keras terus berlanjut.",
     "id"),
    ("The European Union will impose sanctions on Belarus if the crackdown continues.", "en"),
    ("AS akan menjatuhkan sanksi baru terhadap Iran kalau Teheran memperkaya uranium lagi.",
     "id"),
])
def test_conditional_sanctions_are_a_threat(process_text, text: str, lang: str) -> None:
    doc = process_text(text, lang)
    threats = [e for e in doc.events if e.plover == "THREATEN"]
    assert threats, [(e.plover, e.trigger_text) for e in doc.events]
    ev = threats[0]
    assert ev.cameo == "1312"  # threaten with sanctions
    assert ev.modality == "conditional"
    assert ev.source is not None and ev.source.code in ("IGOEUREEC", "USA")
    assert ev.target is not None and ev.target.code in ("BLR", "IRN")
    assert not [e for e in doc.events if e.plover == "SANCTION"]


def test_the_condition_itself_is_not_a_threat(process_text) -> None:
    doc = process_text("The European Union will impose sanctions on Belarus if Minsk continues "
                       "to detain protesters.", "en")
    threats = [e for e in doc.events if e.plover == "THREATEN"]
    assert [e.source.code for e in threats if e.source] == ["IGOEUREEC"]


@pytest.mark.parametrize(("text", "lang"), [
    ("China tidak mengecam Rusia.", "id"),
    ("China did not condemn Russia.", "en"),
])
def test_negation(process_text, text: str, lang: str) -> None:
    ev = _only(process_text(text, lang), "ACCUSE")
    assert ev.modality == "negated"
    assert (ev.source.code, ev.target.code) == ("CHN", "RUS")  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "lang"), [
    ("Jepang membantah menyerang kapal China.", "id"),
    ("Japan denied attacking a Chinese ship.", "en"),
])
def test_denial(process_text, text: str, lang: str) -> None:
    ev = _only(process_text(text, lang), "ASSAULT")
    assert ev.modality == "denied"
    assert ev.source is not None and ev.source.code == "JPN"


@pytest.mark.parametrize(("text", "lang"), [
    ("Presiden Prancis Emmanuel Macron akan bertemu dengan Presiden Joko Widodo.", "id"),
    ("French President Emmanuel Macron will meet President Joko Widodo.", "en"),
])
def test_announced_meeting_is_an_intent_to_meet(process_text, text: str, lang: str) -> None:
    doc = process_text(text, lang)
    assert {e.cameo for e in doc.events} == {"036"}
    assert {e.plover for e in doc.events} == {"AGREE"}
    assert {e.modality for e in doc.events} == {"intended"}
    assert _dyads(doc) == {("FRAGOV", "IDNGOV")}  # one reciprocal record, Macron named first
    assert len(doc.events) == 1 and doc.events[0].reciprocal
    assert not [e for e in doc.events if e.plover == "CONSULT"]


def test_plain_meeting_is_asserted(process_text) -> None:
    doc = process_text("Presiden Prancis Emmanuel Macron bertemu dengan Presiden Joko Widodo.",
                       "id")
    assert {(e.plover, e.cameo, e.modality) for e in doc.events} == {
        ("CONSULT", "040", "asserted")}


# --- attribution ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "plover", "party", "frame"), [
    ("Menurut Kementerian Luar Negeri China, Beijing mengecam Jepang.", "id", "ACCUSE",
     "CHNGOV", "Menurut Kementerian Luar Negeri China"),
    ("Kementerian Luar Negeri Jepang mengatakan bahwa Tokyo memprotes Beijing.", "id",
     "ACCUSE", "JPNGOV", "Kementerian Luar Negeri Jepang mengatakan"),
    ("Komunike pers Istana Elysee menyebutkan bahwa Prancis mendukung Ukraina.", "id",
     "SUPPORT", "FRAGOV", "Komunike pers Istana Elysee"),
    ("Indonesia mengecam keras serangan terhadap warga sipil itu, kata Menteri Luar Negeri "
     "Retno Marsudi.", "id", "ACCUSE", "IDNGOV", "kata Menteri Luar Negeri Retno Marsudi"),
    ("Amerika Serikat mendukung Filipina, menurut Gedung Putih.", "id", "SUPPORT", "USAGOV",
     "menurut Gedung Putih"),
    ("According to the Japanese foreign ministry, Tokyo protested to Beijing.", "en", "ACCUSE",
     "JPNGOV", "According to the Japanese foreign ministry"),
    ("The Chinese foreign ministry said that Beijing condemned Japan.", "en", "ACCUSE",
     "CHNGOV", "Chinese foreign ministry said"),
    ("Indonesia strongly condemned the attack on civilians, Foreign Minister Retno Marsudi "
     "said.", "en", "ACCUSE", "IDNGOV", "Foreign Minister Retno Marsudi said"),
    ("Indonesia strongly condemned the attack on civilians, said Foreign Minister Retno "
     "Marsudi.", "en", "ACCUSE", "IDNGOV", "said Foreign Minister Retno Marsudi"),
])
def test_attribution_frames(process_text, text: str, lang: str, plover: str, party: str,
                            frame: str) -> None:
    doc = process_text(text, lang)
    events = [e for e in doc.events if e.plover == plover]
    assert events
    ev = events[0]
    assert ev.attribution is not None and ev.attribution.party is not None
    assert ev.attribution.party.code == party
    assert ev.attribution.text == frame
    assert doc.text[ev.attribution.start:ev.attribution.end] == frame
    assert not ev.attribution.inherited
    # The party of a frame is not an argument of the event it reports.
    for actor in (ev.source, ev.target):
        assert actor is None or not (ev.attribution.start <= actor.start < ev.attribution.end)


def test_frame_party_is_not_the_source(process_text) -> None:
    doc = process_text("Kementerian Luar Negeri Jepang mengatakan bahwa Tokyo memprotes Beijing.",
                       "id")
    ev = _only(doc, "ACCUSE")
    assert (ev.source.text, ev.target.text) == ("Tokyo", "Beijing")  # type: ignore[union-attr]


def test_frame_party_and_subject_of_the_same_kind_stay_apart(process_text) -> None:
    doc = process_text("According to the White House, Washington supports the Philippines.",
                       "en")
    ev = _only(doc, "SUPPORT")
    assert ev.source is not None and ev.source.text == "Washington"
    assert ev.attribution is not None and ev.attribution.text == "According to the White House"


def test_english_possessive_reporting_noun(process_text) -> None:
    doc = process_text("The Kremlin's readout said Moscow criticised Washington.", "en")
    ev = _only(doc, "ACCUSE")
    assert ev.source is not None and ev.source.text == "Moscow"
    assert ev.attribution is not None and ev.attribution.text.startswith("The Kremlin")


@pytest.mark.parametrize(("text", "lang"), [
    ("Menurut Gedung Putih, Amerika Serikat mendukung Filipina. Washington juga mengecam China.",
     "id"),
    ("According to the White House, the US supports the Philippines. Washington also "
     "criticised China.", "en"),
])
def test_attribution_is_carried_to_the_next_sentence(process_text, text: str,
                                                     lang: str) -> None:
    doc = process_text(text, lang)
    later = [e for e in doc.events if e.sentence == 1]
    assert later
    ev = later[0]
    assert ev.attribution is not None and ev.attribution.inherited
    assert ev.attribution.party is not None and ev.attribution.party.code == "USAGOV"
    assert ev.attribution.party.name == "White House"


@pytest.mark.parametrize(("text", "lang"), [
    ("Menurut Gedung Putih, Amerika Serikat mendukung Filipina.\n\nChina mengecam Washington.",
     "id"),
    ("According to the White House, the US supports the Philippines.\n\n"
     "China criticised Washington.", "en"),
])
def test_attribution_stops_at_the_paragraph(process_text, text: str, lang: str) -> None:
    doc = process_text(text, lang)
    accuse = _only(doc, "ACCUSE")
    assert accuse.source is not None and accuse.source.code == "CHN"
    assert accuse.attribution is None


def test_quote_is_kept_with_the_attribution(process_text) -> None:
    doc = process_text('Menurut Kementerian Luar Negeri China, Beijing "dengan tegas mengecam" '
                       "Jepang.", "id")
    ev = _only(doc, "ACCUSE")
    assert ev.attribution is not None
    assert ev.attribution.quote == "dengan tegas mengecam"


# --- provenance of events ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang"), [
    ("Kremlin mengkritik Gedung Putih. Downing Street mengecam Pentagon.", "id"),
    ("The Kremlin criticized the White House. Downing Street condemned the Pentagon.", "en"),
])
def test_event_fields_are_consistent(process_text, text: str, lang: str) -> None:
    doc = process_text(text, lang)
    assert _dyads(doc, "ACCUSE") == {("RUSGOV", "USAGOV"), ("GBRGOV", "USAMIL")}
    for ev in doc.events:
        assert doc.text[ev.trigger_start:ev.trigger_end] == ev.trigger_text
        assert ev.cameo.startswith(ev.cameo_base) and ev.cameo_base.startswith(ev.cameo_root)
        assert ev.quad_class in (1, 2, 3, 4)
        assert -10 <= ev.goldstein <= 10
        assert 0 < ev.confidence <= 1
        assert ev.method in ("lexicon", "lexicon+model", "model")
    assert [e.sentence for e in doc.events] == [0, 1]


# --- scopes end at the clause ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang"), [
    ("If the weather allows, the summit will be outdoors; on Monday Biden met Putin in Geneva.",
     "en"),
    ("Jika cuaca memungkinkan, pertemuan puncak akan digelar di luar ruangan; pada Senin Biden "
     "bertemu Putin di Jenewa.", "id"),
])
def test_a_condition_in_another_clause_does_not_make_a_meeting_conditional(
        process_text, text: str, lang: str) -> None:
    doc = process_text(text, lang)
    meetings = [e for e in doc.events if e.plover == "CONSULT"]
    assert meetings, [(e.plover, e.trigger_text) for e in doc.events]
    assert {e.modality for e in meetings} == {"asserted"}
    assert {e.cameo for e in meetings} == {"040"}


@pytest.mark.parametrize(("text", "lang"), [
    ("If Russia invades Ukraine, the United States will impose sanctions on Russia.", "en"),
    ("Jika Rusia menyerang Ukraina, Amerika Serikat akan menjatuhkan sanksi terhadap Rusia.",
     "id"),
])
def test_a_condition_before_the_comma_still_governs_its_consequence(
        process_text, text: str, lang: str) -> None:
    doc = process_text(text, lang)
    threats = [e for e in doc.events if e.plover == "THREATEN"]
    assert threats and threats[0].modality == "conditional" and threats[0].cameo == "1312"


@pytest.mark.parametrize(("text", "lang", "frame"), [
    ("According to the Kremlin, Putin proposed talks with Biden; on Monday the United States "
     "imposed sanctions on Russia.", "en", "According to the Kremlin"),
    ("Menurut Istana Kremlin, Putin mengusulkan perundingan dengan Biden; pada Senin Amerika "
     "Serikat menjatuhkan sanksi terhadap Rusia.", "id", "Menurut Istana Kremlin"),
])
def test_an_attribution_ends_at_the_semicolon(process_text, text: str, lang: str,
                                              frame: str) -> None:
    doc = process_text(text, lang)
    attributed = {e.plover: e.attribution.text if e.attribution else None for e in doc.events}
    assert attributed.get("COERCE", "missing") is None, attributed
    assert frame in attributed.values()


@pytest.mark.parametrize(("text", "lang", "frame"), [
    ("According to local sources, the Syrian army attacked rebels near Aleppo.", "en",
     "According to local sources"),
    ("Menurut sumber setempat, tentara Suriah menyerang pemberontak di dekat Aleppo.", "id",
     "Menurut sumber setempat"),
])
def test_according_to_ends_at_its_comma(process_text, text: str, lang: str,
                                        frame: str) -> None:
    # The actor after the comma is the claim's subject, not the frame's party.
    [attack] = [e for e in process_text(text, lang).events if e.plover == "ASSAULT"]
    assert attack.source is not None and attack.source.code == "SYRMIL"
    assert attack.attribution is not None and attack.attribution.text == frame
    assert attack.attribution.party is None


# --- arguments the lexicon used to lose ----------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "plover"), [
    ("Mereka sepakat untuk menghentikan kerja sama itu.", "id", "AGREE"),
    ("Keduanya diamankan oleh warga di pasar.", "id", "COERCE"),
])
def test_an_unresolved_group_is_still_an_actor(process_text, text: str, lang: str,
                                               plover: str) -> None:
    """A pronoun with no antecedent in the text is an uncoded actor, not a lost event."""
    doc = process_text(text, lang)
    ev = next(e for e in doc.events if e.plover == plover)
    sides = [a for a in (ev.source, ev.target) if a is not None]
    assert any(a.text in ("Mereka", "Keduanya") and a.code is None for a in sides)


@pytest.mark.parametrize(("text", "target"), [
    ("Polisi mengamankan tiga pelaku pencurian di Bekasi.", "IDNCRM"),
    ("Aparat mengamankan puluhan demonstran di depan gedung DPR.", "IDNOPP"),
])
def test_an_actor_inside_the_trigger_phrase_is_its_target(process_text, text: str,
                                                          target: str) -> None:
    ev = _only(process_text(text, "id"), "COERCE")
    assert ev.source is not None and ev.source.code == "IDNCOP"
    assert ev.target is not None and ev.target.code == target


def test_a_reporting_verb_that_opens_a_longer_act_is_the_act(process_text) -> None:
    """'melaporkan X ke polisi' is an accusation by its subject, not an attribution."""
    doc = process_text("Kementerian Agama melaporkan Habib Rizieq ke polisi atas dugaan "
                       "penistaan agama.", "id")
    ev = _only(doc, "ACCUSE")
    assert ev.source is not None and ev.source.code == "IDNGOV"
    assert ev.target is not None and "Rizieq" in ev.target.text
    assert ev.attribution is None or ev.attribution.party is None \
        or ev.attribution.party.code != "IDNGOV"


def test_a_reporting_verb_asked_for_is_no_frame(process_text) -> None:
    """'X meminta Y melaporkan ...': X asks; "melaporkan" is what Y is asked to do."""
    doc = process_text("Bupati meminta warga melaporkan pungutan liar kepada polisi.", "id")
    ev = _only(doc, "REQUEST")
    assert ev.source is not None and ev.source.text == "Bupati"
    assert ev.target is not None and ev.target.text == "warga"


def test_a_participle_after_a_comma_takes_the_clause_subject(process_text) -> None:
    doc = process_text("Rebels attacked an army convoy near Goma, killing three soldiers.", "en")
    killed = [e for e in doc.events if e.trigger_text.lower() == "killing"]
    assert killed and killed[0].source is not None and killed[0].source.text == "Rebels"


def test_who_is_asked_follows_the_complementiser(process_text) -> None:
    ev = _only(process_text("Gubernur meminta agar para bupati menunda kenaikan tarif.", "id"),
               "REQUEST")
    assert ev.target is not None and ev.target.text == "bupati"
