"""Code one gold sentence with warta and view its events with spans in the gold's offsets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from warta.evaluation.spans import OffsetMap, Span
from warta.model import Actor, Document, Event


class Processor(Protocol):
    def process(self, doc: Document) -> Document: ...


@dataclass(slots=True)
class EventView:
    """A predicted event as the scorers need it; spans are offsets into the gold sentence."""

    root: str
    trigger: Span
    source: Span | None
    target: Span | None
    source_text: str
    target_text: str
    source_code: str | None
    target_code: str | None
    confidence: float
    reciprocal: bool
    trigger_text: str
    method: str

    def describe(self) -> str:
        src = f"{self.source_text or '∅'}[{self.source_code or '-'}]"
        tgt = f"{self.target_text or '∅'}[{self.target_code or '-'}]"
        return f"{self.root}({src} → {tgt}; '{self.trigger_text}')"


@dataclass(slots=True)
class Coded:
    sentence: str
    doc: Document
    offsets: OffsetMap
    events: list[EventView] = field(default_factory=list)
    skipped: str | None = None


def _actor_span(actor: Actor | None, offsets: OffsetMap) -> Span | None:
    if actor is None or actor.end <= actor.start:
        return None
    return offsets.span(actor.start, actor.end)


def view(event: Event, offsets: OffsetMap) -> EventView:
    src, tgt = event.source, event.target
    return EventView(
        root=event.plover,
        trigger=offsets.span(event.trigger_start, event.trigger_end),
        source=_actor_span(src, offsets), target=_actor_span(tgt, offsets),
        source_text=src.text if src else "", target_text=tgt.text if tgt else "",
        source_code=src.code if src else None, target_code=tgt.code if tgt else None,
        confidence=event.confidence, reciprocal=event.reciprocal,
        trigger_text=event.trigger_text, method=event.method,
    )


def code_sentence(pipeline: Processor, sentence: str, lang: str | None,
                  published: str | None = None) -> Coded:
    """Code `sentence` as a one-sentence document; a skipped document has no events."""
    doc = pipeline.process(Document(raw=sentence, language_hint=lang, published=published,
                                    origin="eval"))
    offsets = OffsetMap(sentence, doc.text or sentence)
    coded = Coded(sentence, doc, offsets, skipped=doc.skip_reason)
    if not doc.skip_reason:
        coded.events = [view(ev, offsets) for ev in doc.events]
    return coded


def default_processor(*, tag_all_names: bool = False, use_model: bool = True) -> Processor:
    """One pipeline for the whole run: resources load once.

    `tag_all_names` runs the name tagger on every sentence (name-recognition scoring), not
    only on sentences that can hold an event as coding does for speed.
    """
    from warta.pipeline import Pipeline
    from warta.resources import Resources

    if tag_all_names:
        return Pipeline(Resources(tag_all_names=True, use_model=False))
    return Pipeline() if use_model else Pipeline(Resources(use_model=False))


def progress(items: list[Any], label: str, enabled: bool) -> Any:
    """A progress bar on stderr for long runs (off in tests and when asked to be quiet)."""
    if not enabled:
        return items
    from rich.progress import track

    return track(items, description=label, console=_stderr(), transient=True)


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True)
