"""What the server holds: the database connection, the optional writable store, the pipeline."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from warta.model import Document
from warta.store import Store, StoreError
from warta.store.duckdb_store import stored_version
from warta.store.schema import SCHEMA_VERSION

DEFAULT_MAX_BYTES = 1_000_000  # posted articles: a long news article is well under 100 KB


class DatabaseError(Exception):
    """The database cannot be served; the message says why and what to do."""


@dataclass
class ServerState:
    connection: duckdb.DuckDBPyConnection
    store: Store | None = None  # only with --allow-store: the one writable handle
    max_bytes: int = DEFAULT_MAX_BYTES
    process: Callable[[Document], Document] | None = None  # None: the default pipeline
    # The pipeline and the store's write buffer are not made for concurrent callers.
    lock: threading.RLock = field(default_factory=threading.RLock)
    # The Host headers that name this server (warta.api.guard); None: not checked (bound to
    # every interface, or an app made in-process, as tests do).
    allowed_hosts: frozenset[str] | None = None

    @property
    def allow_store(self) -> bool:
        return self.store is not None

    def code(self, doc: Document) -> Document:
        with self.lock:
            if self.process is None:
                from warta.pipeline import default_pipeline

                self.process = default_pipeline().process
            return self.process(doc)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
        else:
            self.connection.close()


def open_state(path: str, *, allow_store: bool = False,
               max_bytes: int = DEFAULT_MAX_BYTES,
               process: Callable[[Document], Document] | None = None) -> ServerState:
    """Open `path` read-only, or read-write when storing posted articles is allowed.

    The database must exist: serving is for looking at coded data, and a typo in the path
    should not silently serve an empty new database.
    """
    if path != ":memory:" and not os.path.isfile(path):
        raise DatabaseError(f"cannot serve {path!r}: no such database file; create one with "
                            f"`warta code ARTICLES --db {path}`")
    if allow_store:
        try:
            store = Store(path)
        except StoreError as err:
            raise DatabaseError(str(err)) from err
        # Reads share the store's connection: DuckDB refuses a second, read-only handle on a
        # file this process already has open for writing.
        return ServerState(store._connection, store, max_bytes, process)
    try:
        connection = duckdb.connect(path, read_only=True)
    except duckdb.Error as err:
        raise DatabaseError(f"cannot open database {path!r} read-only: {err}") from err
    tables = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
    if not {"documents", "events"} <= tables:
        connection.close()
        raise DatabaseError(f"cannot serve {path!r}: it is not a warta database (no events "
                            "table); create one with `warta code ARTICLES --db FILE`")
    version = stored_version(connection) if "warta_meta" in tables else None
    if version is not None and version < SCHEMA_VERSION:
        # Read-only: the server does not migrate; any command that writes the store does.
        connection.close()
        raise DatabaseError(f"cannot serve {path!r}: it was written by an older warta "
                            f"(schema {version}, now {SCHEMA_VERSION}); bring it up to date "
                            f"once with `warta cluster --db {path}`, then serve it")
    return ServerState(connection, None, max_bytes, process)
