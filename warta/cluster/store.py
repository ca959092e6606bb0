"""Clustering inside the DuckDB store: fills `events.cluster` and the `clusters` table.

Incremental: only events without a cluster are compared, and only with the events of their
blocks (same PLOVER root and actor pair). Because clusters are connected components, adding
documents one run at a time gives the same clusters as clustering everything at once, in any
order (tests/cluster/test_store.py permutes the input to check it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from warta.cluster.core import WEEK_WINDOW, Mention, cluster_id, link, mention_from_row
from warta.store import Store

CLUSTERS_TABLE = """
CREATE TABLE IF NOT EXISTS clusters (
    id VARCHAR PRIMARY KEY,
    plover VARCHAR,
    cameo VARCHAR,
    source_code VARCHAR,
    source_name VARCHAR,
    target_code VARCHAR,
    target_name VARCHAR,
    date_value VARCHAR,
    date_precision VARCHAR,
    place_country VARCHAR,
    issues VARCHAR[],
    goldstein DOUBLE,
    first_event VARCHAR,
    first_document VARCHAR,
    n_mentions INTEGER,
    n_sources INTEGER,
    n_articles INTEGER,
    languages VARCHAR[],
    updated_at TIMESTAMP
)"""

CLUSTER_COLUMNS = [
    "id", "plover", "cameo", "source_code", "source_name", "target_code", "target_name",
    "date_value", "date_precision", "place_country", "issues", "goldstein", "first_event",
    "first_document", "n_mentions", "n_sources", "n_articles", "languages", "updated_at",
]

_EVENT_FIELDS = ("e.id, e.plover, e.cameo, e.source_code, e.source_name, e.source_text, "
                 "e.target_code, e.target_name, e.target_text, e.date_value, e.date_precision, "
                 "e.place_country, e.issues, e.goldstein, e.document_id, e.cluster")


@dataclass(slots=True)
class ClusterSummary:
    new_events: int = 0
    clusters_touched: int = 0
    clusters_total: int = 0
    events_clustered: int = 0
    multi_article: int = 0


def ensure_clusters_table(store: Store) -> None:
    store.query(CLUSTERS_TABLE)


def cluster_store(store: Store, *, rebuild: bool = False) -> ClusterSummary:
    """Assign every event without a cluster to one; with `rebuild`, start from scratch."""
    ensure_clusters_table(store)
    if rebuild:
        store.query("UPDATE events SET cluster = NULL WHERE cluster IS NOT NULL")
        store.query("DELETE FROM clusters")
    summary = ClusterSummary()
    new_rows = store.query(f"SELECT {_EVENT_FIELDS} FROM events e WHERE e.cluster IS NULL")
    summary.new_events = len(new_rows)
    if new_rows:
        new = [mention_from_row(r) for r in new_rows]
        old_rows = _neighbours(store, new)
        old = [mention_from_row(r) for r in old_rows]
        old_cluster = {r["id"]: r["cluster"] for r in old_rows}
        groups: dict[str, list[str]] = {}
        for event_id, cid in old_cluster.items():
            groups.setdefault(cid, []).append(event_id)
        linked = link(new, old, groups.values())
        assignment, vanished = _assign(store, linked, old_cluster)
        touched = set(assignment.values())
        summary.clusters_touched = len(touched)
        store.query("BEGIN TRANSACTION")
        try:
            if assignment:
                store.query(
                    "UPDATE events SET cluster = m.cluster FROM "
                    "(SELECT UNNEST(?) AS id, UNNEST(?) AS cluster) m WHERE events.id = m.id",
                    [list(assignment), list(assignment.values())])
            _write_cluster_rows(store, touched, vanished)
            store.query("COMMIT")
        except Exception:
            store.query("ROLLBACK")
            raise
    row = store.query("SELECT count(*) AS n, count(*) FILTER (WHERE n_articles > 1) AS multi, "
                      "coalesce(sum(n_mentions), 0) AS events FROM clusters")[0]
    summary.clusters_total, summary.multi_article = int(row["n"]), int(row["multi"])
    summary.events_clustered = int(row["events"])
    return summary


def _assign(store: Store, linked: list[list[Mention]], old_cluster: dict[str, str]
            ) -> tuple[dict[str, str], set[str]]:
    """Event id -> new cluster id for every event whose cluster changes, and the cluster ids
    that disappear. Only the old events near the new ones were read: the other members of the
    clusters they belong to are read now, since the earliest member names the merged cluster.
    """
    involved = sorted({old_cluster[m.id] for group in linked for m in group
                       if m.id in old_cluster})
    members: dict[str, list[tuple[str, str]]] = {}
    current = dict(old_cluster)
    if involved:
        for r in store.query("SELECT id, date_value, cluster FROM events "
                             "WHERE cluster IN (SELECT UNNEST(?))", [involved]):
            members.setdefault(r["cluster"], []).append((r["date_value"] or "9999", r["id"]))
            current[r["id"]] = r["cluster"]
    assignment: dict[str, str] = {}
    vanished: set[str] = set()
    for group in linked:
        keys = {m.sort_key for m in group if m.id not in old_cluster}
        previous = {old_cluster[m.id] for m in group if m.id in old_cluster}
        for cid in previous:
            keys.update(members.get(cid, ()))
        cid = cluster_id(min(keys)[1])
        for _, event_id in keys:
            if current.get(event_id) != cid:
                assignment[event_id] = cid
        vanished.update(previous - {cid})
    return assignment, vanished


# The store's version of `actor_key` and `Mention.block` (warta/cluster/core.py), so that
# the database returns only the events of the new events' blocks. A separator that no code or
# name contains joins the parts.
_SEP = "\x1f"
_LABEL_SQL = ("CASE WHEN nullif(e.{p}_code, '') IS NOT NULL THEN e.{p}_code "
              "WHEN coalesce(nullif(e.{p}_name, ''), nullif(e.{p}_text, '')) IS NOT NULL "
              "THEN 'name:' || lower(coalesce(nullif(e.{p}_name, ''), nullif(e.{p}_text, ''))) "
              "ELSE '' END")
_BLOCK_SQL = (
    "CASE WHEN e.plover IN ('CONSULT', 'AGREE', 'COOPERATE') AND {t} < {s} "
    "THEN coalesce(e.plover, '') || chr(31) || {t} || chr(31) || {s} "
    "ELSE coalesce(e.plover, '') || chr(31) || {s} || chr(31) || {t} END"
).format(s=_LABEL_SQL.format(p="source"), t=_LABEL_SQL.format(p="target"))
_DATED = ("day", "week", "month")


def _block_text(m: Mention) -> str:
    return _SEP.join(m.block)


def _months(m: Mention) -> list[str]:
    """The months an earlier mention must fall in to be within reach of `m`'s date."""
    if m.precision == "month":
        return [m.date[:7]] if m.date else []
    ordinal = m.ordinal
    if ordinal is None:
        return []
    days = (-WEEK_WINDOW, 0, WEEK_WINDOW)
    return sorted({date.fromordinal(ordinal + d).isoformat()[:7] for d in days})


