"""Real coded articles, exported and checked against the specifications: every PLOVER record
against the JSON Schema written from the PLOVER manual, every GDELT row against the GDELT 2.0
codebook's columns and code lists."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from warta.model import Document
from warta.ontology import cameo_table
from warta.store import Store
from warta.store.cameo_actor import RELIGION_CODES, TYPE_CODES, is_country
from warta.store.export import GDELT_COLUMNS, export, gdelt_quad_class
from warta.store.geo import countries
from warta.store.schemas import plover_schema

ARTICLE = Path(__file__).resolve().parents[2] / "examples" / "vovworld-putin-biden.id.txt"
ENGLISH = (
    "Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Ankara "
    "on Tuesday. Police arrested dozens of protesters in Jakarta. In 2014 Islamic State "
    "fighters attacked Mosul. Iran did not attack Israel, the ministry said. Belgian police "
    "raided a flat in Brussels on Monday."
)
FIPS = frozenset(c.fips for c in countries().values() if c.fips)
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, real_pipeline):
    path = tmp_path_factory.mktemp("conformance") / "events.duckdb"
    docs = [
        Document(raw=ARTICLE.read_text(encoding="utf-8"), published="2021-12-08",
                 origin=ARTICLE.name, url="https://vovworld.vn/id-ID/a.vov"),
        Document(raw=ENGLISH, published="2019-03-26", origin="english.txt", language_hint="en"),
    ]
    with Store(str(path)) as opened:
        for doc in docs:
            opened.write(real_pipeline.process(doc))
        yield opened


def _plover(store: Store, tmp_path: Path) -> list[dict]:
    out = tmp_path / "events.plover.jsonl"
    export(store, "plover", str(out))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _gdelt(store: Store, tmp_path: Path, **options: bool) -> list[dict[str, str]]:
    out = tmp_path / "events.gdelt.tsv"
    export(store, "gdelt", str(out), **options)
    lines = out.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines]
    assert all(len(r) == 61 for r in rows)
    return [dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows]


def test_every_plover_record_validates_against_the_manuals_schema(store: Store,
                                                                 tmp_path: Path) -> None:
    records = _plover(store, tmp_path)
    assert len(records) >= 8
    validator = jsonschema.Draft202012Validator(plover_schema())
    for record in records:
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(record)]
        assert not errors, (record["id"], errors)
    # The manual's names, not the 2016 gold standard's.
    for old in ("target", "eventText", "quadClass", "intensity", "location", "dateCoded"):
        assert all(old not in r for r in records), old
    assert all(isinstance(r["event"], list) and isinstance(r["mode"], list)
               and isinstance(r["context"], list) for r in records)


def test_plover_fields_carry_the_events(store: Store, tmp_path: Path) -> None:
    records = _plover(store, tmp_path)
    consult = [r for r in records if r["event"] == ["CONSULT"] and r["warta"]["reciprocal"]
               and r["cite_info"]["url"] == "https://vovworld.vn/id-ID/a.vov"]
    assert consult, "the founding article's call is a reciprocal CONSULT"
    call = consult[0]
    # Reciprocal: both leaders are the source, no recipient (manual, reciprocal actors).
    assert {a["country_code"] for a in call["source"]} == {"RUS", "USA"}
    # The store already holds the call once (warta/mirrors.py): nothing left to merge.
    assert call["recipient"] == [] and call["warta"]["merged_ids"] == []
    assert call["quad_code"] == 1 and call["event_scale"] == 2.1
    putin = next(a for a in call["source"] if a["country_code"] == "RUS")
    assert putin["code"] == "RUS" and putin["sector"] == "GOV"
    assert putin["entity_name"] == putin["identifier_text"] == "Vladimir Putin"
    assert putin["country_name"] == "Russia" and putin["warta"]["cameo_code"] == "RUSGOV"
    assert call["cite_info"]["codebook"] == "plover-0.8"
    # The special contexts: the 2014 attack is historical, Iran's denied attack a negation.
    attack = next(r for r in records if r["warta"]["date"]["value"] == "2014")
    assert "historical" in attack["context"] and attack["warta"]["historical"]
    assert attack["date"] == "2014-01-01" and attack["enddate"] == "2014-12-31"
    arrest = next(r for r in records if (r["event_loc"] or {}).get("name") == "Jakarta")
    assert arrest["event_loc"]["cc3"] == "IDN" and arrest["event_loc"]["country code"] == "ID"
    assert arrest["event_loc"]["feature class"] == "P" and arrest["event_loc"]["geonameid"]
    negated = [r for r in records if r["warta"]["modality"] in ("negated", "denied")]
    assert negated and all("negation" in r["context"] for r in negated)


def test_the_schema_rejects_what_the_manual_does_not_allow() -> None:
    validator = jsonschema.Draft202012Validator(plover_schema())
    good = {"id": "x", "date": "2021-12-07", "source": [{"code": "USA"}],
            "recipient": [{"code": "CAN"}], "event": ["CONSULT"]}
    assert validator.is_valid(good)  # the manual's simplest record
    for bad in ({**good, "event": ["YIELD"]}, {**good, "event": "CONSULT"},
                {**good, "source": {"code": "USA"}}, {**good, "date": "2021-12"},
                {**good, "quad_code": 5}, {**good, "target": []},
                {**good, "precision": "day"}, {k: v for k, v in good.items() if k != "id"}):
        assert not validator.is_valid(bad), bad


def _gdelt_errors(row: dict[str, str]) -> list[str]:
    """What in a row the GDELT 2.0 event codebook does not allow."""
    errors = _date_errors(row) + _event_errors(row)
    for actor in ("Actor1", "Actor2"):
        errors += _actor_errors(row, actor)
    for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
        errors += _geo_errors(row, geo)
    return errors


def _date_errors(row: dict[str, str]) -> list[str]:
    errors: list[str] = []
    for name, fmt in (("Day", "%Y%m%d"), ("MonthYear", "%Y%m"), ("Year", "%Y")):
        try:
            date.fromisoformat("-".join(filter(None, (row[name][:4], row[name][4:6] or "01",
                                                      row[name][6:8] or "01"))))
        except ValueError:
            errors.append(f"{name} {row[name]!r} is not {fmt}")
    if row["MonthYear"] != row["Day"][:6] or row["Year"] != row["Day"][:4]:
        errors.append("MonthYear/Year disagree with Day")
    if not int(row["Year"]) <= float(row["FractionDate"]) < int(row["Year"]) + 1:
        errors.append("FractionDate")
    if not re.fullmatch(r"[0-9]{14}", row["DATEADDED"]):
        errors.append("DATEADDED")
    return errors


def _actor_errors(row: dict[str, str], actor: str) -> list[str]:
    errors: list[str] = []
    if row[f"{actor}CountryCode"] and not is_country(row[f"{actor}CountryCode"]):
        errors.append(f"{actor}CountryCode {row[f'{actor}CountryCode']}")
    for k in (1, 2, 3):
        value = row[f"{actor}Type{k}Code"]
        if value and value not in TYPE_CODES:
            errors.append(f"{actor}Type{k}Code {value}")
    for k in (1, 2):
        value = row[f"{actor}Religion{k}Code"]
        if value and value not in RELIGION_CODES:
            errors.append(f"{actor}Religion{k}Code {value}")
    if (row[f"{actor}Name"] or row[f"{actor}Type1Code"]) and not row[f"{actor}Code"]:
        if row[f"{actor}Type1Code"] or row[f"{actor}CountryCode"]:
            errors.append(f"{actor}Code empty but its parts are known")
    code = row[f"{actor}Code"]
    if code and not re.fullmatch(r"([A-Z0-9]{3})+", code):
        errors.append(f"{actor}Code {code}")
    return errors


def _event_errors(row: dict[str, str]) -> list[str]:
    errors: list[str] = []
    code = row["EventCode"]
    if code not in cameo_table():
        errors.append(f"EventCode {code} is not a CAMEO code")
    if row["EventBaseCode"] != code[:3] or not re.fullmatch(r"[0-9]{2}", row["EventRootCode"]) \
            or row["EventRootCode"] != code[:2]:
        errors.append("EventBaseCode/EventRootCode")
    if row["QuadClass"] not in ("1", "2", "3", "4") \
            or int(row["QuadClass"]) != gdelt_quad_class(row["EventRootCode"]):
        errors.append(f"QuadClass {row['QuadClass']} for root {row['EventRootCode']}")
    if not (NUMBER.match(row["GoldsteinScale"]) and -10 <= float(row["GoldsteinScale"]) <= 10):
        errors.append("GoldsteinScale")
    if row["IsRootEvent"] not in ("0", "1"):
        errors.append("IsRootEvent")
    for k in ("NumMentions", "NumSources", "NumArticles"):
        if not row[k].isdigit() or int(row[k]) < 1:
            errors.append(k)
    return errors


def _geo_errors(row: dict[str, str], geo: str) -> list[str]:
    errors: list[str] = []
    kind = row[f"{geo}_Type"]
    if kind not in ("0", "1", "2", "3", "4", "5"):
        errors.append(f"{geo}_Type {kind}")
    if kind == "0":
        if any(row[f"{geo}_{f}"] for f in ("FullName", "CountryCode", "Lat", "Long")):
            errors.append(f"{geo} Type 0 with a place")
        return errors
    if row[f"{geo}_CountryCode"] not in FIPS:
        errors.append(f"{geo}_CountryCode {row[f'{geo}_CountryCode']!r} is not FIPS 10-4")
    if not row[f"{geo}_ADM1Code"].startswith(row[f"{geo}_CountryCode"]):
        errors.append(f"{geo}_ADM1Code")
    try:
        lat, lon = float(row[f"{geo}_Lat"]), float(row[f"{geo}_Long"])
    except ValueError:
        errors.append(f"{geo} without lat/long")
        return errors
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        errors.append(f"{geo} lat/long out of range")
    if not row[f"{geo}_FeatureID"]:
        errors.append(f"{geo}_FeatureID")
    if re.search(r"[^\x00-\x7f]", row[f"{geo}_FullName"]) is None and \
            row[f"{geo}_FullName"] in ("Eropa", "Jenewa", "Swiss"):
        errors.append(f"{geo}_FullName is not English")
    return errors


def test_every_gdelt_row_follows_the_codebook(store: Store, tmp_path: Path) -> None:
    rows = _gdelt(store, tmp_path, include_historical=True, include_negated=True)
    assert len(rows) >= 8
    for row in rows:
        assert not _gdelt_errors(row), (row["GlobalEventID"], _gdelt_errors(row))


def test_gdelt_codes_places_and_actors(store: Store, tmp_path: Path) -> None:
    rows = _gdelt(store, tmp_path)
    full_names = {r["ActionGeo_FullName"] for r in rows}
    assert "Eropa" not in full_names
    brussels = [r for r in rows if r["ActionGeo_FullName"].startswith("Brussels")]
    assert brussels and brussels[0]["ActionGeo_CountryCode"] == "BE"
    assert brussels[0]["ActionGeo_Type"] == "4"
    ankara = [r for r in rows if r["ActionGeo_FullName"] == "Ankara, Turkey"]
    assert ankara and ankara[0]["ActionGeo_CountryCode"] == "TU"
    # The police's code is built from its parts (as GDELT: country + type).
    police = [r for r in rows if r["Actor1Type1Code"] == "COP"]
    assert police and all(r["Actor1Code"].endswith("COP") for r in police)
    # An actor's country is its geography (Type 1, the centroid).
    russia = [r for r in rows if r["Actor1CountryCode"] == "RUS"]
    assert russia and russia[0]["Actor1Geo_Type"] == "1"
    assert russia[0]["Actor1Geo_FullName"] == "Russia" and russia[0]["Actor1Geo_Lat"]


def test_background_and_negated_events_are_left_out_unless_asked(store: Store,
                                                                 tmp_path: Path) -> None:
    default = _gdelt(store, tmp_path)
    everything = _gdelt(store, tmp_path, include_historical=True, include_negated=True)
    assert len(default) < len(everything)
    assert not any(r["Year"] == "2014" for r in default)
    assert any(r["Year"] == "2014" for r in everything)


def test_no_yield_leaks_into_any_export(store: Store, tmp_path: Path) -> None:
    for fmt in ("gdelt", "plover", "csv", "jsonl"):
        out = tmp_path / f"events.{fmt}"
        export(store, fmt, str(out))
        assert "YIELD" not in out.read_text(encoding="utf-8"), fmt
