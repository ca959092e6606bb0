"""Mentions: who each sentence names, and how later references resolve (both languages)."""

from __future__ import annotations

import pytest

from warta.model import Document, Mention

PUBLISHED = "2021-12-08"


def _actors(doc: Document) -> list[Mention]:
    return [m for m in doc.mentions if m.kind in ("actor", "pronoun", "group", "compound",
                                                   "role")]


def _find(doc: Document, text: str) -> Mention:
    """The first mention with this text, members of compounds included."""
    found = [x for m in doc.mentions for x in (m, *m.members) if x.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in doc.mentions]}"
    return found[0]


def _code(m: Mention) -> str | None:
    if m.code:
        return m.code
    return m.entity.code_on(PUBLISHED) if m.entity is not None else None


# --- role + country + name ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "span", "code", "name"), [
    ("Presiden Rusia, Vladimir Putin berbicara dengan Presiden Turki, Recep Tayyip Erdogan.",
     "id", "Presiden Rusia, Vladimir Putin", "RUSGOV", "Vladimir Putin"),
    ("Presiden Rusia, Vladimir Putin berbicara dengan Presiden Turki, Recep Tayyip Erdogan.",
     "id", "Presiden Turki, Recep Tayyip Erdogan", "TURGOV", "Recep Tayyip Erdoğan"),
    ("Russian President Vladimir Putin spoke with Turkish President Recep Tayyip Erdogan.",
     "en", "Russian President Vladimir Putin", "RUSGOV", "Vladimir Putin"),
    ("Russian President Vladimir Putin spoke with Turkish President Recep Tayyip Erdogan.",
     "en", "Turkish President Recep Tayyip Erdogan", "TURGOV", "Recep Tayyip Erdoğan"),
    ("Presiden Amerika Serikat (AS), Joe Biden menelepon Perdana Menteri Inggris.", "id",
     "Presiden Amerika Serikat (AS), Joe Biden", "USAGOV", "Joe Biden"),
    ("Kanselir Jerman Olaf Scholz mengunjungi Washington.", "id",
     "Kanselir Jerman Olaf Scholz", "DEUGOV", "Olaf Scholz"),
])
def test_role_country_and_name_compose_one_actor(process_text, text: str, lang: str,
                                                 span: str, code: str, name: str) -> None:
    m = _find(process_text(text, lang), span)
    assert m.kind == "actor"
    assert _code(m) == code
    assert m.name == name
    assert m.entity is not None


def test_german_chancellor_olaf_scholz_is_one_actor(process_text) -> None:
    doc = process_text("German Chancellor Olaf Scholz visited Washington.", "en")
    m = _find(doc, "German Chancellor Olaf Scholz")
    assert m.name == "Olaf Scholz" and _code(m) == "DEUGOV"


@pytest.mark.parametrize(("text", "lang", "span", "code"), [
    ("Menteri Pertahanan Filipina mengecam kapal-kapal China.", "id",
     "Menteri Pertahanan Filipina", "PHLGOV"),
    ("The Japanese foreign minister criticised Beijing.", "en", "Japanese foreign minister",
     "JPNGOV"),
])
def test_role_and_country_without_a_name(process_text, text: str, lang: str, span: str,
                                         code: str) -> None:
    m = _find(process_text(text, lang), span)
    assert (m.kind, m.code, m.resolution) == ("actor", code, "role+country")


@pytest.mark.parametrize(("text", "lang", "later", "name"), [
    ("Presiden Amerika Joe Biden mengecam Rusia. Pemimpin Rusia itu membantah tuduhan itu.",
     "id", "Pemimpin Rusia", "Vladimir Putin"),
    ("President Joe Biden criticised Russia. The Russian leader rejected the accusation.",
     "en", "Russian leader", "Vladimir Putin"),
])
def test_leader_noun_resolves_to_the_head_of_state(process_text, text: str, lang: str,
                                                   later: str, name: str) -> None:
    m = _find(process_text(text, lang), later)
    assert m.code == "RUSGOV"
    assert m.name == name


# --- appositives teach the document new people ----------------------------------------------

