"""The actor dictionary's curated files: well-formed records, and dated roles picked by the date.

The curated files (source "warta": leaders_2018plus, indonesia, international_2018plus, media)
refine the converted Phoenix files; see warta/data/actors/ATTRIBUTION.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from warta.events.extract import to_actor
from warta.model import Document, Mention
from warta.resources import DATA_DIR, Resources, load_actor_dictionary
from warta.text.phrases import phrase_tokens

ACTORS = DATA_DIR / "actors"
CURATED = sorted(p for p in ACTORS.glob("*.jsonl") if not p.name.startswith("phoenix"))
RECORD_FIELDS = {"id", "type", "name", "aliases", "roles", "code", "source", "note", "alt_codes"}
ROLE_FIELDS = {"code", "start", "end", "title", "note"}
TYPES = {"person", "organization", "country", "group"}
CODE = re.compile(r"^[A-Z]{3}([A-Z]{3})*$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# People who really hold two differently coded posts at once.
CONCURRENT_ROLES = {"min_aung_hlaing"}  # commander-in-chief (MIL) and head of the junta (GOV)
# Aliases of three characters or fewer only match when written in capitals
# (warta/actors/mentions.py `_abbrev_ok`), so a mixed-case one never matches. Known cases:
DEAD_SHORT_ALIASES = {("xi_jinping", "Xi"), ("shinzo_abe", "Abe")}


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def curated() -> dict[str, list[dict]]:
    return {p.name: _records(p) for p in CURATED}


def test_the_new_curated_files_exist(curated: dict[str, list[dict]]) -> None:
    assert {"indonesia.jsonl", "international_2018plus.jsonl", "media.jsonl",
            "leaders_2018plus.jsonl"} <= set(curated)
    assert len(curated["indonesia.jsonl"]) >= 250
    assert len(curated["media.jsonl"]) >= 100


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.name)
def test_records_are_well_formed(path: Path) -> None:
    ids: set[str] = set()
    for rec in _records(path):
        rid = rec.get("id")
        assert isinstance(rid, str) and re.fullmatch(r"[a-z0-9_]+", rid), rec
        assert rid not in ids, f"{path.name}: duplicate id {rid}"
        ids.add(rid)
        assert set(rec) <= RECORD_FIELDS, f"{rid}: unknown fields {set(rec) - RECORD_FIELDS}"
        assert rec["type"] in TYPES, rid
        assert rec["source"] == "warta", rid
        assert isinstance(rec["name"], str) and rec["name"].strip(), rid
        aliases = rec.get("aliases", [])
        assert isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases)
        assert len(set(aliases)) == len(aliases), f"{rid}: repeated alias"
        roles = rec.get("roles") or []
        if rec["type"] == "person":
            assert roles, f"{rid}: a person needs dated roles"
        else:
            assert CODE.fullmatch(rec.get("code") or ""), f"{rid}: organisation without a code"
        if rec.get("code") is not None:
            assert CODE.fullmatch(rec["code"]), f"{rid}: bad code {rec['code']!r}"
        for role in roles:
            assert set(role) <= ROLE_FIELDS, f"{rid}: unknown role fields {set(role)}"
            assert CODE.fullmatch(role["code"]), f"{rid}: bad code {role['code']!r}"
            for key in ("start", "end"):
                assert role.get(key) is None or DAY.fullmatch(role[key]), f"{rid}: {key} {role}"
            if role.get("start") and role.get("end"):
                assert role["start"] <= role["end"], f"{rid}: role ends before it starts {role}"


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.name)
def test_no_overlapping_roles_with_different_codes(path: Path) -> None:
    for rec in _records(path):
        if rec["id"] in CONCURRENT_ROLES:
            continue
        roles = rec.get("roles") or []
        for i, a in enumerate(roles):
            for b in roles[i + 1:]:
                if a["code"] == b["code"]:
                    continue
                s1, e1 = a.get("start") or "0000", a.get("end") or "9999"
                s2, e2 = b.get("start") or "0000", b.get("end") or "9999"
                # Touching intervals (one ends the day the next begins) are fine.
                assert not (s2 < e1 and s1 < e2), f"{rec['id']}: {a} overlaps {b}"


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.name)
def test_every_alias_can_match(path: Path) -> None:
    for rec in _records(path):
        for name in [rec["name"], *rec.get("aliases", [])]:
            assert any(w[:1].isupper() for w in re.findall(r"\w+", name)), \
                f"{rec['id']}: {name!r} has no capitalised word, so it never matches"
            short = name.replace(".", "").replace(" ", "")
            if len(short) <= 3 and (rec["id"], name) not in DEAD_SHORT_ALIASES:
                assert short.isupper(), f"{rec['id']}: short alias {name!r} must be in capitals"


def test_curated_aliases_name_one_actor(curated: dict[str, list[dict]]) -> None:
    """Two curated actors never share a name: the matcher would silently take the first."""
    owner: dict[tuple[str, ...], str] = {}
    for recs in curated.values():
        for rec in recs:
            for name in {rec["name"], *rec.get("aliases", [])}:
                key = tuple(phrase_tokens(name))
                other = owner.setdefault(key, rec["id"])
                assert other == rec["id"], f"{name!r} names both {other} and {rec['id']}"


def test_media_have_a_country() -> None:
    phoenix = _records(ACTORS / "phoenix_international.jsonl")
    bare = {r["id"] for r in phoenix if r.get("code") == "MED"}
    assert bare, "the Phoenix file no longer has bare MED codes; drop this test"
    entities = load_actor_dictionary().entities
    for eid in bare:
        code = entities[eid].code
        assert code and len(code) == 6 and code.endswith("MED"), (eid, code)
    for rec in _records(ACTORS / "media.jsonl"):
        assert rec["code"].endswith("MED") and len(rec["code"]) == 6, rec["id"]
    assert entities["reuters"].code == "GBRMED"
    assert entities["afp"].code == "FRAMED"
    assert entities["xinhua"].code == "CHNMED"
    assert entities["al_jazeera"].code == "QATMED"


@pytest.mark.parametrize(("eid", "date", "code"), [
    # Phoenix ids restated by the curated files: the curated roles win.
    ("zeid_raad_zeid_al_hussein", "2012-06-01", "JORGOV"),
    ("zeid_raad_zeid_al_hussein", "2017-09-11", "IGOUNOHRIHCH"),
    ("zeid_raad_zeid_al_hussein", "2020-01-01", "JORELI"),
    ("michelle_bachelet", "2016-01-01", "CHLGOV"),
    ("michelle_bachelet", "2019-09-09", "IGOUNOHRIHCH"),
    ("b_j_habibie", "2015-01-01", "IDNELI"),
    ("mulyani_indrawati", "2012-01-01", "IGOUNODEVWBK"),
    ("mulyani_indrawati", "2020-01-01", "IDNGOV"),
    ("mulyani_indrawati", "2025-10-01", "IDNELI"),
    ("basuki_tjahaja_purnama", "2016-06-01", "IDNGOV"),
    ("basuki_tjahaja_purnama", "2018-06-01", "IDNELI"),
    ("basuki_tjahaja_purnama", "2021-06-01", "IDNBUS"),
    ("tito_karnavian", "2017-06-01", "IDNCOP"),
    ("tito_karnavian", "2020-06-01", "IDNGOV"),
    ("hadi_tjahjanto", "2019-06-01", "IDNMIL"),
    ("budi_gunawan", "2020-06-01", "IDNSPY"),
    ("megawati_sukarnoputri", "2003-01-01", "IDNGOV"),
    ("megawati_sukarnoputri", "2019-01-01", "IDNPTY"),
    ("tedros_adhanom_ghebreyesus", "2020-03-11", "IGOUNOHLHWHO"),
])
def test_dated_roles_pick_the_code(eid: str, date: str, code: str) -> None:
    assert load_actor_dictionary().entities[eid].code_on(date) == code


# --- through the pipeline ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def code_text():
    from warta.pipeline import Pipeline

    pipe = Pipeline(Resources(use_model=False))

    def run(text: str, lang: str, published: str) -> Document:
        return pipe.process(Document(raw=text, language_hint=lang, published=published))

    return run


def _mention(doc: Document, text: str) -> Mention:
    # The span may carry a composed role phrase ("Kantor berita Xinhua"); the name is inside it.
    found = [x for m in doc.mentions for x in (m, *m.members) if text in x.text]
    assert found, f"no mention {text!r} in {[m.text for m in doc.mentions]}"
    return found[0]


@pytest.mark.parametrize(("text", "lang", "published", "span", "eid", "code"), [
    ("Ahok mengkritik DPRD DKI Jakarta.", "id", "2016-05-01", "Ahok",
     "basuki_tjahaja_purnama", "IDNGOV"),
    ("Ahok mengkritik DPRD DKI Jakarta.", "id", "2018-05-01", "Ahok",
     "basuki_tjahaja_purnama", "IDNELI"),
    ("Setnov menuduh KPK melanggar hukum.", "id", "2017-03-01", "Setnov", "setya_novanto",
     "IDNLEG"),
    ("Zeid Ra'ad al-Hussein condemned the killings in Myanmar.", "en", "2017-09-11",
     "Zeid Ra'ad al-Hussein", "zeid_raad_zeid_al_hussein", "IGOUNOHRIHCH"),
    ("Sri Mulyani mengkritik Bank Dunia.", "id", "2012-05-01", "Bank Dunia", "world_bank",
     "IGOUNODEVWBK"),
    ("Sri Mulyani mengkritik Bank Dunia.", "id", "2012-05-01", "Sri Mulyani",
     "mulyani_indrawati", "IGOUNODEVWBK"),
    ("Kang Emil bertemu Ganjar Pranowo di Semarang.", "id", "2019-03-01", "Kang Emil",
     "ridwan_kamil", "IDNGOV"),
    ("PDI-P mengkritik Gerindra.", "id", "2018-03-01", "PDI-P", "pdi_perjuangan", "IDNPTY"),
    ("Pertamina menandatangani kesepakatan dengan PLN.", "id", "2021-06-01", "PLN", "pln",
     "IDNBUS"),
    ("Kantor berita Xinhua melaporkan China mengecam Jepang.", "id", "2022-03-01",
     "Kantor berita Xinhua", "xinhua", "CHNMED"),
    ("Reuters reported that Russia attacked Ukraine.", "en", "2022-03-01", "Reuters", "reuters",
     "GBRMED"),
    ("WHO memperingatkan pemerintah Indonesia.", "id", "2020-03-01", "WHO",
     "world_health_organization", "IGOUNOHLHWHO"),
])
def test_pipeline_codes_dictionary_actors_on_the_date(code_text, text: str, lang: str,
                                                      published: str, span: str, eid: str,
                                                      code: str) -> None:
    doc = code_text(text, lang, published)
    m = _mention(doc, span)
    assert m.entity is not None and m.entity.id == eid
    assert to_actor(m, published).code == code


def test_the_event_carries_the_dated_code(code_text) -> None:
    doc = code_text("Ahok mengkritik DPRD DKI Jakarta.", "id", "2016-05-01")
    assert any(e.source is not None and e.source.code == "IDNGOV" for e in doc.events)
    doc = code_text("Ahok mengkritik DPRD DKI Jakarta.", "id", "2018-05-01")
    assert any(e.source is not None and e.source.code == "IDNELI" for e in doc.events)


@pytest.mark.parametrize(("text", "lang", "word"), [
    ("Antara lain, polisi menangkap dua orang.", "id", "Antara"),  # not the news agency
    ("Ketua RT menolak permintaan warga.", "id", "RT"),  # not Russia Today
])
def test_common_words_are_not_media(code_text, text: str, lang: str, word: str) -> None:
    doc = code_text(text, lang, "2021-06-01")
    assert all(not (m.entity is not None and (m.entity.code or "").endswith("MED"))
               for m in doc.mentions if m.text == word)


def test_partai_demokrat_of_the_us_is_not_the_indonesian_party(code_text) -> None:
    doc = code_text("Partai Demokrat AS mengkritik Trump.", "id", "2020-01-01")
    codes = [to_actor(m, "2020-01-01").code for m in doc.mentions]
    assert "IDNPTY" not in codes
