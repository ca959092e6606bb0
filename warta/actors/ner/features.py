"""Feature templates of the name tagger, shared by training and tagging.

Every feature depends on ONE word at a fixed offset from the tagged token (or on the first word
of the sentence). The score of a token is therefore a sum of per-(offset, word) vectors, and the
tagger can cache one 7-wide vector per word and offset instead of re-hashing ~30 feature strings
per token: that is what makes tagging fast enough for a news firehose.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
TYPES = ("PER", "ORG", "LOC")
# Offsets whose word contributes to a token's score; "bos" is the sentence-initial word, which
# is capitalised whatever it is, so its evidence is kept apart from the ordinary shape features.
OFFSETS = (0, -1, 1, -2, 2)
PAD_LEFT = "<s>"
PAD_RIGHT = "</s>"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Lowercased single words that occur in warta's own names (actors, places, roles)."""

    per: frozenset[str] = frozenset()
    org: frozenset[str] = frozenset()
    loc: frozenset[str] = frozenset()
    role: frozenset[str] = frozenset()

    def flags(self, lower: str) -> list[str]:
        out = []
        if lower in self.per:
            out.append("P")
        if lower in self.org:
            out.append("O")
        if lower in self.loc:
            out.append("L")
        if lower in self.role:
            out.append("R")
        return out


_ASCII_SHAPE = str.maketrans({**{c: "X" for c in string.ascii_uppercase},
                               **{c: "x" for c in string.ascii_lowercase},
                               **{c: "d" for c in string.digits}})
_REPEATS = re.compile(r"(.)\1+")


def shape(word: str) -> str:
    """Xxxx → Xx, ABC → X, 2014 → d, Jokowi-JK → Xx-X: repeated classes collapsed."""
    if word.isascii():
        return _REPEATS.sub(r"\1", word.translate(_ASCII_SHAPE))[:6]
    out: list[str] = []
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.isalpha():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:6])


def word_rows(word: str, lex: Lexicon) -> list[list[str]]:
    """Features `word` contributes at each offset in OFFSETS, then as the sentence's first word.

    Computed together because a new word needs all of them (the tagger caches the result).
    """
    if word in (PAD_LEFT, PAD_RIGHT):
        return [[f"{k}|pad"] for k in OFFSETS] + [[]]
    low = word.lower()
    shp = shape(word)
    cap = word[:1].isupper()
    flags = lex.flags(low)
    own = ["b", f"0|w={low}", f"0|s={shp}", f"0|p2={low[:2]}", f"0|p3={low[:3]}",
           f"0|x2={low[-2:]}", f"0|x3={low[-3:]}", f"0|c={cap}", f"0|len={min(len(low), 8)}"]
    if word.isupper() and len(word) > 1:
        own.append("0|allcaps")
    own.extend(f"0|lex={f}" for f in flags)
    if cap and not flags:
        own.append("0|cap-unknown")  # a capitalised word no dictionary knows
    rows = [own]
    for k in OFFSETS[1:]:
        if abs(k) == 1:
            rows.append([f"{k}|w={low}", f"{k}|s={shp}", f"{k}|c={cap}",
                         *(f"{k}|lex={f}" for f in flags)])
        else:
            rows.append([f"{k}|w={low}", f"{k}|c={cap}"])
    # The sentence-initial word is capitalised whatever it is: its own evidence, kept apart.
    rows.append(["bos", f"bos|w={low}", f"bos|s={shp}", *(f"bos|lex={f}" for f in flags)])
    return rows


def sentence_features(words: list[str], lex: Lexicon) -> list[list[str]]:
    """All features of every token (used in training; tagging sums cached vectors instead)."""
    n = len(words)
    rows = [word_rows(w, lex) for w in words]
    left, right = word_rows(PAD_LEFT, lex), word_rows(PAD_RIGHT, lex)
    out = []
    for i in range(n):
        feats: list[str] = []
        for r, off in enumerate(OFFSETS):
            j = i + off
            feats.extend((rows[j] if 0 <= j < n else left if j < 0 else right)[r])
        if i == 0:
            feats.extend(rows[0][len(OFFSETS)])
        out.append(feats)
    return out
