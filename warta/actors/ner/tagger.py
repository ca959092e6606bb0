"""Runtime of the name tagger: a linear model over BIO tags decoded with constrained Viterbi.

The weights come from `scripts/train_ner.py` (an averaged perceptron trained through the
decoder) and ship as `<lang>.npz` next to this file; nothing is downloaded. There are no learnt
transition scores, only the BIO constraint (I-X follows B-X or I-X): context features already
carry the neighbours' evidence, and a transition-free decoder can skip most tokens exactly.
Scores decompose by (offset, word) (see features.py), so each word's contribution is computed
once and cached.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from warta.actors.ner.features import (
    OFFSETS,
    PAD_LEFT,
    PAD_RIGHT,
    TAGS,
    Lexicon,
    word_rows,
)

MODEL_DIR = Path(__file__).resolve().parent
NTAGS = len(TAGS)
_CACHE_LIMIT = 200_000  # words; a firehose's vocabulary should not grow memory forever


def allowed_transitions() -> np.ndarray:
    """(NTAGS+1) x NTAGS mask: I-X only after B-X or I-X; the last row is the sentence start."""
    ok = np.ones((NTAGS + 1, NTAGS), dtype=bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            typ = tag[2:]
            for i in range(NTAGS + 1):
                prev = TAGS[i] if i < NTAGS else "O"
                ok[i, j] = prev[2:] == typ and prev != "O"
    return ok


_ALLOWED = allowed_transitions()


# Transition scores as the reference decoder sees them: 0 where BIO allows a move, else -inf.
CONSTRAINED = np.where(_ALLOWED, 0.0, -np.inf)


def viterbi(emissions: np.ndarray, trans: np.ndarray = CONSTRAINED) -> list[int]:
    """Reference Viterbi (used in training); trans is (NTAGS+1) x NTAGS, last row the start."""
    n = emissions.shape[0]
    score = trans[NTAGS] + emissions[0]
    back = np.empty((n, NTAGS), dtype=np.int64)
    body = trans[:NTAGS]
    for i in range(1, n):
        cand = score[:, None] + body
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + emissions[i]
    best = int(score.argmax())
    path = [best]
    for i in range(n - 1, 0, -1):
        best = int(back[i, best])
        path.append(best)
    path.reverse()
    return path


def _viterbi_stretch(rows: list[list[float]]) -> list[int]:
    """Viterbi over a stretch that follows an O (or the sentence start), all moves scoring 0.

    Tag order is TAGS: O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC. O and B-X may follow any
    tag; I-X only B-X or I-X. Written out by hand because this is the tagger's inner loop.
    """
    inf = float("-inf")
    r = rows[0]
    s = [r[0], r[1], inf, r[3], inf, r[5], inf]  # no I- right after O
    back: list[tuple[int, int, int, int]] = []
    for r in rows[1:]:
        best = max(range(NTAGS), key=s.__getitem__)
        m = s[best]
        p2 = 1 if s[1] >= s[2] else 2
        p4 = 3 if s[3] >= s[4] else 4
        p6 = 5 if s[5] >= s[6] else 6
        back.append((best, p2, p4, p6))
        s = [m + r[0], m + r[1], s[p2] + r[2], m + r[3], s[p4] + r[4], m + r[5], s[p6] + r[6]]
    tag = max(range(NTAGS), key=s.__getitem__)
    seq = [tag]
    for best, p2, p4, p6 in reversed(back):
        tag = p2 if tag == 2 else p4 if tag == 4 else p6 if tag == 6 else best
        seq.append(tag)
    seq.reverse()
    return seq


def spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """BIO tags → (start, end-exclusive, type); a stray I- opens a new span."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or tag[2:] != typ:
            if start >= 0:
                out.append((start, i, typ))
            start, typ = (i, tag[2:]) if tag != "O" else (-1, "")
    return out