def _neighbours(store: Store, new: list[Mention]) -> list[dict[str, Any]]:
    """Clustered events that a new one may join: its block, and a date within reach (or no
    usable date). A new mention without a usable date needs its whole block."""
    whole, windows = set(), set()
    for m in new:
        months = _months(m) if m.precision in _DATED else []
        if not months:
            whole.add(_block_text(m))
        windows.update(f"{_block_text(m)}{_SEP}{month}" for month in months)
    return store.query(
        f"WITH b AS (SELECT {_EVENT_FIELDS}, {_BLOCK_SQL} AS block FROM events e "
        "WHERE e.cluster IS NOT NULL AND e.plover IN (SELECT UNNEST(?))) "
        "SELECT * EXCLUDE (block) FROM b WHERE block IN (SELECT UNNEST(?)) OR ("
        "(date_precision IN ('day', 'week', 'month') AND length(date_value) >= 7 "
        " AND block || chr(31) || substr(date_value, 1, 7) IN (SELECT UNNEST(?))) OR "
        "((date_value IS NULL OR coalesce(date_precision, '') NOT IN ('day', 'week', 'month') "
        "  OR length(date_value) < 7) AND block IN (SELECT UNNEST(?))))",
        [sorted({m.plover for m in new}), sorted(whole), sorted(windows),
         sorted({_block_text(m) for m in new})])


def _write_cluster_rows(store: Store, touched: set[str], vanished: set[str]) -> None:
    gone = sorted(touched | vanished)
    if gone:
        store.query("DELETE FROM clusters WHERE id IN (SELECT UNNEST(?))", [gone])
    if not touched:
        return
    members = store.query(
        f"SELECT {_EVENT_FIELDS}, d.outlet, d.url, d.language FROM events e "
        "LEFT JOIN documents d ON d.id = e.document_id WHERE e.cluster IN (SELECT UNNEST(?))",
        [sorted(touched)])
    by_cluster: dict[str, list[dict[str, Any]]] = {}
    for row in members:
        by_cluster.setdefault(row["cluster"], []).append(row)
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [cluster_row(cid, rows, now) for cid, rows in sorted(by_cluster.items())]
    columns = list(zip(*rows, strict=True))
    placeholders = ", ".join(f"UNNEST(?) AS {name}" for name in CLUSTER_COLUMNS)
    store.query(f"INSERT INTO clusters SELECT {placeholders}", [list(c) for c in columns])


def source_of(outlet: str | None, url: str | None, document_id: str) -> str:
    """The outlet that published a document: its name, else its URL's host, else the document
    itself (an unknown outlet counts as one source per document)."""
    if outlet:
        return outlet.strip().lower()
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return f"document:{document_id}"


def cluster_row(cid: str, rows: list[dict[str, Any]], now: datetime) -> list[Any]:
    """One `clusters` row from its member event rows (joined with their documents)."""
    first = min(rows, key=lambda r: (r["date_value"] or "9999", r["id"]))
    cameo = Counter(r["cameo"] for r in rows if r["cameo"]).most_common(1)
    countries = Counter(r["place_country"] for r in rows if r["place_country"]).most_common(1)
    goldstein = [r["goldstein"] for r in rows if r["goldstein"] is not None]
    return [
        cid, first["plover"], cameo[0][0] if cameo else None,
        first["source_code"], first["source_name"] or first["source_text"],
        first["target_code"], first["target_name"] or first["target_text"],
        first["date_value"], first["date_precision"],
        countries[0][0] if countries else None,
        sorted({i for r in rows for i in (r["issues"] or ())}),
        sum(goldstein) / len(goldstein) if goldstein else None,
        first["id"], first["document_id"], len(rows),
        len({source_of(r.get("outlet"), r.get("url"), r["document_id"]) for r in rows}),
        len({r["document_id"] for r in rows}),
        sorted({r["language"] for r in rows if r.get("language")}),
        now,
    ]
