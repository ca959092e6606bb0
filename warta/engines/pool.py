"""The process engine: a pool of worker processes on this machine, each loading the pipeline
once (in its initializer) and coding whole batches."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from warta.engines.base import (
    DEFAULT_FACTORY,
    Batch,
    code_batch,
    default_workers,
    ordered_window,
    worker_pipeline,
)

T = TypeVar("T")


def _initialise(spec: str) -> None:
    # Ctrl-C reaches every process of the terminal's group: the main process stops the run
    # (and these workers), a worker stopping on its own would only break the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    # A load failure is kept, not raised: a raising initializer breaks the whole pool with an
    # opaque BrokenProcessPool; kept, it comes back as CannotCode with its reason.
    try:
        worker_pipeline(spec)
    except Exception:
        pass


def _exit_with_parent() -> None:
    """A worker whose parent was killed (SIGKILL leaves no time to shut the pool down) would
    go on coding for nobody: it notices its new parent and exits."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="warta-parent-watch", daemon=True).start()


class ProcessEngine:
    def __init__(self, *, workers: int | None = None, factory: str = DEFAULT_FACTORY):
        self.workers = workers or default_workers()
        self.factory = factory
        # spawn, not fork: the parent has threads (DuckDB, the progress bar) that a forked
        # child would inherit in whatever state they were, locks included.
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_initialise,
            initargs=(factory,),
        )

    def map(self, batches: Iterable[tuple[T, Batch]]) -> Iterator[tuple[T, list[Any]]]:
        # Two batches per worker: one being coded, one waiting, so no worker idles.
        return ordered_window(batches, self._submit, _result, window=2 * self.workers + 1)

    def _submit(self, docs: Batch) -> Future[list[Any]]:
        # Workers are spawned by submit. One still starting when Ctrl-C comes, before its
        # initializer ignores SIGINT, would die of it and break the pool: spawned while this
        # process ignores SIGINT, a worker inherits that from its first instruction.
        with _sigint_ignored():
            return self._pool.submit(code_batch, self.factory, docs)

    def interrupt(self) -> None:
        """Ctrl-C: the workers' batches would not be written; stop the workers now rather
        than when their batches are done."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may change signal handlers (and receives SIGINT)
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _result(future: Future[list[Any]]) -> list[Any]:
    from warta.runner import CannotCode

    try:
        return future.result()
    except BrokenProcessPool as err:
        # A worker died (out of memory, killed, a crash in native code): nothing more can run.
        raise CannotCode(f"a worker process died ({err}); run again to resume, with fewer "
                         "--workers if memory ran out") from err
