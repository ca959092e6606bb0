"""The readout comparison served by the API and the page: `warta.cluster.compare` (each claim's
issues read from its own sentence, a meeting gathered across the articles that report it),
through a read-only query adapter (the server may hold the database read-only), in the shape
API clients and the page read.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import duckdb

from warta.cluster.compare import NotFound, compare
from warta.store import StoreError, queries


class QueryAdapter:
    """The one Store method the comparison needs, over any connection (read-only too)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection):
        self._connection = connection

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self._connection.cursor()
        try:
            cursor.execute(sql, params or [])
        except duckdb.Error as err:  # as the Store says it: the comparison expects that
            raise StoreError(str(err)) from err
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def readout_comparison(connection: duckdb.DuckDBPyConnection, subject_id: str
                       ) -> dict[str, Any]:
    try:
        result = compare(QueryAdapter(connection), subject_id)
    except NotFound as err:
        raise queries.NotFound(str(err)) from None
    return _from_cluster(result, _quad_classes(connection, result))


def _quad_classes(connection: duckdb.DuckDBPyConnection, result: dict[str, Any]
                  ) -> dict[str, int]:
    ids = [c["event_id"] for p in result.get("parties", []) for c in p.get("claims", [])]
    rows = connection.cursor().execute(
        "SELECT id, quad_class FROM events WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
    return dict(rows)


def _from_cluster(result: dict[str, Any], quad: dict[str, int]) -> dict[str, Any]:
    scope = result.get("scope", {})
    only = result.get("issues", {}).get("only", {})
    parties = []
    for readout in result.get("parties", []):
        claims = readout.get("claims", [])
        counts = Counter(i for c in claims for i in c.get("issues") or [])
        parties.append({
            "party": readout["party"],
            "code": readout.get("code"),
            "n_events": readout.get("n_claims", len(claims)),
            "tone": readout.get("tone"),
            "plover": readout.get("types", {}),
            "issues": {i: counts.get(i, 0) for i in readout.get("issues", [])},
            "unique_issues": only.get(readout["party"], []),
            "events": [_event(c, quad) for c in claims],
        })
    return {
        "subject": {"kind": scope.get("kind"), "id": scope.get("id")},
        "documents": scope.get("documents", []),
        "meeting": result.get("meeting"),
        "parties": parties,
        "shared_issues": result.get("issues", {}).get("shared", []),
        "joint": [],  # a joint statement counts for each of its parties here
        "unattributed": [],
        "unattributed_count": result.get("unattributed_claims", 0),
    }


def _event(claim: dict[str, Any], quad: dict[str, int]) -> dict[str, Any]:
    return {
        "id": claim["event_id"],
        "document_id": claim.get("document_id"),
        "sentence_index": claim.get("sentence_index"),
        "plover": claim.get("plover"),
        "cameo": claim.get("cameo"),
        "quad_class": quad.get(claim["event_id"]),
        "goldstein": claim.get("goldstein"),
        "modality": claim.get("modality"),
        "source": claim.get("source") or {},
        "target": claim.get("target") or {},
        "date": claim.get("date"),
        "issues": claim.get("issues") or [],
        "trigger": claim.get("trigger"),
        "quote": claim.get("quote"),
        "attribution_text": claim.get("attribution_text"),
        "sentence_text": claim.get("sentence"),
    }
