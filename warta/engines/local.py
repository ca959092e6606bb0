"""The local engine: this process, one document after another (the default)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from warta.engines.base import DEFAULT_FACTORY, Batch, load_factory
from warta.model import Document

T = TypeVar("T")


class LocalEngine:
    workers = 1

    def __init__(self, process: Callable[[Document], Document] | None = None,
                 factory: str = DEFAULT_FACTORY):
        if process is None:
            pipeline = load_factory(factory)()
            process = pipeline.process
        self.process = process

    def map(self, batches: Iterable[tuple[T, Batch]]) -> Iterator[tuple[T, list[Any]]]:
        from warta.runner import code_document

        for token, docs in batches:
            yield token, [code_document(doc, self.process) for doc in docs]

    def close(self) -> None:
        pass
