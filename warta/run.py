"""One coding run, the same for every interface: read → code → store → record → cluster.

`warta code`, `warta watch` (one run a cycle), `POST /api/code` and `warta.code_text` all
call `code_run`; what they add is only how they show the outcomes. A run with a store is a
row in its `runs` table (with its tally and whether it finished or was interrupted), the
documents the store refused at a flush are folded back into the tally, and the events it
added are clustered (incrementally, docs/clustering.md) once it has finished.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warta.engines.base import DEFAULT_FACTORY
from warta.model import Document, Skipped
from warta.runner import CannotCode, Outcome, Totals, code_items
from warta.store import Store

if TYPE_CHECKING:
    from warta.cluster.store import ClusterSummary
    from warta.engines.base import Engine

# The pipelines a run loads by name ("module:callable"), so that engine workers in other
# processes can load the same one; tests substitute `make_pipeline`.
LEXICON_FACTORY = "warta.run:make_lexicon_pipeline"

Process = Callable[[Document], Document]


@dataclass(slots=True)
class RunResult:
    """What a run did: its tally, its row in the store's `runs` table, its clustering."""

    totals: Totals
    run_id: int | None = None
    interrupted: bool = False
    clusters: ClusterSummary | None = None


def code_run(
    items: Iterable[Document | Skipped],
    *,
    store: Store | None = None,
    process: Process | None = None,
    engine: Engine | None = None,
    command: Sequence[str] = ("code",),
    watch: Callable[[Iterator[Outcome]], Iterator[Outcome]] | None = None,
    each: Callable[[Outcome], None] | None = None,
) -> RunResult:
    """Code `items` (with `engine`, or `process` in this process) into `store`, if any.

    `watch` wraps the stream of outcomes (a progress reporter, which may stop the run by
    raising); `each` sees every outcome in input order (to print or write it). Ctrl-C keeps
    what was coded: the run is marked "interrupted" and not clustered; the next run with
    the same inputs goes on from the store. Any other exception ends the run unrecorded.
    """
    if engine is None:
        from warta.engines.local import LocalEngine

        engine = LocalEngine(process or lazy_process())
    result = RunResult(Totals())
    if store is not None:
        result.run_id = store.start_run(list(command))
        refused_before = len(store.rejected)  # the store's list spans all its runs
    outcomes: Iterator[Outcome] = code_items(items, store=store, engine=engine)
    if watch is not None:
        outcomes = watch(outcomes)
    try:
        for outcome in outcomes:
            result.totals.add(outcome)
            if each is not None:
                each(outcome)
    except KeyboardInterrupt:
        # The batches the workers hold would not be written: stop them now.
        result.interrupted = True
        stop = getattr(engine, "interrupt", None)
        if stop is not None:
            stop()
    if store is not None and result.run_id is not None:
        _finish(store, result, refused_before)
    return result


def _finish(store: Store, result: RunResult, refused_before: int) -> None:
    from warta.cluster.store import cluster_store

    store.flush()
    totals = result.totals
    for skipped, n_events in store.rejected[refused_before:]:
        totals.reject(skipped, n_events)
    store.finish_run(result.run_id or 0, n_coded=totals.coded, n_events=totals.events,
                     n_skipped=len(totals.skipped), n_already=totals.already,
                     status="interrupted" if result.interrupted else "finished")
    if not result.interrupted:
        # Incremental and cheap (only the new events, only their blocks);
        # `warta cluster --rebuild` starts again from scratch.
        result.clusters = cluster_store(store)


def lazy_process(factory: str = DEFAULT_FACTORY) -> Process:
    """Load the pipeline on the first document to code: a re-run that finds everything
    already coded never pays for loading the language resources."""
    pipeline: list[Any] = []

    def process(doc: Document) -> Document:
        if not pipeline:
            module, _, name = factory.partition(":")
            pipeline.append(getattr(importlib.import_module(module), name)())
        return pipeline[0].process(doc)

    return process


def make_pipeline() -> Any:
    """The default pipeline; a failure to load it stops the run (CannotCode) instead of
    skipping every document."""
    try:
        from warta.pipeline import default_pipeline

        return default_pipeline()
    except Exception as err:
        raise CannotCode(
            f"cannot load warta's pipeline: {type(err).__name__}: {err}; reinstall warta "
            "(pip install -e .) and check that its data files are present"
        ) from err


def make_lexicon_pipeline() -> Any:
    """The pipeline without the event model (`warta code --no-model`)."""
    from warta.pipeline import Pipeline
    from warta.resources import Resources

    return Pipeline(Resources(use_model=False))
