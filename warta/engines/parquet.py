"""Parquet output (`--out DIR --format parquet`): event and document records as partitions.

    DIR/events/part-<run>-<n>.parquet     one row per event (flat columns + the JSON record)
    DIR/documents/part-<run>-<n>.parquet  one row per coded document (the progress record)
    DIR/skipped/part-<run>-<n>.parquet    inputs not coded, with the reason

Every partition is written to a temporary name and renamed, events before documents under
the same part name: after a kill, an events part without its documents part is a batch that
never finished, removed on the next start, and its documents are coded again. So the
directory is its own progress record: a re-run codes only what it does not hold.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from typing import Any

from warta.model import Document, Skipped, content_id

BATCH = 200  # documents per partition
KINDS = ("events", "documents", "skipped")


class OutputError(Exception):
    """The output directory cannot be written; the message names it and the fix."""


class ParquetSink:
    """Quacks like the Store for `warta.runner.code_items`: known keys in, rows out."""

    def __init__(self, directory: str, *, batch: int = BATCH):
        import pyarrow.parquet  # noqa: F401 - fail here, not at the first flush

        self.directory = directory
        self.batch = batch
        self.rejected: list[tuple[Skipped, int]] = []
        self._run = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        self._part = 0
        self._events: list[dict[str, Any]] = []
        self._documents: list[dict[str, Any]] = []
        self._skipped: list[dict[str, Any]] = []
        try:
            for kind in KINDS:
                os.makedirs(os.path.join(directory, kind), exist_ok=True)
            self._remove_unfinished()
            self._known = self._column("documents", "input_key")
            self._skips = set(zip(self._column("skipped", "origin", unique=False),
                                  self._column("skipped", "reason", unique=False), strict=True))
        except OSError as err:
            raise OutputError(_explain(directory, err)) from err

    # -- the Store's interface, as code_items and the CLI use it ------------------------------

    def known_input_keys(self, input_keys: list[str]) -> set[str]:
        return {key for key in input_keys if key in self._known}

    def write(self, doc: Document, records: list[dict[str, Any]] | None = None) -> None:
        key = doc.meta.get("input_key") or content_id(doc.raw)
        if key in self._known:
            return
        self._known.add(key)
        doc_id = doc.id or content_id(doc.text or doc.raw)
        for record in records or []:
            self._events.append(_event_row(record, key))
        self._documents.append({
            "id": doc_id, "input_key": key, "origin": doc.origin, "url": doc.url,
            "title": doc.title, "outlet": doc.outlet, "published": doc.published,
            "language": doc.language, "n_sentences": len(doc.sentences),
            "n_events": len(records or []),
        })
        if len(self._documents) >= self.batch:
            self.flush()

    def write_skipped(self, skipped: Skipped, input_key: str | None = None) -> None:
        if (skipped.origin, skipped.reason) in self._skips:
            return
        self._skips.add((skipped.origin, skipped.reason))
        self._skipped.append({"origin": skipped.origin, "reason": skipped.reason,
                              "input_key": input_key, "document_id": skipped.document_id})

    def flush(self) -> None:
        if not (self._documents or self._skipped):
            return
        self._part += 1
        name = f"part-{self._run}-{self._part:05d}.parquet"
        try:
            # Events first: a documents part is the promise that its events are on disk.
            if self._events:
                self._write("events", name, self._events)
            if self._documents:
                self._write("documents", name, self._documents)
            if self._skipped:
                self._write("skipped", name, self._skipped)
        except OSError as err:
            raise OutputError(_explain(self.directory, err)) from err
        self._events, self._documents, self._skipped = [], [], []

    def start_run(self, argv: list[str]) -> None:
        # No runs table: None tells the CLI that there is no run to finish or to cluster.
        return None

    def finish_run(self, run_id: int, **counts: int) -> None:
        self.flush()

    def close(self) -> None:
        self.flush()

    # -- internals ---------------------------------------------------------------------------

    def _write(self, kind: str, name: str, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        final = os.path.join(self.directory, kind, name)
        temporary = final + ".tmp"
        pq.write_table(pa.Table.from_pylist(rows), temporary, compression="zstd")
        os.replace(temporary, final)

    def _parts(self, kind: str) -> list[str]:
        folder = os.path.join(self.directory, kind)
        return sorted(n for n in os.listdir(folder) if n.endswith(".parquet"))

    def _remove_unfinished(self) -> None:
        for kind in KINDS:
            folder = os.path.join(self.directory, kind)
            for name in os.listdir(folder):
                if name.endswith(".tmp"):
                    os.remove(os.path.join(folder, name))
        finished = set(self._parts("documents"))
        for name in self._parts("events"):
            if name not in finished:
                os.remove(os.path.join(self.directory, "events", name))

    def _column(self, kind: str, column: str, *, unique: bool = True) -> Any:
        import pyarrow.parquet as pq

        values: list[Any] = []
        for name in self._parts(kind):
            table = pq.read_table(os.path.join(self.directory, kind, name), columns=[column])
            values.extend(table.column(column).to_pylist())
        return set(values) if unique else values


def _event_row(record: dict[str, Any], input_key: str) -> dict[str, Any]:
    """Flat columns for analysis, and the whole record as JSON beside them."""
    kind, prov = record["type"], record["provenance"]
    source, target = record.get("source") or {}, record.get("target") or {}
    date = record.get("date") or {}
    attribution = record.get("attribution") or {}
    party = attribution.get("party") or {}
    return {
        "id": record["id"], "document_id": prov["document_id"], "input_key": input_key,
        "plover": kind["plover"], "cameo": kind["cameo"], "cameo_root": kind["cameo_root"],
        "quad_class": kind["quad_class"], "goldstein": kind["goldstein"],
        "source_code": source.get("code"), "source_name": source.get("name"),
        "target_code": target.get("code"), "target_name": target.get("name"),
        "date_value": date.get("value"), "date_precision": date.get("precision"),
        "modality": record.get("modality"),
        "attribution_party": party.get("name") or party.get("text"),
        "issues": list(record.get("issues") or []),
        "sentence_index": prov["sentence_index"], "language": prov["language"],
        "origin": prov["origin"], "published": prov["published"],
        "record": json.dumps(record, ensure_ascii=False, sort_keys=True),
    }


def _explain(directory: str, err: OSError) -> str:
    if isinstance(err, PermissionError):
        return (f"cannot write --out {directory!r}: permission denied; fix the permissions "
                "or choose a writable directory")
    if os.path.exists(directory) and not os.path.isdir(directory):
        return (f"cannot write --out {directory!r}: it is a file; --format parquet writes a "
                "directory of partitions, give a directory name")
    return f"cannot write --out {directory!r}: {err.strerror or err}"


class Both:
    """The DuckDB store and a Parquet directory together: an input is done when both hold
    it; each writes only what it lacks (the store drops documents it already has)."""

    def __init__(self, store: Any, sink: ParquetSink):
        self.store, self.sink = store, sink

    def __getattr__(self, name: str) -> Any:
        # Everything else (queries, clustering) is the database's business.
        return getattr(self.store, name)

    def known_input_keys(self, input_keys: list[str]) -> set[str]:
        return self.store.known_input_keys(input_keys) & self.sink.known_input_keys(input_keys)

    def write(self, doc: Document, records: list[dict[str, Any]] | None = None) -> None:
        self.store.write(doc, records)
        self.sink.write(doc, records)

    def write_skipped(self, skipped: Skipped, input_key: str | None = None) -> None:
        self.store.write_skipped(skipped, input_key)
        self.sink.write_skipped(skipped, input_key)

    def flush(self) -> None:
        self.store.flush()
        self.sink.flush()

    def start_run(self, argv: list[str]) -> int:
        return self.store.start_run(argv)

    def finish_run(self, run_id: int, **counts: int) -> None:
        self.sink.flush()
        self.store.finish_run(run_id, **counts)

    def close(self) -> None:
        try:
            self.sink.close()
        finally:
            self.store.close()


def open_output(store: Any, directory: str) -> Any:
    """The writer for `--out DIR --format parquet`, with the --db store when there is one."""
    sink = ParquetSink(directory)
    return sink if store is None else Both(store, sink)
