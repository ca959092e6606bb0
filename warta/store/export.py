"""Exports of the store: GDELT 2.0 event table, PLOVER JSON, and warta's own schema.

The layouts and every column's mapping are documented in docs/formats.md; keep them in step.
warta's own schema (parquet, csv, jsonl) is written by DuckDB's COPY, so it streams; the GDELT
and PLOVER layouts are built row by row in Python (PLOVER records: `warta/store/plover.py`;
places: `geo.py`; actor codes in parts: `cameo_actor.py`; background mentions: `background.py`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from warta.store.background import is_historical
from warta.store.cameo_actor import TYPE_NAMES, ActorParts, build_code, split_code
from warta.store.duckdb_store import Store, StoreError
from warta.store.geo import (
    GeoPoint,
    country_name,
    country_of_name,
    country_point,
    resolve_place,
)
from warta.store.plover import plover_record, reciprocal_key

__all__ = ["FORMATS", "GDELT_COLUMNS", "ExportError", "default_path", "export", "gdelt_row",
           "global_event_id", "gdelt_quad_class", "plover_record", "write_gdelt",
           "write_plover"]

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

# A store coded before warta followed the PLOVER manual may hold YIELD (and other old names):
# the export writes the manual's category (as warta.store.plover.current_root).
_CURRENT_ROOT_SQL = """CASE
    WHEN e.plover = 'YIELD' AND substr(e.cameo, 1, 3) IN ('084', '085', '086', '087')
        THEN 'RETREAT'
    WHEN e.plover = 'YIELD' THEN 'CONCEDE'
    WHEN e.plover = 'DEMAND' THEN 'REQUEST'
    WHEN e.plover IN ('DISAPPROVE', 'INVESTIGATE') THEN 'ACCUSE'
    WHEN e.plover = 'FIGHT' THEN 'ASSAULT'
    ELSE e.plover END AS plover"""
# background.is_historical in SQL: the event's own date ends more than 365 days before the
# publication date.
_HISTORICAL_SQL = """(e.date_method IS DISTINCT FROM 'publication' AND CASE length(e.date_value)
        WHEN 4 THEN make_date(TRY_CAST(e.date_value AS INTEGER), 12, 31)
        WHEN 7 THEN last_day(TRY_CAST(e.date_value || '-01' AS DATE))
        ELSE TRY_CAST(left(e.date_value, 10) AS DATE) END
    < TRY_CAST(left(d.published, 10) AS DATE) - INTERVAL 365 DAY) IS TRUE AS historical"""
# Events with their document's metadata and their cluster's counts: one flat row per event.
OWN_SCHEMA_SQL = """
SELECT e.* REPLACE (""" + _CURRENT_ROOT_SQL + """),
       d.url AS document_url, d.title AS document_title, d.outlet AS document_outlet,
       d.published AS document_published, d.language AS document_language,
       d.source_id AS document_source_id,
       """ + _HISTORICAL_SQL + """,
       {cluster_columns}
FROM events e LEFT JOIN documents d ON d.id = e.document_id
{cluster_join}
ORDER BY e.document_id, e.sentence_index, e.trigger_start, e.id"""
# Modalities of events that did not happen: not rows of GDELT's table unless asked for.
NOT_HAPPENED = ("negated", "denied")
_ROOT_SENTENCES = 2  # the headline and the lead: GDELT's "first paragraph"
_ROLE_COLUMNS = ("text", "name", "code", "country", "sector", "resolution", "start", "end")
REVERSE_SUFFIX = "~reverse"  # the id of a reciprocal event's second GDELT row


class ExportError(Exception):
    """The export cannot be written; the message names the path and the fix."""


def export(store: Store, fmt: str, out: str, *, include_historical: bool = False,
           include_negated: bool = False) -> int:
    """Write the store's events to `out` in `fmt`; returns the number of events written.

    The GDELT table leaves out background mentions (`background.is_historical`) and negated or
    denied events unless `include_historical` / `include_negated`; PLOVER keeps them, marked
    with the manual's special contexts (historical, negation).
    """
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
                return write_gdelt(store, handle, include_historical=include_historical,
                                   include_negated=include_negated)
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
        f"d.coded_at, d.source_id, {cluster} FROM events e "
        f"LEFT JOIN documents d ON d.id = e.document_id {join} "
        f"ORDER BY e.document_id, e.sentence_index, e.trigger_start, e.id")
    for row in rows:
        if isinstance(row.get("record"), str):
            row["record"] = json.loads(row["record"])
        yield row


def in_gdelt_table(row: dict[str, Any], *, include_historical: bool = False,
                   include_negated: bool = False) -> bool:
    """Whether an event is a row of the GDELT table: not a background mention of the past, not
    an event the text says did not happen (unless asked for)."""
    if not include_negated and row.get("modality") in NOT_HAPPENED:
        return False
    return include_historical or not is_historical(
        row.get("date_value"), row.get("date_method"), row.get("published"))


def write_gdelt(store: Store, handle: IO[str], *, include_historical: bool = False,
                include_negated: bool = False) -> int:
    writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                        escapechar=None)
    n = 0
    for row in gdelt_directions(list(_event_rows(store))):
        if not in_gdelt_table(row, include_historical=include_historical,
                              include_negated=include_negated):
            continue
        writer.writerow(["" if v is None else _clean_cell(v) for v in gdelt_row(row)])
        n += 1
    return n


def gdelt_directions(rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each event, and after a reciprocal one (one record for both parties) its other
    direction: CAMEO and GDELT code a meeting as two rows, A→B and B→A. A store coded before
    reciprocal events were one record holds both directions already; they are written as
    they are."""
    stored: dict[tuple[Any, ...], int] = {}
    for row in rows:
        key = reciprocal_key(row)
        if key is not None:
            stored[key] = stored.get(key, 0) + 1
    for row in rows:
        yield row
        key = reciprocal_key(row)
        if key is not None and stored[key] == 1 and _has_actor(row, "source") \
                and _has_actor(row, "target"):
            yield reversed_direction(row)