@pytest.mark.parametrize(("text", "lang", "span"), [
    ("Menteri Luar Negeri Malaysia, Hasan Basri bertemu dengan Menteri Luar Negeri Indonesia, "
     "Retno Marsudi. Basri kemudian mengecam junta Myanmar.", "id",
     "Menteri Luar Negeri Malaysia, Hasan Basri"),
    ("Malaysian Foreign Minister Hasan Basri met Indonesian Foreign Minister Retno Marsudi. "
     "Basri later condemned the Myanmar junta.", "en",
     "Malaysian Foreign Minister Hasan Basri"),
])
def test_appositive_teaches_an_unknown_person(process_text, text: str, lang: str,
                                              span: str) -> None:
    doc = process_text(text, lang)
    taught = _find(doc, span)
    assert (taught.code, taught.name) == ("MYSGOV", "Hasan Basri")
    assert taught.entity is not None and taught.entity.id.startswith("doc:")
    later = [m for m in doc.mentions if m.text == "Basri" and m.sentence == 1]
    assert len(later) == 1
    assert (later[0].code, later[0].name, later[0].resolution) == \
        ("MYSGOV", "Hasan Basri", "surname")
    assert {"name": "Hasan Basri", "code": "MYSGOV"} in doc.meta["learnt_actors"]
    condemn = [e for e in doc.events if e.plover == "ACCUSE"]
    assert condemn and condemn[0].source is not None and condemn[0].source.code == "MYSGOV"


def test_appositive_name_is_not_mentioned_twice(process_text) -> None:
    doc = process_text("Menteri Luar Negeri Malaysia, Hasan Basri bertemu dengan Menteri Luar "
                       "Negeri Indonesia, Retno Marsudi.", "id")
    spans = sorted((m.start, m.end) for m in doc.mentions)
    for (_s1, e1), (s2, _e2) in zip(spans, spans[1:], strict=False):
        assert s2 >= e1, f"overlapping mentions: {doc.mentions}"
    meet = [e for e in doc.events if e.plover == "CONSULT"]
    assert meet[0].source is not None
    assert meet[0].source.text == "Menteri Luar Negeri Malaysia, Hasan Basri"


@pytest.mark.parametrize(("text", "lang"), [
    ("Menteri Luar Negeri Malaysia, Ahmad Rahman mengunjungi Jakarta pada Selasa. Rahman "
     "bertemu dengan Presiden Joko Widodo.", "id"),
    ("Malaysian Foreign Minister Ahmad Rahman visited Jakarta on Tuesday. Rahman met "
     "President Joko Widodo.", "en"),
])
def test_appositive_with_a_name_that_is_also_a_place(process_text, text: str,
                                                     lang: str) -> None:
    doc = process_text(text, lang)
    later = [m for m in doc.mentions if m.text == "Rahman" and m.sentence == 1]
    assert later and later[0].code == "MYSGOV"
    assert later[0].name == "Ahmad Rahman"


# --- metonyms --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "span", "code", "name"), [
    ("Kremlin mengkritik Gedung Putih.", "id", "Kremlin", "RUSGOV", "Kremlin"),
    ("Kremlin mengkritik Gedung Putih.", "id", "Gedung Putih", "USAGOV", "White House"),
    ("Istana Kremlin menuduh Washington.", "id", "Istana Kremlin", "RUSGOV", "Kremlin"),
    ("Downing Street mengecam Pentagon.", "id", "Downing Street", "GBRGOV", "Downing Street"),
    ("Downing Street mengecam Pentagon.", "id", "Pentagon", "USAMIL", "Pentagon"),
    ("The Kremlin criticized the White House.", "en", "The Kremlin", "RUSGOV", "Kremlin"),
    ("The Kremlin criticized the White House.", "en", "the White House", "USAGOV",
     "White House"),
    ("Downing Street condemned the Pentagon.", "en", "Downing Street", "GBRGOV",
     "Downing Street"),
    ("Downing Street condemned the Pentagon.", "en", "the Pentagon", "USAMIL", "Pentagon"),
])
def test_metonyms_stand_for_governments(process_text, text: str, lang: str, span: str,
                                        code: str, name: str) -> None:
    m = _find(process_text(text, lang), span)
    assert (m.kind, m.code, m.name, m.resolution) == ("actor", code, name, "metonym")


