"""Character spans shared by the evaluators: overlap, lookup and cleaned→original offsets.

The pipeline codes a *cleaned* copy of the input (a dateline such as "SAN FRANCISCO - " or
"Jakarta (ANTARA News) - " is cut, whitespace normalised), so predicted spans point into
`Document.text`, while gold spans point into the sentence as given. `OffsetMap` carries a
predicted span back to the gold sentence's offsets.
"""

from __future__ import annotations

from difflib import SequenceMatcher

Span = tuple[int, int]


def overlaps(a: Span | None, b: Span | None) -> bool:
    """Half-open spans share at least one character."""
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def any_overlap(a: Span | None, spans: list[Span]) -> bool:
    return any(overlaps(a, b) for b in spans)


def find_all(text: str, needle: str) -> list[Span]:
    """Every occurrence of `needle` in `text` (case-sensitive first, then case-insensitive)."""
    needle = needle.strip()
    if not needle:
        return []
    for hay, pat in ((text, needle), (text.lower(), needle.lower())):
        out: list[Span] = []
        i = hay.find(pat)
        while i >= 0:
            out.append((i, i + len(pat)))
            i = hay.find(pat, i + 1)
        if out:
            return out
    return []


def span_distance(a: Span, b: Span) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    if overlaps(a, b):
        return 0
    return max(b[0] - a[1], a[0] - b[1], 0)


class OffsetMap:
    """Maps offsets in a cleaned text back to the original text it was made from."""

    def __init__(self, original: str, cleaned: str):
        self.shift: int | None = None
        self.table: list[int] | None = None
        if cleaned == original:
            self.shift = 0
            return
        at = original.find(cleaned)
        if at >= 0:  # the usual case: a dateline or surrounding whitespace was cut
            self.shift = at
            return
        # Otherwise align character by character; the texts are single sentences, so cheap.
        table = [-1] * (len(cleaned) + 1)
        matcher = SequenceMatcher(None, cleaned, original, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                table[block.a + k] = block.b + k
        # Unmatched characters inherit the nearest matched position on their left.
        last = 0
        for i, v in enumerate(table):
            if v < 0:
                table[i] = last
            else:
                last = v
        table[len(cleaned)] = len(original)
        self.table = table

    def pos(self, i: int) -> int:
        if self.shift is not None:
            return i + self.shift
        assert self.table is not None
        return self.table[max(0, min(i, len(self.table) - 1))]

    def span(self, start: int, end: int) -> Span:
        if self.shift is not None:
            return (start + self.shift, end + self.shift)
        if end <= start:
            return (self.pos(start), self.pos(start))
        # Map the last character, not the end boundary, so a cut after the span is not taken in.
        return (self.pos(start), self.pos(end - 1) + 1)
