"""What every engine shares: the interface, ordered windows of work, the worker-side state."""

from __future__ import annotations

import importlib
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from warta.model import Document

# The pipeline a worker loads, as "module:callable" so that it can cross process boundaries
# by name (a loaded pipeline is far too big to pickle for every task).
DEFAULT_FACTORY = "warta.run:make_pipeline"

T = TypeVar("T")
Batch = list[Document]


class Engine(Protocol):
    """Codes batches of documents; results come back in the order the batches went in."""

    workers: int

    def map(self, batches: Iterable[tuple[T, Batch]]) -> Iterator[tuple[T, list[Any]]]:
        """(token, outcomes) for every (token, documents), in input order; `token` is carried
        through untouched (the runner's plan for that chunk)."""
        ...

    def close(self) -> None: ...


def default_workers() -> int:
    """The CPUs this process may use (a container's or a job's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def ordered_window(
    batches: Iterable[tuple[T, Batch]],
    submit: Callable[[Batch], Any],
    result: Callable[[Any], list[Any]],
    window: int,
) -> Iterator[tuple[T, list[Any]]]:
    """Keep at most `window` batches in flight and yield their results in input order.

    Bounded so that a corpus of millions of articles is never read into memory ahead of the
    workers; in order so that every engine writes the same stream.
    """
    pending: deque[tuple[T, Any]] = deque()
    for token, docs in batches:
        pending.append((token, submit(docs) if docs else None))
        while len(pending) >= window:
            done_token, handle = pending.popleft()
            yield done_token, (result(handle) if handle is not None else [])
    while pending:
        done_token, handle = pending.popleft()
        yield done_token, (result(handle) if handle is not None else [])


# -- worker side: one pipeline per process, loaded once --------------------------------------

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def load_factory(spec: str) -> Callable[[], Any]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def worker_pipeline(spec: str) -> Any:
    """This process's pipeline, made by `spec` on first use; a failure to load is remembered
    and raised as CannotCode for every batch, which stops the run in the main process."""
    from warta.runner import CannotCode

    with _lock:  # Dask workers may run tasks in threads
        if spec not in _loaded:
            try:
                _loaded[spec] = load_factory(spec)()
            except Exception as err:
                _loaded[spec] = CannotCode(str(err) if isinstance(err, CannotCode) else
                                           f"cannot load warta's pipeline in a worker: "
                                           f"{type(err).__name__}: {err}")
        loaded = _loaded[spec]
    if isinstance(loaded, CannotCode):
        raise loaded
    return loaded


def code_batch(spec: str, docs: Batch) -> list[Any]:
    """Code `docs` in a worker: the outcomes, slimmed for the trip back to the writer."""
    from warta.runner import code_document

    pipeline = worker_pipeline(spec)
    batch = getattr(pipeline, "process_batch", None)
    if batch is None:
        outcomes = [code_document(doc, pipeline.process) for doc in docs]
    else:
        # Stage by stage over the batch (the classifier embeds its sentences at once); each
        # document's result or error still becomes its own outcome.
        results = batch(list(docs))
        outcomes = [code_document(doc, _replay(result)) for doc, result in
                    zip(docs, results, strict=True)]
    for outcome in outcomes:
        if outcome.document is not None:
            slim(outcome.document)
    return outcomes


def _replay(result: Any) -> Any:
    def process(_doc: Document) -> Document:
        if isinstance(result, Exception):
            raise result
        return result

    return process


def slim(doc: Document) -> None:
    """Drop what no writer reads: the tokens (most of a coded document's pickled size) and
    the raw input (the cleaned text, the id and the input key are kept)."""
    for sentence in doc.sentences:
        sentence.tokens = []
    if doc.text:
        doc.raw = ""