@pytest.mark.parametrize(("text", "lang", "span"), [
    ("Menteri Luar Negeri Retno Marsudi tiba di Beijing.", "id", "Beijing"),
    ("Foreign Minister Retno Marsudi arrived in Beijing.", "en", "Beijing"),
])
def test_capital_after_a_locative_is_a_place(process_text, text: str, lang: str,
                                             span: str) -> None:
    m = _find(process_text(text, lang), span)
    assert m.kind == "place" and m.locative
    assert m.country == "CHN"


# --- countries and demonyms --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "span", "code"), [
    ("Pasukan Jepang dan militer Amerika menggelar latihan bersama.", "id", "Pasukan Jepang",
     "JPNMIL"),
    ("Pasukan Jepang dan militer Amerika menggelar latihan bersama.", "id", "militer Amerika",
     "USAMIL"),
    ("Presiden Amerika Joe Biden mengecam Rusia.", "id", "Presiden Amerika Joe Biden",
     "USAGOV"),
    ("Chinese troops crossed the border.", "en", "Chinese troops", "CHNMIL"),
    ("The Japanese foreign minister criticised Beijing.", "en", "Japanese foreign minister",
     "JPNGOV"),
])
def test_demonyms_give_the_country(process_text, text: str, lang: str, span: str,
                                   code: str) -> None:
    m = _find(process_text(text, lang), span)
    assert _code(m) == code


def test_coordinated_demonym_role_phrases(process_text) -> None:
    doc = process_text("Chinese troops and Indian soldiers clashed.", "en")
    compound = _find(doc, "Chinese troops and Indian soldiers")
    assert [_code(m) for m in compound.members] == ["CHNMIL", "INDMIL"]


@pytest.mark.parametrize(("text", "lang", "span", "code"), [
    ("Korea Utara meluncurkan rudal balistik.", "id", "Korea Utara", "PRK"),
    ("North Korea launched a ballistic missile.", "en", "North Korea", "PRK"),
    ("Rusia menolak tuduhan Ukraina.", "id", "Ukraina", "UKR"),
])
def test_country_names(process_text, text: str, lang: str, span: str, code: str) -> None:
    m = _find(process_text(text, lang), span)
    assert (m.kind, m.code, m.resolution) == ("actor", code, "country")


def test_uncoded_actor_is_kept_with_its_text(process_text) -> None:
    doc = process_text("Protesters attacked the embassy.", "en")
    m = _find(doc, "Protesters")
    assert m.kind == "role" and m.code is None
    assault = [e for e in doc.events if e.plover == "ASSAULT"]
    assert assault and assault[0].source is not None
    assert assault[0].source.text == "Protesters" and assault[0].source.code is None


# --- pronouns and group references -------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "pronoun"), [
    ("Kanselir Jerman Olaf Scholz mengunjungi Washington. Dia memuji Presiden Joe Biden.", "id",
     "Dia"),
    ("Chancellor Olaf Scholz of Germany visited Washington. He praised President Joe Biden.",
     "en", "He"),
])
def test_pronoun_resolves_to_the_person_named_before(process_text, text: str, lang: str,
                                                     pronoun: str) -> None:
    doc = process_text(text, lang)
    m = _find(doc, pronoun)
    assert m.kind == "pronoun"
    assert m.name == "Olaf Scholz"
    praise = [e for e in doc.events if e.plover == "SUPPORT"]
    assert praise and praise[0].source is not None
    assert (praise[0].source.text, praise[0].source.name, praise[0].source.code) == \
        (pronoun, "Olaf Scholz", "DEUGOV")
    assert praise[0].target is not None and praise[0].target.code == "USAGOV"


