"""Read queries over the store, shared by the REST API and the web UI (no SQL in route handlers).

Every function takes a DuckDB connection (or cursor) and returns plain JSON-ready dicts.
User input only ever reaches SQL as a bound parameter or through a whitelist (sort columns).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                4: "material conflict"}
MAX_LIMIT = 500
# Far beyond any store, and within DuckDB's BIGINT once a limit is added.
MAX_OFFSET = 10**12

# Sort keys a client may ask for, mapped to SQL; anything else is refused (no SQL injection
# through ORDER BY, which cannot take bound parameters).
SORTS = {
    "date": "e.date_value",
    "published": "d.published",
    "plover": "e.plover",
    "cameo": "e.cameo",
    "quad_class": "e.quad_class",
    "goldstein": "e.goldstein",
    "confidence": "e.confidence",
    "source": "e.source_code",
    "target": "e.target_code",
    "outlet": "d.outlet",
    "party": "e.attribution_party",
    "document": "e.document_id",
    "modality": "e.modality",
}

# Modalities of events the text says did not happen: counted apart, never as cooperation or
# conflict.
NOT_ASSERTED = ("negated", "denied")

_SUMMARY_COLUMNS = """
    e.id, e.document_id, e.sentence_index, e.plover, e.cameo, e.quad_class, e.goldstein,
    e.modality, e.reciprocal, e.source_text, e.source_name, e.source_code, e.target_text,
    e.target_name, e.target_code, e.date_value, e.date_precision, e.place_name,
    e.attribution_party, e.attribution_code, e.issues, e.trigger_text, e.trigger_start,
    e.trigger_end, e.confidence, e.cluster, d.outlet, d.language, d.title, d.published
"""


class NotFound(LookupError):
    """No event or document with that id."""


@dataclass(slots=True)
class EventQuery:
    """Filters, order and page of an event listing; every field is optional."""

    date_from: str | None = None
    date_to: str | None = None
    actor: str | None = None  # an actor code prefix ("RUS", "USAGOV") or a country code
    dyad: tuple[str, str] | None = None  # two actors, either direction
    plover: str | None = None
    quad_class: int | None = None
    language: str | None = None
    outlet: str | None = None
    party: str | None = None  # the attribution party: name or code
    q: str | None = None  # free text
    document_id: str | None = None
    modality: str | None = None  # asserted, negated, ...; "not_asserted": negated or denied
    sort: str = "date"
    order: str = "desc"
    limit: int = 50
    offset: int = 0


def _actor_match(alias: str) -> str:
    """SQL matching one side of an event to an actor given as a code prefix or country."""
    return (f"(starts_with(e.{alias}_code, ?) OR e.{alias}_country = ?)")


def _where(query: EventQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    _when_and_who(query, clauses, params)
    _what_and_where(query, clauses, params)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _date_range(column: str, start: str | None, end: str | None, clauses: list[str],
                params: list[Any]) -> None:
    """`column` (a YYYY[-MM[-DD]] date) within start..end: a month- or year-precision date
    overlaps the range when its prefix does."""
    for bound, op in ((start, ">="), (end, "<=")):
        if bound:
            clauses.append(f"{column} {op} substr(?, 1, length({column}))")
            params.append(bound)


def _language_and_outlet(table: str, language: str | None, outlet: str | None,
                         clauses: list[str], params: list[Any]) -> None:
    """The document's language and outlet (`table`: the documents table's alias and a dot)."""
    if language:
        clauses.append(f"{table}language = ?")
        params.append(language.strip().lower())
    if outlet:
        clauses.append(f"lower({table}outlet) = lower(?)")
        params.append(outlet.strip())


def _when_and_who(query: EventQuery, clauses: list[str], params: list[Any]) -> None:
    """The date range and the actors."""
    _date_range("e.date_value", query.date_from, query.date_to, clauses, params)
    if query.actor:
        code = query.actor.strip().upper()
        clauses.append(f"({_actor_match('source')} OR {_actor_match('target')})")
        params += [code, code, code, code]
    if query.dyad:
        a, b = (x.strip().upper() for x in query.dyad)
        clauses.append(
            f"(({_actor_match('source')} AND {_actor_match('target')}) OR "
            f"({_actor_match('source')} AND {_actor_match('target')}))"
        )
        params += [a, a, b, b, b, b, a, a]


def _what_and_where(query: EventQuery, clauses: list[str], params: list[Any]) -> None:
    """The event type, the source document, the attribution, the text and the modality."""
    if query.plover:
        clauses.append("e.plover = ?")
        params.append(query.plover.strip().upper())
    if query.quad_class is not None:
        clauses.append("e.quad_class = ?")
        params.append(query.quad_class)
    _language_and_outlet("d.", query.language, query.outlet, clauses, params)
    if query.party:
        clauses.append("(contains(lower(e.attribution_party), lower(?)) "
                       "OR e.attribution_code = upper(?))")
        params += [query.party.strip(), query.party.strip()]
    if query.q:
        clauses.append(
            "contains(lower(concat_ws(' ', e.trigger_text, e.source_text, e.source_name, "
            "e.source_code, e.target_text, e.target_name, e.target_code, e.attribution_text, "
            "e.attribution_quote, e.attribution_party, e.place_name, d.title, "
            "array_to_string(e.issues, ' '), "
            "json_extract_string(e.record, '$.provenance.sentence_text'))), lower(?))"
        )
        params.append(query.q.strip())
    if query.document_id:
        clauses.append("e.document_id = ?")
        params.append(query.document_id)
    if query.modality == "not_asserted":
        clauses.append("e.modality IN (SELECT unnest(?))")
        params.append(list(NOT_ASSERTED))
    elif query.modality:
        clauses.append("e.modality = ?")
        params.append(query.modality.strip().lower())


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    """An event as listed in a table: enough to read it, with the ids to drill down."""
    return {
        "id": row["id"],
        "document_id": row["document_id"],
        "sentence_index": row["sentence_index"],
        "plover": row["plover"],
        "cameo": row["cameo"],
        "quad_class": row["quad_class"],
        "goldstein": row["goldstein"],
        "modality": row["modality"],
        "reciprocal": row["reciprocal"],
        "source": {"text": row["source_text"], "name": row["source_name"],
                   "code": row["source_code"]},
        "target": {"text": row["target_text"], "name": row["target_name"],
                   "code": row["target_code"]},
        "date": row["date_value"],
        "date_precision": row["date_precision"],
        "place": row["place_name"],
        "attribution_party": row["attribution_party"],
        "attribution_code": row["attribution_code"],
        "issues": list(row["issues"] or []),
        "trigger": {"text": row["trigger_text"], "start": row["trigger_start"],
                    "end": row["trigger_end"]},
        "confidence": row["confidence"],
        "cluster": row["cluster"] or None,
        "outlet": row["outlet"],
        "language": row["language"],
        "title": row["title"],
        "published": row["published"],
    }


def list_events(con: duckdb.DuckDBPyConnection, query: EventQuery) -> dict[str, Any]:
    """One page of events matching `query`, with the total count for paging."""
    if query.sort not in SORTS:
        raise ValueError(f"unknown sort {query.sort!r}; one of: {', '.join(sorted(SORTS))}")
    if query.order not in ("asc", "desc"):
        raise ValueError("order must be 'asc' or 'desc'")
    limit = max(1, min(int(query.limit), MAX_LIMIT))
    offset = max(0, min(int(query.offset), MAX_OFFSET))
    where, params = _where(query)
    base = f" FROM events e JOIN documents d ON d.id = e.document_id{where}"
    cur = con.cursor()
    total = cur.execute("SELECT count(*)" + base, params).fetchone()[0]
    # Ties keep the article's reading order, so a page reads like the text.
    order = (f" ORDER BY {SORTS[query.sort]} {query.order.upper()} NULLS LAST, "
             "e.document_id, e.sentence_index, e.trigger_start, e.id")
    cur.execute(f"SELECT {_SUMMARY_COLUMNS}{base}{order} LIMIT ? OFFSET ?",
                [*params, limit, offset])
    items = [_summary(row) for row in _rows(cur)]
    return {
        "total": total, "limit": limit, "offset": offset,
        "next_offset": offset + limit if offset + limit < total else None,
        "items": items,
    }


def facets(con: duckdb.DuckDBPyConnection) -> dict[str, list[Any]]:
    """The values present in the store, for the filter menus."""
    cur = con.cursor()

    def values(sql: str) -> list[Any]:
        return [row[0] for row in cur.execute(sql).fetchall() if row[0] is not None]

    return {
        "plover": values("SELECT DISTINCT plover FROM events ORDER BY 1"),
        "quad_class": values("SELECT DISTINCT quad_class FROM events ORDER BY 1"),
        "language": values("SELECT DISTINCT language FROM documents ORDER BY 1"),
        "outlet": values("SELECT DISTINCT outlet FROM documents ORDER BY 1"),
        "party": values(
            "SELECT DISTINCT trim(p) FROM (SELECT unnest(string_split(attribution_party, ';'))"
            " AS p FROM events WHERE attribution_party IS NOT NULL) ORDER BY 1"),
    }


def _asserted(sql_alias: str = "e") -> str:
    return f"coalesce({sql_alias}.modality, '') NOT IN ('negated', 'denied')"


def event_summary(con: duckdb.DuckDBPyConnection, query: EventQuery) -> dict[str, Any]:
    """Counts over every event matching `query` (not one page): by PLOVER root, by QuadClass
    and per date, and where they happened. Events the text negates or denies are counted apart
    (`not_asserted`), never in the other counts, charts or map."""
    where, params = _where(query)
    base = f" FROM events e JOIN documents d ON d.id = e.document_id{where}"
    asserted = (" AND " if where else " WHERE ") + _asserted()
    cur = con.cursor()
    total, not_asserted, clusters, unclustered = cur.execute(
        f"SELECT count(*), count(*) FILTER (WHERE NOT ({_asserted()})), "
        "count(DISTINCT e.cluster) FILTER (WHERE e.cluster <> ''), "
        f"count(*) FILTER (WHERE coalesce(e.cluster, '') = ''){base}", params
    ).fetchone()
    by_type = _rows(cur.execute(
        f"SELECT e.plover, e.quad_class, count(*) AS n{base}{asserted} "
        "GROUP BY 1, 2 ORDER BY n DESC, 1, 2", params))
    quad = dict(cur.execute(f"SELECT e.quad_class, count(*){base}{asserted} GROUP BY 1",
                            params).fetchall())
    # Day- and month-precision dates are plotted (a month at its first day); coarser ones
    # would stretch the axis over decades, so they are only counted.
    by_date = _rows(cur.execute(
        "SELECT CASE WHEN length(e.date_value) = 7 THEN e.date_value || '-01' "
        "ELSE left(e.date_value, 10) END AS date, "
        "CASE WHEN length(e.date_value) = 7 THEN 'month' ELSE 'day' END AS precision, "
        f"e.quad_class, count(*) AS n{base}{asserted} AND length(e.date_value) >= 7 "
        "GROUP BY 1, 2, 3 ORDER BY 1, 3", params))
    coarse = cur.execute(
        f"SELECT count(*) FILTER (WHERE e.date_value IS NULL), "
        f"count(*) FILTER (WHERE length(e.date_value) < 7){base}{asserted}", params).fetchone()
    places = _rows(cur.execute(
        "SELECT e.place_name AS name, e.place_country AS country, e.place_lat AS lat, "
        "e.place_lon AS lon, count(*) AS n, "
        + ", ".join(f"count(*) FILTER (WHERE e.quad_class = {q}) AS q{q}" for q in QUAD_CLASSES)
        + f"{base}{asserted} AND e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL "
        "GROUP BY 1, 2, 3, 4 ORDER BY n DESC, 1", params))
    countries = _rows(cur.execute(
        f"SELECT e.place_country AS country, count(*) AS n{base}{asserted} "
        "AND e.place_country IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1", params))
    return {
        "total": total, "not_asserted": not_asserted, "asserted": total - not_asserted,
        # Real-world events: the clusters the matching mentions belong to (a mention not yet
        # clustered is one of its own).
        "clusters": clusters, "unclustered": unclustered,
        "plover": by_type,
        "quad_class": [{"quad_class": q, "label": label, "n": quad.get(q, 0)}
                       for q, label in QUAD_CLASSES.items()],
        "dates": by_date, "undated": coarse[0], "year_only": coarse[1],
        "places": places, "countries": countries,
    }


def event_selection(query: EventQuery) -> tuple[str, list[Any]]:
    """SQL selecting the ids of every event matching `query` (no paging), with its
    parameters: for exports of a filtered view."""
    where, params = _where(query)
    return (f"SELECT e.id FROM events e JOIN documents d ON d.id = e.document_id{where}",
            params)


def _record(row_id: str, record_json: str | None) -> dict[str, Any]:
    record = json.loads(record_json) if record_json else {}
    # The store may have suffixed a repeated id ("-2"); the record answers to the stored id.
    record["id"] = row_id
    return record


def get_event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any]:
    """The full event record with its provenance, its document and its cluster."""
    cur = con.cursor()
    cur.execute("SELECT e.id, e.record, e.cluster, e.document_id FROM events e WHERE e.id = ?",
                [event_id])
    row = cur.fetchone()
    if row is None:
        raise NotFound(f"no event {event_id!r}")
    record = _record(row[0], row[1])
    document = _document_meta(cur, row[3])
    cluster = None
    if row[2]:
        cur.execute(f"SELECT {_SUMMARY_COLUMNS} FROM events e JOIN documents d "
                    "ON d.id = e.document_id WHERE e.cluster = ? ORDER BY e.date_value, e.id",
                    [row[2]])
        members = [_summary(r) for r in _rows(cur)]
        cluster = {"id": row[2], "size": len(members), "events": members}
    return {"event": record, "document": document, "cluster": cluster}


def _document_meta(cur: duckdb.DuckDBPyConnection, document_id: str) -> dict[str, Any] | None:
    cur.execute("SELECT id, source_id, url, title, outlet, published, language, origin, "
                "n_sentences, n_events, coded_at FROM documents WHERE id = ?", [document_id])
    rows = _rows(cur)
    if not rows:
        return None
    meta = rows[0]
    meta["coded_at"] = meta["coded_at"].isoformat() if meta["coded_at"] else None
    return meta


DOCUMENT_SORTS = {"published": "published", "title": "title", "outlet": "outlet",
                  "language": "language", "events": "n_events"}


@dataclass(slots=True)
class DocumentQuery:
    """Search and filters of the article listing; every field is optional."""

    q: str | None = None  # free text in the title, URL, outlet, input id or text
    source_id: str | None = None  # the input's own id, exactly
    language: str | None = None
    outlet: str | None = None
    published_from: str | None = None  # YYYY[-MM[-DD]], compared as a prefix
    published_to: str | None = None
    with_events: bool = False
    sort: str = "published"
    order: str = "desc"


def list_documents(con: duckdb.DuckDBPyConnection, *, limit: int = 50, offset: int = 0,
                   query: DocumentQuery | None = None) -> dict[str, Any]:
    query = query or DocumentQuery()
    if query.sort not in DOCUMENT_SORTS or query.order not in ("asc", "desc"):
        raise ValueError(f"unknown sort {query.sort!r} {query.order!r}; one of: "
                         f"{', '.join(sorted(DOCUMENT_SORTS))}, asc or desc")
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, min(int(offset), MAX_OFFSET))
    clauses: list[str] = []
    params: list[Any] = []
    if query.q:
        clauses.append("contains(lower(concat_ws(' ', title, url, outlet, source_id, text)), "
                       "lower(?))")
        params.append(query.q.strip())
    if query.source_id:
        clauses.append("source_id = ?")
        params.append(query.source_id.strip())
    _language_and_outlet("", query.language, query.outlet, clauses, params)
    _date_range("published", query.published_from, query.published_to, clauses, params)
    if query.with_events:
        clauses.append("n_events > 0")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    cur = con.cursor()
    total = cur.execute(f"SELECT count(*) FROM documents{where}", params).fetchone()[0]
    cur.execute("SELECT id, source_id, url, title, outlet, published, language, n_sentences, "
                f"n_events FROM documents{where} ORDER BY {DOCUMENT_SORTS[query.sort]} "
                f"{query.order.upper()} NULLS LAST, id LIMIT ? OFFSET ?",
                [*params, limit, offset])
    return {"total": total, "limit": limit, "offset": offset,
            "next_offset": offset + limit if offset + limit < total else None,
            "items": _rows(cur)}


def resolve_document_id(cur: duckdb.DuckDBPyConnection, key: str) -> str:
    """The content hash of the document that `key` names: warta's id (the content hash), else
    the input's own id (`source_id`) when one document has it. NotFound otherwise, naming
    the documents when an input id names several (the same id in two inputs)."""
    if cur.execute("SELECT 1 FROM documents WHERE id = ?", [key]).fetchone():
        return key
    ids = [row[0] for row in cur.execute(
        "SELECT id FROM documents WHERE source_id = ? ORDER BY coded_at, id LIMIT 6",
        [key]).fetchall()]
    if len(ids) == 1:
        return ids[0]
    if ids:
        raise NotFound(f"input id {key!r} names {'more than 5' if len(ids) > 5 else len(ids)} "
                       f"documents ({', '.join(ids[:5])}); ask for one by its id")
    raise NotFound(f"no document {key!r}")


def get_document(con: duckdb.DuckDBPyConnection, document_id: str) -> dict[str, Any]:
    """A document's metadata, cleaned text, event records (reading order) and mentions;
    `document_id` is warta's content hash or the input's own id (`resolve_document_id`)."""
    cur = con.cursor()
    document_id = resolve_document_id(cur, document_id)
    meta = _document_meta(cur, document_id)
    if meta is None:
        raise NotFound(f"no document {document_id!r}")
    text = cur.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    cur.execute("SELECT id, record FROM events WHERE document_id = ? "
                "ORDER BY sentence_index, trigger_start, id", [document_id])
    events = [_record(row[0], row[1]) for row in cur.fetchall()]
    cur.execute('SELECT sentence_index, kind, text, "start", "end", code, name, resolution '
                'FROM mentions WHERE document_id = ? ORDER BY "start"', [document_id])
    return {**meta, "text": text or "", "events": events, "mentions": _rows(cur)}


# -- dyads -----------------------------------------------------------------------------------

def list_dyads(con: duckdb.DuckDBPyConnection, *, limit: int = 50) -> list[dict[str, Any]]:
    """Country pairs by number of events (either direction), for the dyad index."""
    cur = con.cursor()
    cur.execute(
        """
        WITH sides AS (
            SELECT coalesce(source_country, left(source_code, 3)) AS a,
                   coalesce(target_country, left(target_code, 3)) AS b, quad_class, goldstein,
                   coalesce(modality, '') IN ('negated', 'denied') AS not_asserted
            FROM events)
        SELECT least(a, b) AS a, greatest(a, b) AS b, count(*) AS n,
               count(*) FILTER (WHERE quad_class <= 2 AND NOT not_asserted) AS cooperation,
               count(*) FILTER (WHERE quad_class >= 3 AND NOT not_asserted) AS conflict,
               count(*) FILTER (WHERE not_asserted) AS not_asserted,
               round(avg(goldstein) FILTER (WHERE NOT not_asserted), 2) AS mean_goldstein
        FROM sides WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
        GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT ?
        """, [max(1, min(int(limit), MAX_LIMIT))])
    return _rows(cur)


def _period(value: str, interval: str) -> str | None:
    """The bucket of an ISO date (any precision) at `interval`; coarser dates go to the start
    of their month or year, which the bucket's `precisions` list makes visible."""
    parts = value.split("-")
    try:
        day = date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                   int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None
    if interval == "month":
        return day.strftime("%Y-%m")
    if interval == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    return day.isoformat()


