"""Engines: where documents are coded. All call the same `code_document`; only batching differs.

- `local`: in this process, one document after another.
- `process`: a pool of worker processes on this machine (`--workers N`).
- `dask`: a Dask cluster, the one at `--scheduler tcp://host:port` or a local one.

Every engine yields outcomes in input order, so that all produce identical records and the
single writer in the main process (the store, JSONL or Parquet) sees one ordered stream.
"""

from __future__ import annotations

from collections.abc import Callable

from warta.engines.base import DEFAULT_FACTORY, Engine
from warta.model import Document

ENGINES = ("local", "process", "dask")


class EngineError(Exception):
    """The engine cannot start (no such scheduler, a cluster that does not answer)."""


def make_engine(
    name: str,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    process: Callable[[Document], Document] | None = None,
    factory: str = DEFAULT_FACTORY,
    connect_timeout: str = "30s",
) -> Engine:
    """The engine called `name`. `process` codes documents in this process (local engine);
    the others load the pipeline in each worker by calling `factory` ("module:function")."""
    if name == "local":
        from warta.engines.local import LocalEngine

        return LocalEngine(process, factory)
    if name == "process":
        from warta.engines.pool import ProcessEngine

        return ProcessEngine(workers=workers, factory=factory)
    if name == "dask":
        try:
            from warta.engines.dask_engine import DaskEngine

            return DaskEngine(workers=workers, scheduler=scheduler, factory=factory,
                              timeout=connect_timeout)
        except (OSError, TimeoutError, ValueError) as err:
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise EngineError(f"cannot start {where}: {type(err).__name__}: {err}; check "
                              "the address (tcp://HOST:8786) and that the scheduler runs"
                              ) from err
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


__all__ = ["ENGINES", "Engine", "EngineError", "make_engine"]
