"""Tokens and a token-trie phrase matcher shared by every lexicon.

Phrases in the knowledge files are written as plain lowercase text (see
docs/knowledge-formats.md); they are tokenised by the same tokenizer as the documents, so a
lexicon entry and the text it should match always agree on token boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from warta.model import Token

# Dotted abbreviations (U.S., A.S.) stay whole; a possessive 's is its own token; hyphens and
# other punctuation are tokens of their own, so "Rusia-AS" is three tokens and compound actors
# on either side of the hyphen can be found.
_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|['’]s\b|\w+|[^\w\s]")

GAP = "..."
MAX_GAP = 3
_PREFIX_KEY = 3  # prefix wildcards are indexed by their first three characters


def tokenize(text: str, offset: int = 0) -> list[Token]:
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        s = m.group()
        tokens.append(Token(s, m.start() + offset, m.end() + offset, s.lower(), s[:1].isupper()))
    return tokens


def phrase_tokens(phrase: str) -> list[str]:
    """Split a lexicon phrase into match tokens: words, `prefix*` wildcards and `...` gaps."""
    out: list[str] = []
    for piece in phrase.lower().split():
        if piece == GAP:
            out.append(GAP)
        elif piece.endswith("*") and len(piece) > 1:
            out.append(piece)
        else:
            out.extend(t.lower for t in tokenize(piece))
    return out


@dataclass(slots=True)
class _Node:
    next: dict[str, _Node] = field(default_factory=dict)
    prefixes: dict[str, list[tuple[str, _Node]]] = field(default_factory=dict)
    gap: _Node | None = None
    payloads: list[Any] = field(default_factory=list)


@dataclass(slots=True)
class Match:
    start: int  # token index
    end: int  # token index, exclusive
    payloads: list[Any]
    literal: int = 0  # tokens matched by the phrase itself (not skipped by a `...` gap)


class PhraseMatcher:
    """Finds lexicon phrases in token sequences; longest match wins."""

    def __init__(self) -> None:
        self._root = _Node()
        self.size = 0

    def add(self, phrase: str, payload: Any) -> None:
        toks = phrase_tokens(phrase)
        if not toks or toks[0] == GAP or toks[-1] == GAP:
            raise ValueError(f"bad phrase {phrase!r}: empty, or starts/ends with a gap")
        node = self._root
        for tok in toks:
            if tok == GAP:
                if node.gap is None:
                    node.gap = _Node()
                node = node.gap
            elif tok.endswith("*"):
                prefix = tok[:-1]
                bucket = node.prefixes.setdefault(prefix[:_PREFIX_KEY], [])
                for p, child in bucket:
                    if p == prefix:
                        node = child
                        break
                else:
                    child = _Node()
                    bucket.append((prefix, child))
                    node = child
            else:
                node = node.next.setdefault(tok, _Node())
        node.payloads.append(payload)
        self.size += 1

    def add_all(self, phrases: Iterable[str], payload: Any) -> None:
        for phrase in phrases:
            self.add(phrase, payload)

    def _children(self, node: _Node, tok: str) -> Iterator[_Node]:
        child = node.next.get(tok)
        if child is not None:
            yield child
        if node.prefixes:
            for prefix, pchild in node.prefixes.get(tok[:_PREFIX_KEY], ()):
                if tok.startswith(prefix):
                    yield pchild

    def matches_at(self, words: list[str], i: int) -> list[Match]:
        """Every phrase that starts at token `i`, any length."""
        found: list[Match] = []
        stack: list[tuple[_Node, int, int]] = [(self._root, i, 0)]
        n = len(words)
        while stack:
            node, j, lit = stack.pop()
            if node.payloads and j > i:
                found.append(Match(i, j, node.payloads, lit))
            if j < n:
                for child in self._children(node, words[j]):
                    stack.append((child, j + 1, lit + 1))
            if node.gap is not None and j > i:
                gap = node.gap
                for skip in range(0, MAX_GAP + 1):
                    k = j + skip
                    if k >= n:
                        break
                    for child in self._children(gap, words[k]):
                        stack.append((child, k + 1, lit + 1))
        return found

    def longest_at(self, words: list[str], i: int) -> Match | None:
        # Longest span first; among equally long ones the phrase that spells out more of it
        # ("went on hunger strike" over "went on ... strike").
        best = None
        for m in self.matches_at(words, i):
            if best is None or (m.end, m.literal) > (best.end, best.literal):
                best = m
        return best

    def find(self, words: list[str]) -> list[Match]:
        """Leftmost-longest, non-overlapping matches."""
        out: list[Match] = []
        i = 0
        n = len(words)
        root_next = self._root.next
        root_prefixes = self._root.prefixes
        while i < n:
            w = words[i]
            if w not in root_next and (not root_prefixes or w[:_PREFIX_KEY] not in root_prefixes):
                i += 1
                continue
            m = self.longest_at(words, i)
            if m is None:
                i += 1
            else:
                out.append(m)
                i = m.end
        return out

    def find_all(self, words: list[str]) -> list[Match]:
        """Every match at every position (overlaps allowed)."""
        out: list[Match] = []
        root_next = self._root.next
        root_prefixes = self._root.prefixes
        for i, w in enumerate(words):
            if w in root_next or (root_prefixes and w[:_PREFIX_KEY] in root_prefixes):
                out.extend(self.matches_at(words, i))
        return out
