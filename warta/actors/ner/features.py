"""Feature templates of the name tagger, shared by training and tagging.

Every feature depends on ONE word at a fixed offset from the tagged token (or on the first word
of the sentence). The score of a token is therefore a sum of per-(offset, word) vectors, and the
tagger can cache one 7-wide vector per word and offset instead of re-hashing ~30 feature strings
per token: that is what makes tagging fast enough for a news firehose.
"""

from __future__ import annotations

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


def shape(word: str) -> str:
    """Xxxx → Xx, ABC → X, 2014 → d, Jokowi-JK → Xx-X: repeated classes collapsed."""
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


def word_features(word: str, offset: int, lex: Lexicon) -> list[str]:
    """Features contributed by `word` seen at `offset` from the tagged token."""
    k = str(offset)
    if word in (PAD_LEFT, PAD_RIGHT):
        return [f"{k}|pad"]
    low = word.lower()
    shp = shape(word)
    cap = word[:1].isupper()
    flags = lex.flags(low)
    if offset == 0:
        feats = ["b", f"0|w={low}", f"0|s={shp}", f"0|p2={low[:2]}", f"0|p3={low[:3]}",
                 f"0|x2={low[-2:]}", f"0|x3={low[-3:]}", f"0|c={cap}", f"0|len={min(len(low), 8)}"]
        if word.isupper() and len(word) > 1:
            feats.append("0|allcaps")
        feats.extend(f"0|lex={f}" for f in flags)
        if cap and not flags:
            feats.append("0|cap-unknown")  # a capitalised word no dictionary knows
        return feats
    if abs(offset) == 1:
        feats = [f"{k}|w={low}", f"{k}|s={shp}", f"{k}|c={cap}"]
        feats.extend(f"{k}|lex={f}" for f in flags)
        return feats
    return [f"{k}|w={low}", f"{k}|c={cap}"]


def bos_features(word: str, lex: Lexicon) -> list[str]:
    """Extra features of the sentence-initial token, whose capital letter says little."""
    low = word.lower()
    return ["bos", f"bos|w={low}", f"bos|s={shape(word)}"] + [
        f"bos|lex={f}" for f in lex.flags(low)]


def sentence_features(words: list[str], lex: Lexicon) -> list[list[str]]:
    """All features of every token (used in training; tagging sums cached vectors instead)."""
    n = len(words)
    out = []
    for i in range(n):
        feats: list[str] = []
        for off in OFFSETS:
            j = i + off
            w = words[j] if 0 <= j < n else (PAD_LEFT if j < 0 else PAD_RIGHT)
            feats.extend(word_features(w, off, lex))
        if i == 0:
            feats.extend(bos_features(words[0], lex))
        out.append(feats)
    return out
