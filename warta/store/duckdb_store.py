"""The embedded DuckDB store: documents keyed by content hash, so re-running changes nothing."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import numpy as np

from warta.interrupts import interrupts_deferred
from warta.model import Actor, Document, Event, Mention, Skipped, content_id, event_record
from warta.store.schema import (
    ACTOR_COLUMNS,
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    MIGRATIONS,
    SCHEMA_VERSION,
    SKIPPED_COLUMNS,
    STATEMENTS,
    TABLES,
    WARNING_COLUMNS,
)

MEMORY = ":memory:"
BATCH_SIZE = 200  # documents per transaction
BATCH_SECONDS = 5.0  # a slow stream (feeds) still reaches the database within seconds
# Rows (events and mentions) buffered before a flush whatever the number of documents: 200
# documents of a megabyte each would otherwise hold millions of rows in memory. A document's
# rows are never split (each is committed with all its events), so the buffer holds at most
# this many rows plus those of one document.
ROW_BUDGET = 50_000


class StoreError(Exception):
    """The database cannot be opened or written; the message names the file and the fix."""


@dataclass(slots=True)
class _Rows:
    """A document's rows, buffered until the next flush."""

    document: list[Any]
    events: list[list[Any]]
    mentions: list[list[Any]]
    actors: dict[tuple[str, str], list[Any]]
    warnings: list[list[Any]]


