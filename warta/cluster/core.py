"""Which event mentions are the same real-world event: the pairwise rule and the grouping.

Two mentions are the same event when every test below passes:
- the same PLOVER root;
- the same actors: source and target compared in order, or as an unordered pair for the
  reciprocal roots (CONSULT, AGREE, COOPERATE: "Putin talked with Biden" and "Biden talked with
  Putin" are one call). An actor is its code, or its lower-cased name (then text) when it has
  no code; a missing actor only matches a missing actor;
- dates within the window of the coarser precision (day +/-2 days, week +/-7 days, month the
  same month, year the same year); an unknown date matches any date;
- places in the same country, or one of them has no place;
- issues similar (Jaccard >= ISSUE_JACCARD), or one of them has no issues.

Clusters are the connected components of that relation (single link). Components do not
depend on the order in which mentions arrive, and a new mention only has to be compared with
the mentions of its block (same root and actor pair), which is what makes incremental
clustering cheap. Single link can chain (daily talks between the same two governments become
one event when each day is within the window of the next); see docs/clustering.md.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from warta.mirrors import is_mutual, pair

ISSUE_JACCARD = 0.2
DAY_WINDOW = 2
WEEK_WINDOW = 7
# Candidates are looked up within this many days; month precision needs up to 30.
SEARCH_DAYS = 31
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True, slots=True)
class Mention:
    """What clustering needs to know about one event mention (one row of `events`)."""

    id: str
    plover: str
    source: str | None
    target: str | None
    date: str | None
    precision: str
    country: str | None
    issues: frozenset[str]

    # Derived once: the pairwise test and the date index read them many times.
    block: tuple[str, str, str] = field(init=False, compare=False)
    ordinal: int | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        a, b = pair(self.source or "", self.target or "", mutual=is_mutual(self.plover))
        # Mentions in different blocks are never the same event.
        object.__setattr__(self, "block", (self.plover, a, b))
        # The date as a day number (first day of a month or year), for the window search.
        object.__setattr__(self, "ordinal", _ordinal(self.date))

    @property
    def sort_key(self) -> tuple[str, str]:
        """The earliest member (by date, then id) names the cluster."""
        return self.date or "9999", self.id


def _ordinal(value: str | None) -> int | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1).toordinal()
    except ValueError:
        return None


def actor_key(code: str | None, name: str | None, text: str | None = None) -> str | None:
    """Actors are compared by code; by their name (or text) only when they have no code."""
    if code:
        return code
    label = name or text
    # Lower-cased only, as the store's SQL does (warta/cluster/store.py filters on it).
    return f"name:{label.lower()}" if label else None


def mention_from_row(row: Mapping[str, Any]) -> Mention:
    """A Mention from a row of the `events` table (or any dict with the same columns)."""
    return Mention(
        id=str(row["id"]),
        plover=row.get("plover") or "",
        source=actor_key(row.get("source_code"), row.get("source_name"),
                         row.get("source_text")),
        target=actor_key(row.get("target_code"), row.get("target_name"),
                         row.get("target_text")),
        date=row.get("date_value"),
        precision=(row.get("date_precision") or "unknown") if row.get("date_value")
        else "unknown",
        country=row.get("place_country"),
        issues=frozenset(row.get("issues") or ()),
    )


def same_event(a: Mention, b: Mention) -> bool:
    """The pairwise rule (see the module docstring)."""
    return (a.block == b.block and dates_compatible(a, b)
            and (not a.country or not b.country or a.country == b.country)
            and issues_compatible(a.issues, b.issues))


def dates_compatible(a: Mention, b: Mention) -> bool:
    if a.precision == "unknown" or b.precision == "unknown" or not a.date or not b.date:
        return True
    coarser = max(a.precision, b.precision, key=lambda p: _PRECISION_RANK.get(p, 3))
    if coarser == "year":
        return a.date[:4] == b.date[:4]
    if coarser == "month":
        return a.date[:7] == b.date[:7]
    oa, ob = a.ordinal, b.ordinal
    if oa is None or ob is None:
        return a.date == b.date
    return abs(oa - ob) <= (WEEK_WINDOW if coarser == "week" else DAY_WINDOW)


def issues_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return True
    return len(a & b) / len(a | b) >= ISSUE_JACCARD


def cluster_id(earliest_id: str) -> str:
    """A cluster is named after its earliest member, so it keeps its id as mentions join."""
    return "c" + hashlib.sha1(earliest_id.encode("utf-8")).hexdigest()[:15]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, item: str) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def signature(m: Mention) -> tuple[Any, ...]:
    """Everything the pairwise rule reads: mentions with one signature are the same event as
    each other, and as the same other mentions."""
    return m.block, m.date, m.precision, m.country, m.issues


def link(new: Iterable[Mention], old: Iterable[Mention] = (),
         old_groups: Iterable[Iterable[str]] = ()) -> list[list[Mention]]:
    """Group `new` mentions with each other and with `old` ones (already clustered, given as
    `old_groups` of ids). Returns the groups that contain at least one new mention, each sorted
    earliest first. Old mentions are not compared with each other: their grouping is known.

    The pairwise rule is applied to classes of mentions with one signature, not to mentions:
    a long document that repeats itself (a live blog, a transcript, a pasted archive) holds
    thousands of mentions of a few events, and pairs of mentions would make it quadratic.
    """
    new, old = list(new), list(old)
    by_id = {m.id: m for m in old}
    by_id.update({m.id: m for m in new})
    uf = _UnionFind()
    for m in by_id.values():
        uf.add(m.id)
    for group in old_groups:
        ids = [i for i in group if i in by_id]
        for other in ids[1:]:
            uf.union(ids[0], other)
    _Linker(uf, by_id.values()).link({m.id for m in new})
    components: dict[str, list[Mention]] = {}
    new_roots = {uf.find(m.id) for m in new}
    for m in by_id.values():
        root = uf.find(m.id)
        if root in new_roots:
            components.setdefault(root, []).append(m)
    return [sorted(group, key=lambda m: m.sort_key) for group in components.values()]


class _Linker:
    """Joins classes of mentions with one signature (see `link`)."""

    def __init__(self, uf: _UnionFind, mentions: Iterable[Mention]):
        self.uf = uf
        self.classes: dict[tuple[Any, ...], list[Mention]] = {}
        for m in mentions:
            self.classes.setdefault(signature(m), []).append(m)
        self.class_of = {members[0].id: key for key, members in self.classes.items()}
        self.joined: set[tuple[Any, ...]] = set()
        self.blocks: dict[tuple[str, str, str], _Block] = {}
        for members in self.classes.values():
            self.blocks.setdefault(members[0].block, _Block()).add(members[0])

    def join(self, key: tuple[Any, ...]) -> None:
        # Only once a new mention is the same event as the class: old mentions are never
        # linked to each other directly.
        if key not in self.joined:
            self.joined.add(key)
            first, *rest = self.classes[key]
            for other in rest:
                self.uf.union(first.id, other.id)

    def link(self, new_ids: set[str]) -> None:
        for key, members in self.classes.items():
            if any(m.id in new_ids for m in members):
                self.join(key)
                self.compare(members[0])

    def compare(self, m: Mention) -> None:
        """Link the class of `m` to every class of its block that is the same event."""
        for candidate in self.blocks[m.block].candidates(m):
            other = self.class_of[candidate.id]
            if candidate.id == m.id or (other in self.joined
                                        and self.uf.find(candidate.id) == self.uf.find(m.id)):
                continue
            if same_event(m, candidate):
                self.join(other)
                self.uf.union(m.id, candidate.id)


def cluster_mentions(mentions: Iterable[Mention]) -> dict[str, str]:
    """Batch clustering: mention id -> cluster id, for mentions seen together."""
    result = {}
    for group in link(mentions):
        cid = cluster_id(group[0].id)
        for m in group:
            result[m.id] = cid
    return result


class _Block:
    """A block's mentions indexed by date, so that a mention meets only nearby candidates."""

    def __init__(self) -> None:
        self.dated: list[tuple[int, str]] = []
        self.by_id: dict[str, Mention] = {}
        self.undated: list[Mention] = []
        self._sorted = True

    def add(self, m: Mention) -> None:
        self.by_id[m.id] = m
        ordinal = m.ordinal
        if ordinal is None or m.precision == "unknown":
            self.undated.append(m)
        elif m.precision == "year":
            # A year-precise date may match anything in its year: keep it with the undated.
            self.undated.append(m)
        else:
            self.dated.append((ordinal, m.id))
            self._sorted = False

    def candidates(self, m: Mention) -> list[Mention]:
        ordinal = m.ordinal
        if ordinal is None or m.precision in ("unknown", "year"):
            return list(self.by_id.values())
        if not self._sorted:
            self.dated.sort()
            self._sorted = True
        lo = bisect_left(self.dated, (ordinal - SEARCH_DAYS, ""))
        hi = bisect_right(self.dated, (ordinal + SEARCH_DAYS, "\uffff"))
        return [self.by_id[i] for _, i in self.dated[lo:hi]] + self.undated
