"""Readout comparison: what each party said about one meeting, side by side.

After a call, each side publishes its own readout (the Kremlin's, the White House's), and
articles report them. Every event record carries the party it is attributed to; this module
gathers, for a meeting (an event, its cluster, or a document), the claims each party made, the
issues it raised and its tone, then sets the issues side by side. A joint statement
("Kremlin; White House") counts for every party in it.

Issues are read from each claim's own sentence: the pipeline shares a meeting's issues among
all mentions of the meeting in a document (warta/events/context.py), which is right for the
meeting but would make every party appear to raise every issue.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from typing import Any, Protocol

from warta.mirrors import is_mutual, one_per_mirror
from warta.store import StoreError

JOINT_SEPARATOR = ";"
_CLAIM_FIELDS = (
    "e.id, e.document_id, e.sentence_index, e.plover, e.cameo, e.goldstein, e.modality, "
    "e.source_code, e.source_name, e.source_text, e.target_code, e.target_name, e.target_text, "
    "e.date_value, e.date_precision, e.attribution_party, e.attribution_code, "
    "e.attribution_text, e.attribution_quote, e.issues, e.trigger_text, e.trigger_start, "
    "e.cluster, e.reciprocal, e.record, d.language"
)


class Queries(Protocol):
    """What the comparison reads through: `Store.query`, or the API's read-only adapter
    (both raise StoreError for a query the database cannot answer)."""

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]: ...


class NotFound(LookupError):
    """No event, cluster or document has the given id."""


def compare(store: Queries, ident: str) -> dict[str, Any]:
    """The readouts of the meeting named by `ident` (event id, cluster id, or document id or
    a unique prefix of one), gathered across all articles that report it."""
    kind, cluster, documents = _resolve(store, ident)
    docs = store.query(
        "SELECT id, title, outlet, url, published, language FROM documents "
        "WHERE id IN (SELECT UNNEST(?)) ORDER BY published NULLS LAST, id", [documents])
    rows = store.query(
        f"SELECT {_CLAIM_FIELDS} FROM events e LEFT JOIN documents d ON d.id = e.document_id "
        "WHERE e.document_id IN (SELECT UNNEST(?)) "
        "ORDER BY e.document_id, e.sentence_index, e.trigger_start, e.id", [documents])
    if cluster is None:
        cluster = _main_meeting(rows)
    claims = _dedupe([_claim(r) for r in rows])
    parties: dict[str, dict[str, Any]] = {}
    unattributed = 0
    for claim in claims:
        names = split_party(claim.pop("_party"))
        if not names:
            unattributed += 1
        for name in names:
            party = parties.setdefault(name, {"party": name, "codes": Counter(), "claims": []})
            if claim["_party_code"] and len(names) == 1:
                party["codes"][claim["_party_code"]] += 1
            party["claims"].append({k: v for k, v in claim.items() if not k.startswith("_")})
    readouts = [_readout(p) for p in sorted(parties.values(), key=lambda p: p["party"])]
    return {
        "scope": {"kind": kind, "id": ident, "cluster": cluster, "documents": docs},
        "meeting": _meeting(store, cluster) if cluster else None,
        "parties": readouts,
        "issues": compare_issues(readouts),
        "unattributed_claims": unattributed,
    }


def split_party(party: str | None) -> list[str]:
    """The parties behind an attribution; a joint statement names several."""
    if not party:
        return []
    return [p.strip() for p in party.split(JOINT_SEPARATOR) if p.strip()]


def compare_issues(readouts: list[dict[str, Any]]) -> dict[str, Any]:
    """Issues raised by more than one party, and those only one party raised."""
    raised: dict[str, set[str]] = {}
    for readout in readouts:
        for issue in readout["issues"]:
            raised.setdefault(issue, set()).add(readout["party"])
    shared = sorted(i for i, who in raised.items() if len(who) > 1)
    only = {r["party"]: sorted(i for i in r["issues"] if raised[i] == {r["party"]})
            for r in readouts}
    return {"shared": shared, "only": only}


def _readout(party: dict[str, Any]) -> dict[str, Any]:
    claims = party["claims"]
    tones = [c["goldstein"] for c in claims if c["goldstein"] is not None]
    issues = Counter(i for c in claims for i in c["issues"])
    return {
        "party": party["party"],
        "code": party["codes"].most_common(1)[0][0] if party["codes"] else None,
        "n_claims": len(claims),
        "tone": round(sum(tones) / len(tones), 2) if tones else None,
        # Most often raised first: what the readout stressed.
        "issues": [i for i, _ in sorted(issues.items(), key=lambda kv: (-kv[1], kv[0]))],
        "types": dict(Counter(c["plover"] for c in claims).most_common()),
        "claims": claims,
    }


def _claim(row: dict[str, Any]) -> dict[str, Any]:
    record = row["record"]
    if isinstance(record, str):
        record = json.loads(record)
    sentence = ((record or {}).get("provenance") or {}).get("sentence_text")
    issues = sentence_issues(sentence, row.get("language")) if sentence else None
    return {
        "event_id": row["id"], "document_id": row["document_id"],
        "sentence_index": row["sentence_index"], "plover": row["plover"],
        "cameo": row["cameo"], "goldstein": row["goldstein"], "modality": row["modality"],
        "source": _actor(row, "source"), "target": _actor(row, "target"),
        "date": row["date_value"], "trigger": row["trigger_text"],
        "quote": row["attribution_quote"], "attribution_text": row["attribution_text"],
        "issues": issues if issues is not None else list(row["issues"] or []),
        "sentence": sentence, "cluster": row["cluster"],
        "_party": row["attribution_party"], "_party_code": row["attribution_code"],
        "_mirror": ((row["document_id"], row["sentence_index"], row["trigger_start"],
                     row["plover"]), _actor_key(row, "source"), _actor_key(row, "target"),
                    is_mutual(row["plover"], bool(row["reciprocal"]))),
    }


def _dedupe(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A reciprocal event is stored in both directions; as a claim it is said once."""
    return [claim for claim, _ in one_per_mirror(claims, lambda c: c.pop("_mirror"))]