class NameTagger:
    """PER/ORG/LOC names in a tokenised sentence (tokens from warta.text.phrases.tokenize)."""

    def __init__(self, features: list[str], weights: np.ndarray, lexicon: Lexicon,
                 lang: str = "") -> None:
        self.lang = lang
        self.lexicon = lexicon
        self._index = {f: i for i, f in enumerate(features)}
        self._w = weights.astype(np.float64)
        self._ids: dict[str, int] = {}
        self._table = np.zeros((4096, len(OFFSETS) + 1, NTAGS))
        self._pad_l = self._word_id(PAD_LEFT)
        self._pad_r = self._word_id(PAD_RIGHT)

    @classmethod
    def from_file(cls, path: Path, lang: str = "") -> NameTagger:
        with np.load(path, allow_pickle=False) as z:
            lex = Lexicon(*(frozenset(z[f"lex_{k}"].tolist()) for k in ("per", "org", "loc",
                                                                          "role")))
            return cls(z["features"].tolist(), z["weights"], lex, lang)

    @staticmethod
    @cache
    def load(lang: str) -> NameTagger:
        """The shipped model for a language ("id" or "en"), loaded once per process."""
        path = MODEL_DIR / f"{lang}.npz"
        if not path.exists():
            raise KeyError(f"no name-tagger model for {lang!r}")
        return NameTagger.from_file(path, lang)

    def _word_id(self, word: str) -> int:
        """Row of `word` in the cache table, computing its score contributions once."""
        wid = self._ids.get(word)
        if wid is not None:
            return wid
        if len(self._ids) >= _CACHE_LIMIT:  # a firehose's vocabulary must not grow memory forever
            self._ids.clear()
            self._ids[PAD_LEFT], self._ids[PAD_RIGHT] = self._pad_l, self._pad_r
        wid = len(self._ids)
        if wid >= self._table.shape[0]:
            grown = np.zeros((self._table.shape[0] * 2, *self._table.shape[1:]))
            grown[:wid] = self._table[:wid]
            self._table = grown
        rows = word_rows(word, self.lexicon)
        index = self._index
        ids: list[int] = []
        where: list[int] = []
        for r, feats in enumerate(rows):
            for f in feats:
                i = index.get(f)
                if i is not None:
                    ids.append(i)
                    where.append(r)
        m = self._table[wid]
        m[:] = 0.0
        np.add.at(m, where, self._w[ids])  # one numpy call per new word, not one per offset
        self._ids[word] = wid
        return wid

    def emissions(self, tokens: list[str]) -> np.ndarray:
        n = len(tokens)
        get = self._ids.get
        ids = [get(w) for w in tokens]
        if None in ids:
            ids = [self._word_id(w) for w in tokens]
        a = self._table[[self._pad_l, self._pad_l, *ids, self._pad_r, self._pad_r]]
        # Row r of a word's matrix is its contribution at offset OFFSETS[r] (0, -1, 1, -2, 2).
        em = a[2:n + 2, 0] + a[1:n + 1, 1] + a[3:n + 3, 2] + a[0:n, 3] + a[4:n + 4, 4]
        em[0] += a[2, 5]
        return em

    def decode(self, em: np.ndarray) -> list[int]:
        """Best BIO-valid tag sequence (Viterbi with hard constraints, no transition scores).

        A token is pinned to O when O beats each type X there by more than the next token would
        gain by continuing an X name; swapping such a token to O (and the next I-X to B-X) never
        lowers a path's score, so the pin is exact. Viterbi then runs only on the stretches in
        between - most words of a sentence are pinned.
        """
        n = em.shape[0]
        margin = em[:, :1] - np.maximum(em[:, 1::2], em[:, 2::2])
        gain = em[1:, 2::2] - em[1:, 1::2]
        margin[:-1] -= np.maximum(gain, 0.0)
        free = np.flatnonzero(margin.min(axis=1) < 0.0).tolist()
        path = [0] * n
        k = 0
        while k < len(free):
            lo = free[k]
            hi = lo + 1
            k += 1
            while k < len(free) and free[k] == hi:
                hi += 1
                k += 1
            path[lo:hi] = _viterbi_stretch(em[lo:hi].tolist())
        return path

    def tag_bio(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return [TAGS[t] for t in self.decode(self.emissions(tokens))]

    def tag(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        """Name spans as (start token, end token exclusive, "PER" | "ORG" | "LOC")."""
        return spans_from_tags(self.tag_bio(tokens))