@pytest.mark.parametrize(("text", "lang", "group"), [
    ("Presiden Korea Selatan, Moon Jae-in bertemu Perdana Menteri Australia, Scott Morrison di "
     "Canberra. Kedua pemimpin menandatangani perjanjian pertahanan.", "id", "Kedua pemimpin"),
    ("South Korean President Moon Jae-in met Australian Prime Minister Scott Morrison in "
     "Canberra. Both leaders signed a defence agreement.", "en", "Both leaders"),
])
def test_both_leaders_resolve_to_the_two_people(process_text, text: str, lang: str,
                                                group: str) -> None:
    doc = process_text(text, lang)
    m = _find(doc, group)
    assert m.kind == "group"
    assert [(x.name, x.code) for x in m.members] == [("Moon Jae-in", "KORGOV"),
                                                    ("Scott Morrison", "AUSGOV")]
    signed = [e for e in doc.events if e.sentence == 1 and e.source and e.target]
    # The group's members signed with each other: one reciprocal record for the pair.
    # Both sides are the same words, so which stands as source is left open.
    assert [({e.source.code, e.target.code}, e.reciprocal)  # type: ignore[union-attr]
            for e in signed] == [({"KORGOV", "AUSGOV"}, True)]


def test_pronoun_without_antecedent_stays_unresolved(process_text) -> None:
    m = _find(process_text("Dia menolak berkomentar.", "id"), "Dia")
    assert m.kind == "pronoun" and m.entity is None and m.code is None


# --- compound actors ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "span", "codes"), [
    ("Rusia dan AS membahas stabilitas strategis.", "id", "Rusia dan AS", ["RUS", "USA"]),
    ("Pembicaraan Rusia-AS berlangsung di Jenewa.", "id", "Rusia-AS", ["RUS", "USA"]),
    ("China and Japan discussed maritime security.", "en", "China and Japan", ["CHN", "JPN"]),
    ("Jepang, Korea Selatan dan Australia mengecam peluncuran rudal itu.", "id",
     "Jepang, Korea Selatan dan Australia", ["JPN", "KOR", "AUS"]),
])
def test_compound_actors_keep_their_members(process_text, text: str, lang: str, span: str,
                                            codes: list[str]) -> None:
    m = _find(process_text(text, lang), span)
    assert m.kind == "compound"
    assert [x.code for x in m.members] == codes


def test_role_applies_to_coordinated_countries(process_text) -> None:
    m = _find(process_text("Pimpinan Rusia dan AS membahas kerja sama.", "id"),
              "Pimpinan Rusia dan AS")
    assert m.kind == "compound"
    assert [x.code for x in m.members] == ["RUSGOV", "USAGOV"]


def test_mention_spans_point_into_the_text(process_text) -> None:
    doc = process_text("Presiden Rusia, Vladimir Putin dan Presiden Amerika Serikat (AS), Joe "
                       "Biden membahas situasi Ukraina. Kedua pemimpin sepakat bertemu lagi.",
                       "id")
    assert _actors(doc)
    for m in doc.mentions:
        assert doc.text[m.start:m.end] == m.text
        for member in m.members:
            assert doc.text[member.start:member.end] == member.text


# --- roles without a country of their own ----------------------------------------------------

@pytest.mark.parametrize(("text", "lang", "span", "code"), [
    # Indonesian news is about Indonesia unless it says otherwise (pack.yaml home_country).
    ("Polisi menangkap dua pria di Bekasi.", "id", "Polisi", "IDNCOP"),
    ("Pemerintah akan menaikkan harga bahan bakar.", "id", "Pemerintah", "IDNGOV"),
    # Indonesians abroad stay Indonesian when the report mentions Indonesia.
    ("Sebanyak 200 ribu jamaah haji Indonesia tiba di Jeddah. Kepala Daerah Kerja Arsyad "
     "Hidayat meninjau pemondokan di Mekkah dan Madinah.", "id",
     "Kepala Daerah Kerja Arsyad Hidayat", "IDNGOV"),
    # A report from abroad that never mentions Indonesia: its places say whose police.
    ("Polisi menembak mati pelaku di Las Vegas. Warga Nevada dan Las Vegas berduka.", "id",
     "Polisi", "USACOP"),
    # English names no home country: the sentence's place decides.
    ("Rebels shelled government positions near Aleppo.", "en", "Rebels", "SYRREB"),
    ("Gunmen killed 11 people in Maiduguri on Sunday.", "en", "people", "NGACVL"),
])
def test_a_bare_role_takes_the_country_of_the_report(process_text, text: str, lang: str,
                                                      span: str, code: str) -> None:
    m = _find(process_text(text, lang), span)
    assert _code(m) == code
    assert "context-country" in m.resolution