def _actor(row: dict[str, Any], role: str) -> dict[str, Any] | None:
    text, name, code = row[f"{role}_text"], row[f"{role}_name"], row[f"{role}_code"]
    if not (text or name or code):
        return None
    return {"name": name or text, "code": code}


def _actor_key(row: dict[str, Any], role: str) -> str:
    return row[f"{role}_code"] or row[f"{role}_name"] or row[f"{role}_text"] or ""


@cache
def _issue_matcher(language: str) -> Any:
    from warta.resources import load_pack

    return load_pack(language).issues


def sentence_issues(sentence: str, language: str | None) -> list[str] | None:
    """Issues named in one sentence (the language pack's taxonomy); None without a pack."""
    from warta.text.phrases import tokenize

    try:
        matcher = _issue_matcher(language or "en")
    except (KeyError, OSError):
        return None
    found = matcher.find_all([t.lower for t in tokenize(sentence)])
    return sorted({p.id for m in found for p in m.payloads})


def _resolve(store: Queries, ident: str) -> tuple[str, str | None, list[str]]:
    """(kind, cluster id or None, document ids) for an event, cluster or document id."""
    has_clusters = bool(store.query(
        "SELECT 1 FROM information_schema.tables WHERE table_name = 'clusters'"))
    event = store.query("SELECT document_id, cluster FROM events WHERE id = ?", [ident])
    if event:
        cluster = event[0]["cluster"]
        if cluster:
            return "event", cluster, _cluster_documents(store, cluster)
        return "event", None, [event[0]["document_id"]]
    if has_clusters and store.query("SELECT 1 FROM clusters WHERE id = ?", [ident]):
        return "cluster", ident, _cluster_documents(store, ident)
    docs = store.query("SELECT id FROM documents WHERE id LIKE ? || '%' ORDER BY id", [ident])
    if len(docs) == 1:
        return "document", None, [docs[0]["id"]]
    if len(docs) > 1:
        raise NotFound(f"{ident!r} is the beginning of {len(docs)} document ids; give more "
                       "characters")
    raise NotFound(f"no event, cluster or document with id {ident!r} in this database; list "
                   "them with: SELECT id, title FROM documents")


def _cluster_documents(store: Queries, cluster: str) -> list[str]:
    rows = store.query("SELECT DISTINCT document_id FROM events WHERE cluster = ? ORDER BY 1",
                       [cluster])
    return [r["document_id"] for r in rows]


def _main_meeting(rows: list[dict[str, Any]]) -> str | None:
    """The document's meeting: the CONSULT cluster it mentions most often."""
    counts = Counter(r["cluster"] for r in rows if r["plover"] == "CONSULT" and r["cluster"])
    return counts.most_common(1)[0][0] if counts else None


def _meeting(store: Queries, cluster: str) -> dict[str, Any] | None:
    try:
        rows = store.query("SELECT * FROM clusters WHERE id = ?", [cluster])
    except StoreError:  # a store never clustered has no `clusters` table
        return None
    if not rows:
        return None
    row = rows[0]
    row.pop("updated_at", None)
    return row
