"""Reciprocal acts: "Putin met Biden" is one meeting, whichever party is named first.

A reciprocal event is ONE record marked `reciprocal` (PLOVER's model: both parties, no
direction): the trigger stage finds it in both directions (A→B and B→A, one trigger) and the
last stage merges the two (`merge_mirrors`), keeping the record whose source is named first
in the text. The records, JSONL, the store, the counts and the web all hold that one record;
only the GDELT export writes it as two rows, one per direction, as CAMEO and GDELT code it.
This module is the one rule for pairing mirrors: an act's actor pair is unordered when it is
mutual, and of records that share an anchor (the trigger) and a pair, one stands for both
(`one_per_mirror` for stores and gold written before records were merged).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace
from typing import TypeVar

from warta.model import Actor, Event
from warta.ontology import RECIPROCAL_ROOTS

T = TypeVar("T")


def is_mutual(plover: str | None, reciprocal: bool = False) -> bool:
    """Whether an act has no direction: its trigger says so ("met with each other") or its
    root is reciprocal (CONSULT, AGREE, COOPERATE; "both leaders discussed" is recorded
    for each member towards the other even when the verb is not marked reciprocal)."""
    return reciprocal or plover in RECIPROCAL_ROOTS


def pair(source: str, target: str, *, mutual: bool) -> tuple[str, str]:
    """The actor pair, in order when direction matters and sorted when it does not."""
    return (min(source, target), max(source, target)) if mutual else (source, target)


def one_per_mirror(items: Iterable[T],
                   key: Callable[[T], tuple[Hashable, Hashable, Hashable, bool]]
                   ) -> list[tuple[T, bool]]:
    """Each item once, with whether its mirror was dropped; `key` gives (anchor, source,
    target, mutual). Only a mutual item's mirror is dropped: a non-reciprocal act answered
    in the same words ("A accused B, B accused A") is two acts."""
    kept: list[tuple[T, bool]] = []
    seen: dict[tuple[Hashable, Hashable, Hashable], int] = {}
    for item in items:
        anchor, source, target, mutual = key(item)
        mirror = (anchor, target, source)
        if mutual and mirror in seen:
            index = seen[mirror]
            kept[index] = (kept[index][0], True)
            continue
        seen.setdefault((anchor, source, target), len(kept))
        kept.append((item, False))
    return kept


Side = tuple[int, int, str | None]


def _side(actor: Actor | None) -> Side | None:
    return (actor.start, actor.end, actor.code) if actor is not None else None


def _order(side: Side) -> tuple[int, int, str]:
    # Where the party is named, then its code (None first): a total order for the two sides.
    return (side[0], side[1], side[2] or "")


def merge_mirrors(events: list[Event]) -> list[Event]:
    """The events with each mutual act's two directions as one record marked `reciprocal`.

    Of two mirrored records (same trigger and type, source and target swapped) the one whose
    source comes first in the text stands, in its own place; the other goes. A mutual act
    found in one direction only keeps its record as it is; different triggers (a sentence's
    other mention of the same meeting) are never merged here: clustering does that.
    """
    def anchor(ev: Event) -> tuple[int, str]:
        return (ev.trigger_start, ev.plover)

    present = {(anchor(ev), _side(ev.source), _side(ev.target)) for ev in events}
    out: list[Event] = []
    for ev in events:
        source, target = _side(ev.source), _side(ev.target)
        if (source is None or target is None or source == target
                or not is_mutual(ev.plover, ev.reciprocal)
                or (anchor(ev), target, source) not in present):
            out.append(ev)
        elif _order(source) < _order(target):
            out.append(ev if ev.reciprocal else replace(ev, reciprocal=True))
        # else: its mirror, whose source is named first, stands for both
    return out