def _period_start(key: str) -> str:
    """The first day of a period key ("2021-12" -> "2021-12-01"), for a time axis."""
    return key + "-01" if len(key) == 7 else key


def dyad_timeline(con: duckdb.DuckDBPyConnection, a: str, b: str,
                  interval: str = "day") -> dict[str, Any]:
    """Events between `a` and `b` (either direction) per period: counts per QuadClass, mean
    Goldstein, and the events behind each point. Negated and denied events (the text says
    they did not happen) are counted apart, in `not_asserted`, and left out of the QuadClass
    counts and the mean."""
    if interval not in ("day", "week", "month"):
        raise ValueError("interval must be day, week or month")
    page = list_events(con, EventQuery(dyad=(a, b), sort="date", order="asc", limit=MAX_LIMIT))
    # A dyad with more events than a page is read in further pages: the timeline is complete.
    events = list(page["items"])
    while page["next_offset"] is not None:
        page = list_events(con, EventQuery(dyad=(a, b), sort="date", order="asc",
                                           limit=MAX_LIMIT, offset=page["next_offset"]))
        events += page["items"]
    buckets: dict[str, list[dict[str, Any]]] = defaultdict(list)
    undated = []
    for event in events:
        key = _period(event["date"], interval) if event["date"] else None
        if key is None:
            undated.append(event)
        else:
            buckets[key].append(event)
    points = []
    for key in sorted(buckets):
        members = buckets[key]
        asserted = [e for e in members if e["modality"] not in NOT_ASSERTED]
        counts = Counter(e["quad_class"] for e in asserted)
        scores = [e["goldstein"] for e in asserted if e["goldstein"] is not None]
        points.append({
            "period": key,
            "start": _period_start(key),
            "n": len(members),
            "not_asserted": len(members) - len(asserted),
            "quad_class": {str(q): counts.get(q, 0) for q in QUAD_CLASSES},
            "cooperation": counts.get(1, 0) + counts.get(2, 0),
            "conflict": counts.get(3, 0) + counts.get(4, 0),
            "mean_goldstein": round(sum(scores) / len(scores), 2) if scores else None,
            "precisions": sorted({e["date_precision"] or "unknown" for e in members}),
            "events": members,
        })
    return {"a": a.upper(), "b": b.upper(), "interval": interval, "total": len(events),
            "points": points, "undated": undated}