def _now() -> datetime:
    # Stored as naive UTC: DuckDB's TIMESTAMPTZ needs pytz to be read back into Python.
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """Coded documents, their events, mentions and actors, skipped inputs and runs.

    Writes are buffered and flushed in batches: row-at-a-time inserts cost DuckDB about
    0.1 ms per row, a columnar insert of a batch about 5 microseconds. A run killed before a
    flush loses only the unflushed batch, which the next run codes again (nothing is
    duplicated: documents are keyed by content hash).
    """

    def __init__(self, path: str, *, batch_size: int = BATCH_SIZE):
        self.path = path
        self.batch_size = batch_size
        self._connection = _connect(path)
        self._pending: dict[str, _Rows] = {}  # document id -> its rows, in arrival order
        self._pending_keys: set[str] = set()
        self._pending_rows = 0
        self._skipped: dict[tuple[str, str], list[Any]] = {}
        # Documents dropped at a flush (event ids used by another document): with the number
        # of events they held, so that a caller's tally can be corrected.
        self.rejected: list[tuple[Skipped, int]] = []
        self._last_flush = time.monotonic()
        try:
            for statement in STATEMENTS:
                self._connection.execute(statement)
            _migrate(self._connection)
        except duckdb.Error as err:
            self._connection.close()
            raise StoreError(_explain(path, err)) from err

    # -- writing ---------------------------------------------------------------------------

    def known_input_keys(self, input_keys: list[str]) -> set[str]:
        """The subset already coded: one query for many keys (each query costs ~0.5 ms)."""
        wanted = [key for key in input_keys if key]
        known = {key for key in wanted if key in self._pending_keys}
        rest = [key for key in wanted if key not in known]
        if rest:
            rows = self._execute(
                "SELECT DISTINCT input_key FROM documents WHERE input_key IN "
                "(SELECT UNNEST(?))", [rest],
            ).fetchall()
            known.update(row[0] for row in rows)
        return known

    def write(self, doc: Document, records: list[dict[str, Any]] | None = None) -> None:
        """Store a coded document; one already stored (same content hash) changes nothing.

        `records` are the documents' `event_record`s when the caller has built them already.
        """
        doc_id = doc.id or content_id(doc.text or doc.raw)
        if doc_id in self._pending:
            return
        if records is None:
            records = [event_record(doc, ev) for ev in doc.events]
        input_key = doc.meta.get("input_key")
        self._pending[doc_id] = _Rows(
            document=[doc_id, input_key, doc.origin, doc.url, doc.title, doc.outlet,
                      doc.published, doc.language, doc.text, len(doc.sentences),
                      len(doc.events), _now(), doc.source_id],
            events=[_event_row(key, doc_id, ev, rec) for key, ev, rec in
                    zip(_event_keys(doc_id, doc.events), doc.events, records, strict=True)],
            mentions=[_mention_row(doc, doc_id, m) for m in doc.mentions],
            actors=_actor_rows(doc, doc_id),
            warnings=[[doc_id, doc.origin, w["field"], w.get("value"), w["message"], _now()]
                      for w in doc.meta.get("warnings") or ()],
        )
        if input_key:
            self._pending_keys.add(input_key)
        rows = self._pending[doc_id]
        self._pending_rows += len(rows.events) + len(rows.mentions)
        if (len(self._pending) >= self.batch_size or self._pending_rows >= ROW_BUDGET
                or time.monotonic() - self._last_flush > BATCH_SECONDS):
            self.flush()

    def write_skipped(self, skipped: Skipped, input_key: str | None = None) -> None:
        """Record an input that was not coded; the same (origin, reason) is recorded once."""
        self._skipped.setdefault(
            (skipped.origin, skipped.reason),
            [skipped.origin, skipped.reason, input_key, skipped.document_id, _now()],
        )
        if len(self._skipped) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write everything buffered in one transaction."""
        self._last_flush = time.monotonic()
        if not self._pending and not self._skipped:
            return
        with interrupts_deferred():
            self._flush()

    def _flush(self) -> None:
        con = self._connection
        try:
            con.execute("BEGIN TRANSACTION")
            pending = self._drop_stored_and_clashing()
            documents = [rows.document for rows in pending]
            self._insert("documents", DOCUMENT_COLUMNS, documents)
            self._insert("events", EVENT_COLUMNS, [r for rows in pending for r in rows.events])
            self._insert("mentions", MENTION_COLUMNS,
                         [r for rows in pending for r in rows.mentions])
            actors: dict[tuple[str, str], list[Any]] = {}
            for rows in pending:
                for key, row in rows.actors.items():
                    actors.setdefault(key, row)
            self._insert("actors", ACTOR_COLUMNS, list(actors.values()), ignore=True)
            self._insert("warnings", WARNING_COLUMNS,
                         [r for rows in pending for r in rows.warnings], ignore=True)
            if documents:
                # An input skipped by an earlier run (too long, a bug since fixed) is coded
                # now: the skipped table lists what is missing, so its old row goes.
                con.execute(
                    "DELETE FROM skipped WHERE input_key IN (SELECT UNNEST(?)) "
                    "OR origin IN (SELECT UNNEST(?))",
                    [[d[1] for d in documents if d[1]], [d[2] for d in documents if d[2]]],
                )
            self._insert("skipped", SKIPPED_COLUMNS, list(self._skipped.values()), ignore=True)
            con.execute("COMMIT")
        except duckdb.Error as err:
            _rollback(con)
            raise StoreError(_explain(self.path, err)) from err
        except BaseException:
            # Nothing half-written stays open; the buffer is kept, so that a later flush
            # commits it whole.
            _rollback(con)
            raise
        self._pending, self._pending_keys, self._skipped = {}, set(), {}
        self._pending_rows = 0

    def _drop_stored_and_clashing(self) -> list[_Rows]:
        """Pending documents minus those already stored and those whose event ids are taken.

        Checked here, per batch, rather than per write: each DuckDB query costs ~0.5 ms.
        """
        ids = list(self._pending)
        stored = {row[0] for row in self._connection.execute(
            "SELECT id FROM documents WHERE id IN (SELECT UNNEST(?))", [ids]).fetchall()}
        fresh = {doc_id: rows for doc_id, rows in self._pending.items() if doc_id not in stored}
        owner: dict[str, str] = {}
        for doc_id, rows in fresh.items():
            for event in rows.events:
                owner.setdefault(event[0], doc_id)
        event_ids = list(owner)
        taken = {row[0] for row in self._connection.execute(
            "SELECT id FROM events WHERE id IN (SELECT UNNEST(?))", [event_ids]).fetchall()}
        result = []
        for doc_id, rows in fresh.items():
            if any(event[0] in taken or owner[event[0]] != doc_id for event in rows.events):
                # A pipeline bug, not bad input: keep the run going and account for it.
                origin = rows.document[2] or doc_id
                reason = "internal error: event ids are not unique across documents"
                self._skipped.setdefault(
                    (origin, reason), [origin, reason, rows.document[1], doc_id, _now()])
                self.rejected.append((Skipped(origin, reason, doc_id), len(rows.events)))
                continue
            result.append(rows)
        return result

    def start_run(self, argv: list[str]) -> int:
        with interrupts_deferred():
            row = self._execute(
                "INSERT INTO runs (started_at, argv, status) VALUES (?, ?, 'running') "
                "RETURNING id", [_now(), json.dumps(argv, ensure_ascii=False)],
            ).fetchone()
        assert row is not None
        return int(row[0])

    def finish_run(self, run_id: int, *, n_coded: int, n_events: int, n_skipped: int,
                   n_already: int, status: str = "finished") -> None:
        """The run's tally; `status` "interrupted" for a run stopped by Ctrl-C."""
        self.flush()
        with interrupts_deferred():
            self._execute(
                "UPDATE runs SET finished_at = ?, n_coded = ?, n_events = ?, n_skipped = ?, "
                "n_already = ?, status = ? WHERE id = ?",
                [_now(), n_coded, n_events, n_skipped, n_already, status, run_id],
            )

    def close(self) -> None:
        """Flush and close; the connection is closed even when the flush fails."""
        try:
            self.flush()
        finally:
            self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def events(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Event rows in document and sentence order; `record` parsed back into a dict."""
        sql = "SELECT * FROM events ORDER BY document_id, sentence_index, trigger_start, id"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self.query(sql, params)
        for row in rows:
            if isinstance(row.get("record"), str):
                row["record"] = json.loads(row["record"])
        return rows

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        self.flush()
        counts = {}
        for table in TABLES:
            row = self._execute(f"SELECT count(*) FROM {table}").fetchone()
            counts[table] = int(row[0]) if row else 0
        return counts

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Rows of any SQL query as dicts (for scripts, tests and the other interfaces)."""
        self.flush()
        cursor = self._execute(sql, params)
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # -- internals -------------------------------------------------------------------------

    def _execute(self, sql: str, params: list[Any] | None = None) -> duckdb.DuckDBPyConnection:
        try:
            return self._connection.execute(sql, params or [])
        except duckdb.Error as err:
            raise StoreError(_explain(self.path, err)) from err

    def _insert(self, table: str, columns: list[str], rows: list[list[Any]], *,
                ignore: bool = False) -> None:
        if not rows:
            return
        batch = {name: _column([row[i] for row in rows]) for i, name in enumerate(columns)}
        names = ", ".join(f'"{name}"' for name in columns)
        conflict = " ON CONFLICT DO NOTHING" if ignore else ""
        self._connection.register("warta_batch", batch)
        try:
            self._connection.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM warta_batch{conflict}"
            )
        finally:
            self._connection.unregister("warta_batch")


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version a database was written with; None for a new database."""
    row = con.execute("SELECT value FROM warta_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring an older database up to SCHEMA_VERSION (schema.MIGRATIONS, in one transaction);
    a new one is marked with the current version. A database of a newer version is left as
    it is."""
    version = stored_version(con)
    if version is None:
        con.execute("INSERT INTO warta_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        return
    if version >= SCHEMA_VERSION:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS.get(step, ()):
                con.execute(statement)
        if con.execute("SELECT 1 FROM information_schema.tables "
                       "WHERE table_name = 'clusters'").fetchone():
            # Reciprocal events merged: a cluster counts its mentions again.
            con.execute("UPDATE clusters SET n_mentions = (SELECT count(*) FROM events e "
                        "WHERE e.cluster = clusters.id)")
        con.execute("UPDATE warta_meta SET value = ? WHERE key = 'schema_version'",
                    [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def _column(values: list[Any]) -> np.ndarray:
    # Object arrays keep None as NULL and lists as lists (the VARCHAR[] issues column).
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


def _connect(path: str) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(path)
    except duckdb.Error as err:
        raise StoreError(_explain(path, err)) from err


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass  # no transaction open: the failure happened before BEGIN took effect


def _explain(path: str, err: Exception) -> str:
    """What went wrong with the database file, and what to do about it."""
    message = str(err)
    directory = os.path.dirname(os.path.abspath(path))
    if path != MEMORY:
        if os.path.isdir(path):
            return (f"cannot open database {path!r}: it is a directory; give a file path "
                    f"such as {os.path.join(path, 'warta.duckdb')!r}")
        if not os.path.isdir(directory):
            return (f"cannot open database {path!r}: directory {directory!r} does not exist; "
                    "create it first or choose another path")
        if "not a valid DuckDB database" in message:
            return (f"cannot open database {path!r}: the file exists but is not a DuckDB "
                    "database (or was written by a newer DuckDB); choose another path")
        if "lock" in message.lower():
            return (f"cannot open database {path!r}: another process is using it; wait for "
                    "that process to finish, or choose another path")
        writable = os.access(path, os.W_OK) if os.path.exists(path) else os.access(
            directory, os.W_OK)
        if not writable or "Permission denied" in message:
            return (f"cannot write database {path!r}: permission denied; fix the "
                    "permissions or choose a writable path")
    return f"database {path!r} failed: {message}"


def _actor_fields(actor: Actor | None) -> list[Any]:
    if actor is None:
        return [None] * 8
    return [actor.text, actor.name, actor.code, actor.country, actor.sector, actor.resolution,
            actor.start, actor.end]


def _event_keys(doc_id: str, events: list[Event]) -> list[str]:
    """Event ids, made unique within the document: a repeated id gets "-2", "-3", ... so that
    no event is lost to the primary key (the record JSON keeps the id as the pipeline set it).
    """
    keys, seen = [], Counter[str]()
    for index, ev in enumerate(events):
        # Event ids come from the pipeline; a missing one still needs a stable unique key.
        key = ev.id or f"{doc_id}-{index}"
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return keys


def _event_row(key: str, doc_id: str, ev: Event, record: dict[str, Any]) -> list[Any]:
    date, place, attribution = ev.date, ev.place, ev.attribution
    party = attribution.party if attribution else None
    return [
        key, doc_id, ev.sentence, ev.plover, ev.cameo, ev.cameo_base, ev.cameo_root,
        ev.quad_class, ev.goldstein, ev.mode, ev.context, ev.modality, ev.reciprocal,
        *_actor_fields(ev.source), *_actor_fields(ev.target),
        date.value if date else None, date.precision if date else None,
        date.method if date else None,
        place.name if place else None, place.country if place else None,
        place.lat if place else None, place.lon if place else None,
        (party.name or party.text) if party else None, party.code if party else None,
        attribution.text if attribution else None, attribution.quote if attribution else None,
        list(ev.issues), ev.trigger_text, ev.trigger_start, ev.trigger_end, ev.method,
        ev.confidence, ev.cluster, json.dumps(record, ensure_ascii=False),
    ]


def _mention_code(doc: Document, mention: Mention) -> tuple[str | None, str | None]:
    entity = mention.entity
    code = mention.code or (entity.code_on(doc.published) if entity else None)
    name = mention.name or (entity.name if entity else None)
    return code, name


def _mention_row(doc: Document, doc_id: str, mention: Mention) -> list[Any]:
    code, name = _mention_code(doc, mention)
    return [doc_id, mention.sentence, mention.kind, mention.text, mention.start, mention.end,
            code, name, mention.resolution]


def _actor_rows(doc: Document, doc_id: str) -> dict[tuple[str, str], list[Any]]:
    """One row per distinct (code, name) in the document; the table keeps the first seen."""
    seen: dict[tuple[str, str], list[Any]] = {}
    for ev in doc.events:
        for actor in (ev.source, ev.target):
            if actor is not None and actor.code:
                key = (actor.code, actor.name or "")
                seen.setdefault(key, [*key, actor.country, actor.sector, doc_id])
    for mention in doc.mentions:
        code, name = _mention_code(doc, mention)
        if code:
            key = (code, name or "")
            country = mention.country or (mention.entity.country if mention.entity else None)
            sector = mention.sector or (mention.entity.sector if mention.entity else None)
            seen.setdefault(key, [*key, country, sector, doc_id])
    return seen
