"""Reciprocal acts: "Putin met Biden" is one meeting, whichever party is named first.

The pipeline records a reciprocal event in both directions (A→B and B→A, one trigger), so
that a query for either party's acts finds it. Whatever counts or shows acts — the run's
table, the readout comparison, clustering, evaluation — must take the two records as one.
This module is the one rule for that: an act's actor pair is unordered when it is mutual,
and of records that share an anchor (the trigger) and a pair, the first stands for both.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

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
