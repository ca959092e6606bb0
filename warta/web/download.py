"""Download of a filtered event view in any export format, by the store's own exporters.

The events matching the filters, their documents and the rows that hang on them are copied
into a temporary store, and `warta.store.export.export` writes that store: a download holds
exactly what `warta export` would write for a database of just those events.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb

from warta.store import Store, export
from warta.store.queries import EventQuery, event_selection

# format -> (file name suffix, media type)
FORMATS = {
    "csv": ("csv", "text/csv; charset=utf-8"),
    "parquet": ("parquet", "application/vnd.apache.parquet"),
    "gdelt": ("gdelt.tsv", "text/tab-separated-values; charset=utf-8"),
    "plover": ("plover.jsonl", "application/x-ndjson; charset=utf-8"),
    "jsonl": ("jsonl", "application/x-ndjson; charset=utf-8"),
}
# Bookkeeping of the source store that no export reads.
_LEFT_OUT = {"warta_meta", "runs", "skipped", "warnings"}


class DownloadError(ValueError):
    """The download cannot be made (unknown format); the message says what to ask for."""


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _copy_subset(con: duckdb.DuckDBPyConnection, query: EventQuery, directory: Path) -> Path:
    """The matching events and what hangs on them, as a store in `directory`."""
    selection, params = event_selection(query)
    documents = f"SELECT x.document_id FROM events x WHERE x.id IN ({selection})"
    cur = con.cursor()
    tables = [row[0] for row in cur.execute("SHOW TABLES").fetchall()]
    copied: list[tuple[str, Path]] = []
    for table in tables:
        if table in _LEFT_OUT:
            continue
        columns = {row[0] for row in cur.execute(f'DESCRIBE "{table}"').fetchall()}
        if table == "events":
            where, args = f" WHERE id IN ({selection})", params
        elif table == "documents":
            where, args = f" WHERE id IN ({documents})", params
        elif "event_id" in columns:
            where, args = f" WHERE event_id IN ({selection})", params
        elif "document_id" in columns:
            where, args = f" WHERE document_id IN ({documents})", params
        else:
            where, args = "", []
        out = directory / f"{table}.parquet"
        cur.execute(f'COPY (SELECT * FROM "{table}"{where}) TO {_quote(out)} (FORMAT PARQUET)',
                    args)
        copied.append((table, out))
    path = directory / "subset.duckdb"
    store = Store(str(path))
    try:
        present = {row["name"] for row in store.query("SHOW TABLES")}
        for table, out in copied:
            if table in present:
                store.query(f'INSERT INTO "{table}" BY NAME SELECT * FROM read_parquet('
                            f'{_quote(out)})')
            else:
                store.query(f'CREATE TABLE "{table}" AS SELECT * FROM read_parquet('
                            f'{_quote(out)})')
    finally:
        store.close()
    return path


def export_filtered(con: duckdb.DuckDBPyConnection, query: EventQuery,
                    fmt: str) -> tuple[Path, Path, int]:
    """Write the events matching `query` in `fmt` to a new temporary directory.

    Returns (the directory, which the caller removes; the file; the number of events).
    """
    if fmt not in FORMATS:
        raise DownloadError(f"unknown download format {fmt!r}; choose one of "
                            f"{', '.join(FORMATS)}")
    directory = Path(tempfile.mkdtemp(prefix="warta-download-"))
    try:
        subset = _copy_subset(con, query, directory)
        out = directory / f"warta-events.{FORMATS[fmt][0]}"
        with Store(str(subset)) as store:
            n = export.export(store, fmt, str(out))
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return directory, out, n
