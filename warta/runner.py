"""One coding run: inputs -> (already coded | pipeline | skipped) -> store, as a stream.

The CLI renders what this yields; the logic lives here so that other interfaces (watch,
the REST API) can run the same loop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from warta.model import Document, Skipped, content_id, event_record
from warta.store import Store

if TYPE_CHECKING:
    from warta.engines.base import Engine

# Inputs looked up in the store per query: each DuckDB query has a fixed cost of ~0.5 ms.
LOOKUP_CHUNK = 64


class CannotCode(Exception):
    """Raised by `process` when no document can be coded (the pipeline failed to load):
    unlike an error in one document, this stops the run."""


@dataclass(slots=True)
class Outcome:
    """What happened to one input."""

    status: Literal["coded", "skipped", "already"]
    document: Document | None = None
    skipped: Skipped | None = None
    records: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Totals:
    coded: int = 0
    events: int = 0
    already: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # (origin, message) for each metadata value a coded document's input gave and the reader
    # had to leave out (warta/ingest/metadata.py).
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def reject(self, skipped: Skipped, n_events: int) -> None:
        """A document counted as coded that its store later refused."""
        self.coded -= 1
        self.events -= n_events
        self.skipped.append(skipped)

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "coded":
            self.coded += 1
            self.events += len(outcome.records)
            self.warnings.extend(document_warnings(outcome.document))
        elif outcome.status == "already":
            self.already += 1
        elif outcome.skipped is not None:
            self.skipped.append(outcome.skipped)


def document_warnings(doc: Document | None) -> list[tuple[str, str]]:
    if doc is None:
        return []
    return [(doc.origin or doc.id, w["message"]) for w in doc.meta.get("warnings") or ()]


def code_items(
    items: Iterable[Document | Skipped],
    process: Callable[[Document], Document] | None = None,
    *,
    store: Store | None = None,
    engine: Engine | None = None,
) -> Iterator[Outcome]:
    """Code every input once: documents the store already holds are not processed again.

    Documents are coded by `engine` (default: `process` in this process), in chunks; the
    outcomes come back in input order and are recorded here, by this one writer. An exception
    inside the pipeline skips that document with "internal error: ..." and the run goes on.
    Store failures (StoreError) propagate: the run cannot go on without its output.
    """
    if engine is None:
        from warta.engines.local import LocalEngine

        if process is None:
            raise TypeError("code_items needs `process` or `engine`")
        engine = LocalEngine(process)
    plan = _Plan(store)
    for entries, coded in engine.map(plan.chunks(items)):
        results = iter(coded)
        for entry in entries:
            outcome = plan.resolve(entry, results)
            if store is not None:
                _record(store, outcome)
            yield outcome


# What the plan decided for one input: an outcome known without coding, a document sent to
# the engine ("code"), or a repeat of a document still being coded ("repeat").
_Entry = tuple[Literal["done"], Outcome] | tuple[Literal["code", "repeat"], Document]


class _Plan:
    """Decides, ahead of the engine, which inputs need coding.

    The engine works several chunks ahead of the writer, so a document sent for coding is not
    yet in the store when a later chunk is planned: `in_flight` holds those keys, and a repeat
    of one waits for the first occurrence's outcome instead of being coded twice.
    """

    def __init__(self, store: Store | None):
        self.store = store
        self.in_flight: set[str] = set()
        self.waiting: Counter[str] = Counter()  # repeats per in-flight key
        self.first: dict[str, Outcome] = {}  # outcome of an in-flight key that has repeats

    def chunks(self, items: Iterable[Document | Skipped]
               ) -> Iterator[tuple[list[_Entry], list[Document]]]:
        iterator = iter(items)
        while chunk := list(islice(iterator, LOOKUP_CHUNK)):
            yield self._plan(chunk)

    def _plan(self, chunk: list[Document | Skipped]) -> tuple[list[_Entry], list[Document]]:
        known: set[str] = set()
        if self.store is not None:
            known = self.store.known_input_keys(
                [item.meta.get("input_key", "") for item in chunk if isinstance(item, Document)]
            )
        entries: list[_Entry] = []
        to_code: list[Document] = []
        for item in chunk:
            if isinstance(item, Skipped):
                entries.append(("done", Outcome("skipped", skipped=item)))
                continue
            key = item.meta.get("input_key", "")
            if key and key in known:
                entries.append(("done", Outcome("already", document=item)))
            elif self.store is not None and key and key in self.in_flight:
                self.waiting[key] += 1
                entries.append(("repeat", item))
            else:
                if self.store is not None and key:
                    self.in_flight.add(key)
                entries.append(("code", item))
                to_code.append(item)
        return entries, to_code

    def resolve(self, entry: _Entry, results: Iterator[Outcome]) -> Outcome:
        if entry[0] == "done":
            return entry[1]
        doc = entry[1]
        key = doc.meta.get("input_key", "")
        if entry[0] == "code":
            outcome: Outcome = next(results)
            if key in self.in_flight:
                self.in_flight.discard(key)
                if self.waiting[key]:
                    self.first[key] = outcome
            return outcome
        # A repeat: the first occurrence came earlier in the stream, so it is resolved.
        first = self.first[key]
        self.waiting[key] -= 1
        if not self.waiting[key]:
            del self.waiting[key], self.first[key]
        if first.status == "coded":
            return Outcome("already", document=doc)
        reason = first.skipped.reason if first.skipped else "skipped"
        return Outcome("skipped", document=doc,
                       skipped=Skipped(doc.origin or "<unknown>", reason))


def code_document(doc: Document, process: Callable[[Document], Document]) -> Outcome:
    """Code one document: its outcome with event records, or skipped with the reason."""
    origin = doc.origin or "<unknown>"
    try:
        doc = process(doc)
        if doc.skip_reason:
            return Outcome("skipped", document=doc,
                           skipped=Skipped(origin, doc.skip_reason, doc.id or None))
        doc.id = doc.id or content_id(doc.text or doc.raw)
        _make_event_ids_unique(doc)
        return Outcome("coded", document=doc, records=[event_record(doc, ev) for ev in doc.events])
    except CannotCode:
        raise
    except Exception as err:  # one bad document must never stop the run
        return Outcome("skipped", document=doc,
                       skipped=Skipped(origin, f"internal error: {type(err).__name__}: {err}"))


def _make_event_ids_unique(doc: Document) -> None:
    """Event ids key the JSONL records and the store: a repeat gets "-2", "-3", ... in order,
    identically in both outputs, instead of one event overwriting another downstream."""
    seen: Counter[str] = Counter()
    for index, event in enumerate(doc.events):
        event.id = event.id or f"{doc.id}-{index}"
        seen[event.id] += 1
        if seen[event.id] > 1:
            event.id = f"{event.id}-{seen[event.id]}"


def _record(store: Store, outcome: Outcome) -> None:
    if outcome.status == "coded" and outcome.document is not None:
        store.write(outcome.document, outcome.records)
    elif outcome.status == "skipped" and outcome.skipped is not None:
        key = outcome.document.meta.get("input_key") if outcome.document else None
        store.write_skipped(outcome.skipped, input_key=key)

