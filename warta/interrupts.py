"""Ctrl-C held back while a database transaction runs.

DuckDB checks for pending signals while it executes a statement and turns a Ctrl-C into a
`RuntimeError: Query interrupted` (or `duckdb.InterruptException`), which the run's
KeyboardInterrupt handling cannot tell from a real failure. Holding the signal until the
transaction has committed or rolled back keeps the store consistent and lets the run stop
the way Ctrl-C should: everything coded kept, the run marked interrupted, exit 130.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Run the block to its end; a Ctrl-C that arrived meanwhile is raised afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives SIGINT and may change its handler
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous in (signal.SIG_IGN, None):
        yield
        return
    received: list[int] = []

    def hold(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt
