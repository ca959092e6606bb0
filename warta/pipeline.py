"""Stage order and the `process(document) -> document` entry point.

Every engine (local, process pool, Dask) calls `Pipeline.process`; only batching and I/O differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from warta.model import Document
from warta.resources import Resources, load_resources

Stage = Callable[[Document, Resources], Document]


def default_stages() -> list[Stage]:
    # Imported here so that `import warta` stays cheap.
    from warta.actors.mentions import find_mentions
    from warta.events.classify import classify_events
    from warta.events.context import add_context
    from warta.events.extract import extract_events
    from warta.text.clean import clean
    from warta.text.langid import identify_language
    from warta.text.segment import segment

    return [clean, identify_language, segment, find_mentions, extract_events, classify_events,
            add_context]


class Pipeline:
    """An ordered list of pure stages over loaded resources."""

    def __init__(self, resources: Resources | None = None, stages: list[Stage] | None = None):
        self.resources = resources or load_resources()
        self.stages = stages or default_stages()

    def process(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc, self.resources)
            if doc.skip_reason:
                break
        return doc

    def pipe(self, documents: Iterable[Document]) -> Iterator[Document]:
        for doc in documents:
            yield self.process(doc)


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """One pipeline per process, so resources load once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT
