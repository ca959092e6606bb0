"""The article view: cleaned text cut into segments at every span boundary of its events.

Spans overlap (an attribution frame holds an actor; many events share an actor), so the text
is cut at every start and end, and each segment carries every kind and event covering it.
The template escapes the text; nothing here produces markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("mention", "attribution", "actor", "place", "date", "trigger")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    label: str
    event: str | None = None


@dataclass(slots=True)
class Segment:
    text: str
    kinds: list[str]
    events: list[str]
    labels: list[str]


def _span(part: dict[str, Any] | None, kind: str, label: str, event: str | None) -> list[Span]:
    if not part or part.get("start") is None or part.get("end") is None:
        return []
    return [Span(int(part["start"]), int(part["end"]), kind, label, event)]


def event_spans(record: dict[str, Any]) -> list[Span]:
    """Trigger, actors, date, place and attribution frame of one event record."""
    event_id = record.get("id")
    kind = record.get("type", {})
    trigger = record.get("provenance", {}).get("trigger")
    spans = _span(trigger, "trigger", f"{kind.get('plover')} {kind.get('cameo')}", event_id)
    for role in ("source", "target"):
        actor = record.get(role)
        if actor:
            spans += _span(actor, "actor", f"{role}: {actor.get('code') or actor.get('text')}",
                           event_id)
    date = record.get("date")
    if date:
        spans += _span(date, "date", f"date: {date.get('value')} ({date.get('precision')})",
                       event_id)
    place = record.get("place")
    if place:
        spans += _span(place, "place", f"place: {place.get('name')}", event_id)
    attribution = record.get("attribution")
    if attribution:
        party = (attribution.get("party") or {})
        spans += _span(attribution, "attribution",
                       f"according to: {party.get('name') or party.get('text') or '?'}",
                       event_id)
    return spans


def mention_spans(mentions: list[dict[str, Any]]) -> list[Span]:
    """Actors and places the article names even where no event uses them."""
    spans = []
    for m in mentions:
        kind = "place" if m.get("kind") == "place" else "mention"
        spans += _span(m, kind, f"{m.get('kind')}: {m.get('code') or m.get('text')}", None)
    return spans


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """`text` cut at every span boundary; spans outside the text are ignored."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out: list[Segment] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in valid if s.start <= left and right <= s.end]
        kinds = sorted({s.kind for s in covering}, key=KINDS.index)
        events = sorted({s.event for s in covering if s.event})
        labels = sorted({s.label for s in covering})
        out.append(Segment(text[left:right], kinds, events, labels))
    return out


def article_segments(text: str, records: list[dict[str, Any]],
                     mentions: list[dict[str, Any]] | None = None) -> list[Segment]:
    spans = mention_spans(mentions or [])
    for record in records:
        spans += event_spans(record)
    return segments(text, spans)
