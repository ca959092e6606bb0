"""The Dask engine: batches of documents coded on a dask.distributed cluster.

With `scheduler` ("tcp://host:port") it joins a running cluster, whose workers must have warta
installed (the same version); without, it starts a LocalCluster of `workers` processes with one
thread each (the pipeline is pure Python: threads would only contend for the GIL).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from distributed import Client, LocalCluster, WorkerPlugin

from warta.engines import base
from warta.engines.base import DEFAULT_FACTORY, Batch

T = TypeVar("T")


class LoadPipeline(WorkerPlugin):
    """Loads the pipeline as each worker starts (and on workers that join later), so the
    first batch on a worker does not pay for it."""

    name = "warta-pipeline"

    def __init__(self, factory: str):
        self.factory = factory

    def setup(self, worker: Any) -> None:
        try:
            base.worker_pipeline(self.factory)
        except Exception:
            pass  # reported by the first batch as CannotCode


class DaskEngine:
    def __init__(self, *, workers: int | None = None, scheduler: str | None = None,
                 factory: str = DEFAULT_FACTORY, timeout: str = "30s"):
        self.factory = factory
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler, timeout=timeout)
        else:
            self._cluster = LocalCluster(
                n_workers=workers or base.default_workers(), threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=50,
            )
            self._client = Client(self._cluster)
        self._client.register_plugin(LoadPipeline(factory), name=LoadPipeline.name)
        self.workers = max(1, sum(self._client.nthreads().values()))

    def map(self, batches: Iterable[tuple[T, Batch]]) -> Iterator[tuple[T, list[Any]]]:
        def submit(docs: Batch) -> Any:
            # pure=False: two identical batches (the same file given twice) are two tasks.
            return self._client.submit(base.code_batch, self.factory, docs, pure=False)

        return base.ordered_window(batches, submit, _result, window=2 * self.workers + 1)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _result(future: Any) -> list[Any]:
    return future.result()
