"""One coding run: inputs -> (already coded | pipeline | skipped) -> store, as a stream.

The CLI renders what this yields; the logic lives here so that other interfaces (watch,
the REST API) can run the same loop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal

from warta.model import Document, Skipped, content_id, event_record
from warta.store import Store

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

    def reject(self, skipped: Skipped, n_events: int) -> None:
        """A document counted as coded that its store later refused."""
        self.coded -= 1
        self.events -= n_events
        self.skipped.append(skipped)

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "coded":
            self.coded += 1
            self.events += len(outcome.records)
        elif outcome.status == "already":
            self.already += 1
        elif outcome.skipped is not None:
            self.skipped.append(outcome.skipped)


def code_items(
    items: Iterable[Document | Skipped],
    process: Callable[[Document], Document],
    *,
    store: Store | None = None,
) -> Iterator[Outcome]:
    """Code every input once: documents the store already holds are not processed again.

    An exception inside `process` skips that document with "internal error: ..." and the run
    goes on. Store failures (StoreError) propagate: the run cannot go on without its output.
    """
    iterator = iter(items)
    while chunk := list(islice(iterator, LOOKUP_CHUNK)):
        known: set[str] = set()
        if store is not None:
            known = store.known_input_keys(
                [item.meta.get("input_key", "") for item in chunk if isinstance(item, Document)]
            )
        for item in chunk:
            if isinstance(item, Skipped):
                outcome = Outcome("skipped", skipped=item)
            elif item.meta.get("input_key") in known:
                outcome = Outcome("already", document=item)
            else:
                outcome = _code_document(item, process)
            if store is not None:
                _record(store, outcome)
                if outcome.status == "coded":
                    # A repeat later in this chunk (a file given twice) is already coded too;
                    # later chunks find it through the store.
                    known.add(item.meta.get("input_key", ""))
            yield outcome


def _code_document(doc: Document, process: Callable[[Document], Document]) -> Outcome:
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