def test_a_bare_role_in_a_sentence_set_nowhere_stays_uncoded_in_english(process_text) -> None:
    m = _find(process_text("Officials said the talks would resume.", "en"), "Officials")
    assert m.code is None


def test_a_bare_leader_noun_is_coded_but_not_resolved_to_a_person(process_text) -> None:
    m = _find(process_text("Presiden meresmikan jalan tol di Semarang.", "id"), "Presiden")
    assert (m.kind, m.code, m.entity) == ("role", "IDNGOV", None)


@pytest.mark.parametrize(("text", "lang", "span", "code"), [
    ("Juru bicara KPK Febri Diansyah membantah tuduhan itu.", "id",
     "Juru bicara KPK Febri Diansyah", "IDNJUD"),
    ("Petugas Polda Metro Jaya menangkap tersangka.", "id", "Petugas Polda Metro Jaya",
     "IDNCOP"),
    ("A spokesman for the Pentagon denied the report.", "en", "spokesman for the Pentagon",
     "USAMIL"),
])
def test_a_role_of_a_coded_institution_takes_its_code(process_text, text: str, lang: str,
                                                      span: str, code: str) -> None:
    assert _code(_find(process_text(text, lang), span)) == code


@pytest.mark.parametrize(("text", "lang", "span", "code"), [
    # The subject a text keeps talking about, not the last body named.
    ("Polisi menangkap dua pria di Bekasi. Mereka menyita sabu dari tersangka.", "id",
     "Mereka", "IDNCOP"),
    ("Kepala Polres Bekasi Kombes Indarto mengatakan pihaknya akan menindak tegas pelaku.",
     "id", "pihaknya", "IDNCOP"),
    ("Police detained two men in Aleppo. They seized weapons from the suspects.", "en",
     "They", "SYRCOP"),
])
def test_plural_and_party_references_stand_for_the_subject_body(
        process_text, text: str, lang: str, span: str, code: str) -> None:
    m = _find(process_text(text, lang), span)
    assert _code(m) == code and "reference" in m.resolution


def test_a_police_rank_codes_the_officer(process_text) -> None:
    doc = process_text("Kombes Indarto memimpin penggerebekan di Bekasi.", "id")
    assert _code(_find(doc, "Kombes Indarto")) == "IDNCOP"


def test_reference_resolution_returns_new_mentions_and_leaves_shared_entities_alone(
        real_pipeline) -> None:
    from warta.actors.registry import DocumentActors
    from warta.resources import Resources

    res = Resources(use_model=False)
    text = ("Presiden Rusia, Vladimir Putin, berbicara dengan Presiden Joe Biden. Dia "
            "memperingatkan kedua pihak.")
    doc = real_pipeline.process(Document(raw=text, language_hint="id", published=PUBLISHED))
    dia = _find(doc, "Dia")
    assert dia.resolution.startswith("pronoun→")
    unresolved = Mention(kind="pronoun", text="Dia", start=dia.start, end=dia.end,
                         sentence=dia.sentence, resolution="pronoun")
    actors = DocumentActors(res, PUBLISHED)
    putin = next(m for m in doc.mentions if m.name == "Vladimir Putin")
    head_before = putin.entity.head  # type: ignore[union-attr]
    [resolved_person, resolved] = actors.resolve_references([putin, unresolved])
    assert unresolved.entity is None and unresolved.resolution == "pronoun"
    assert resolved is not unresolved and resolved.entity is putin.entity
    assert putin.entity.head == head_before  # type: ignore[union-attr]


def test_a_leader_noun_in_one_document_does_not_change_the_shared_dictionary() -> None:
    from warta.actors.registry import DocumentActors
    from warta.resources import Resources, Role

    res = Resources(use_model=False)
    ent = next(e for e in res.actors.entities.values()
               if e.type == "person" and not e.head and e.country == "IDN")
    first = DocumentActors(res, PUBLISHED)
    first.teach(ent, "IDNGOV", Role(sector="GOV", head=True, phrase="presiden"))
    first.seen(ent)
    first._push(ent)
    assert first.head_of("IDN") is ent  # this document called them its leader
    assert not ent.head  # the shared entity is unchanged
    assert DocumentActors(res, PUBLISHED).head_of("IDN") is not ent or ent.head


@pytest.mark.parametrize(("text", "span", "code"), [
    # A report from abroad that never mentions Indonesia: its one country decides.
    ("Polisi Swedia menangkap tersangka. Pelaku mengaku bersalah di pengadilan.", "Pelaku",
     "SWECRM"),
    # A role of a role noun with its country: the spokesman of the Swedish police.
    ("Juru Bicara Kepolisian Swedia Jonas Hysing mengatakan pelaku sudah ditahan.",
     "Juru Bicara Kepolisian Swedia Jonas Hysing", "SWECOP"),
])
def test_foreign_reports_and_nested_institutions(process_text, text: str, span: str,
                                                 code: str) -> None:
    assert _code(_find(process_text(text, "id"), span)) == code


@pytest.mark.parametrize(("text", "lang", "span", "code"), [
    ('"Kami akan menindak tegas pelaku," kata Kapolda Metro Jaya.', "id", "Kami", "IDNCOP"),
    ('"We will retaliate," said Iranian Foreign Minister Javad Zarif.', "en", "We", "IRNGOV"),
])
def test_a_quote_s_first_person_is_its_speaker(process_text, text: str, lang: str, span: str,
                                               code: str) -> None:
    m = _find(process_text(text, lang), span)
    assert _code(m) == code and m.resolution.startswith("speaker-reference")


def test_a_first_person_without_a_named_speaker_stays_unresolved(process_text) -> None:
    m = _find(process_text('"Saya sudah sampaikan," ujarnya.', "id"), "Saya")
    assert m.entity is None and m.code is None


@pytest.mark.parametrize("text", [
    '"Kami akan menindak tegas pelaku. Itu tugas kami," kata Kapolda Metro Jaya.',
    'Kapolda Metro Jaya mengatakan, polisi siap. "Kami akan menindak tegas pelaku."',
])
def test_a_quote_s_speaker_may_be_named_in_the_next_or_previous_sentence(
        process_text, text: str) -> None:
    doc = process_text(text, "id")
    kami = [m for m in doc.mentions if m.text.lower() == "kami"]
    assert kami and all(_code(m) == "IDNCOP" for m in kami)


def test_a_written_out_portfolio_is_no_part_of_the_name(process_text) -> None:
    doc = process_text("Kepala Dinas Pendidikan Budi Santoso meresmikan sekolah.", "id")
    m = _find(doc, "Kepala Dinas Pendidikan Budi Santoso")
    assert m.name == "Budi Santoso" and _code(m) == "IDNGOV"
    assert "Pendidikan" not in {e["name"] for e in doc.meta["learnt_actors"]}


# --- names no dictionary or tagger knows -------------------------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("Kemarin Sutrisno menemui Gubernur Jawa Tengah di Semarang.", "Sutrisno"),
    ("Ketua DPR meminta KAMMI menghentikan aksinya.", "KAMMI"),
    ("Surat itu dikirim kepada Wiryawan pekan lalu.", "Wiryawan"),
])
def test_a_name_read_off_its_syntax_is_a_mention(process_text, text: str, name: str) -> None:
    doc = process_text(text, "id")
    assert any(m.text == name and m.kind == "actor" for m in doc.mentions), \
        [(m.text, m.kind) for m in doc.mentions]


@pytest.mark.parametrize("text", [
    "Namun Kemudian terjadi hujan deras di Bogor.",
    "Kapolda Metro Jaya mengatakan polisi siap.",
])
def test_sentence_openers_and_name_tails_are_not_bare_names(process_text, text: str) -> None:
    doc = process_text(text, "id")
    bare = [m.text for m in doc.mentions if m.resolution == "bare-name"]
    assert not bare