def _has_actor(row: dict[str, Any], role: str) -> bool:
    return bool(row.get(f"{role}_text") or row.get(f"{role}_code"))


def reversed_direction(row: dict[str, Any]) -> dict[str, Any]:
    """A reciprocal event's row with source and target swapped, under its own id
    (`<id>~reverse`, so that its GlobalEventID is stable and differs from the first's)."""
    swapped = dict(row)
    for name in _ROLE_COLUMNS:
        swapped[f"source_{name}"], swapped[f"target_{name}"] = (row.get(f"target_{name}"),
                                                                row.get(f"source_{name}"))
    swapped["id"] = f"{row['id']}{REVERSE_SUFFIX}"
    return swapped


def _clean_cell(value: Any) -> str:
    # GDELT files are unquoted TSV: a tab or newline inside a cell would shift every column.
    return " ".join(str(value).replace("\t", " ").split()) if isinstance(value, str) else str(
        value)


def global_event_id(event_id: str) -> int:
    """GDELT ids are integers: a stable 60-bit number from warta's event id."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def gdelt_quad_class(cameo_root: str | None) -> int | None:
    """GDELT's QuadClass from the CAMEO root code, as the GDELT codebook defines it: 01-05
    verbal cooperation, 06-08 material cooperation, 09-13 verbal conflict, 14-20 material
    conflict."""
    try:
        root = int(cameo_root or "")
    except ValueError:
        return None
    if not 1 <= root <= 20:
        return None
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def gdelt_row(row: dict[str, Any]) -> list[Any]:
    """One event as the 61 columns of the GDELT 2.0 event table (docs/formats.md)."""
    day = _event_day(row)
    record = row.get("record") or {}
    source, source_geo = _gdelt_actor(row, "source")
    target, target_geo = _gdelt_actor(row, "target")
    return [
        global_event_id(row["id"]),
        day.strftime("%Y%m%d") if day else None,
        day.strftime("%Y%m") if day else None,
        day.year if day else None,
        _fraction_date(day) if day else None,
        *source, *target,
        1 if (row.get("sentence_index") or 0) < _ROOT_SENTENCES else 0,
        row.get("cameo"), row.get("cameo_base"), row.get("cameo_root"),
        gdelt_quad_class(row.get("cameo_root")), row.get("goldstein"),
        row.get("n_mentions") or 1, row.get("n_sources") or 1, row.get("n_articles") or 1,
        None,  # AvgTone: warta measures no document tone
        *_gdelt_geo(source_geo), *_gdelt_geo(target_geo),
        *_gdelt_geo(resolve_place(record.get("place"))),
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


def _gdelt_actor(row: dict[str, Any], role: str) -> tuple[list[Any], GeoPoint | None]:
    """The ten actor columns, and the actor's geography (its country) for ActorGeo."""
    code = row.get(f"{role}_code")
    country = row.get(f"{role}_country") or (None if code else country_of_name(
        row.get(f"{role}_name"), row.get(f"{role}_text")))
    sector = row.get(f"{role}_sector")
    parts: ActorParts | None = split_code(code, country) if code else build_code(country,
                                                                                  sector)
    name = _gdelt_name(row.get(f"{role}_name"), parts, row.get(f"{role}_text"))
    if parts is None and not name:
        return [None] * len(_ACTOR_FIELDS), None
    if parts is None:
        return [None, name, *([None] * 8)], None
    types = parts.type_codes
    return ([parts.code, name, parts.country, parts.known_group, parts.ethnic,
             parts.religion1, parts.religion2, *types],
            country_point(parts.country))


def _gdelt_name(name: str | None, parts: ActorParts | None, text: str | None) -> str | None:
    """GDELT's Actor Name, in English and upper case: the actor's canonical name; for an actor
    known only by its role, its country's English name, else its type's ("POLICE"); else the
    text as written."""
    if name:
        return name.upper()
    if parts is not None:
        named = country_name(parts.country)
        if named:
            return named.upper()
        for type_code in parts.types:
            if type_code in TYPE_NAMES:
                return TYPE_NAMES[type_code]
    return text.upper() if text else None


def _gdelt_geo(point: GeoPoint | None) -> list[Any]:
    """The eight Geo_ columns; Type 0 and the rest empty when the place is not located."""
    if point is None:
        return [0] + [None] * 7
    return [point.type, point.full_name, point.fips, point.adm1_code, None, point.lat,
            point.lon, point.feature_id]


# -- PLOVER ------------------------------------------------------------------------------------


def write_plover(store: Store, handle: IO[str]) -> int:
    """PLOVER JSON lines, one record per event; the two directions of a reciprocal event are
    one record (manual: all of its actors are the source)."""
    rows = list(_event_rows(store))
    merged: dict[tuple[Any, ...], list[str]] = {}
    for row in rows:
        key = reciprocal_key(row)
        if key is not None:
            merged.setdefault(key, []).append(row["id"])
    n = 0
    for row in rows:
        key = reciprocal_key(row)
        others: list[str] = []
        if key is not None:
            ids = merged[key]
            if ids[0] != row["id"]:
                continue  # written with the first direction
            others = ids[1:]
        handle.write(json.dumps(plover_record(row, others), ensure_ascii=False) + "\n")
        n += 1
    return n
