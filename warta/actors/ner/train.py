"""Training and evaluation of the name tagger (used by scripts/train_ner.py and the tests).

Averaged structured perceptron (Collins 2002) over BIO tags with Viterbi decoding: small,
deterministic for a fixed seed, pure numpy, and strong enough on a few thousand sentences.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from warta.actors.ner.features import TAGS, Lexicon, sentence_features
from warta.actors.ner.tagger import NTAGS, NameTagger, spans_from_tags, viterbi
from warta.text.phrases import tokenize

Sentence = tuple[list[str], list[str]]  # tokens, BIO tags
_TAG_ID = {t: i for i, t in enumerate(TAGS)}


def read_conll(path: Path, label_map: dict[str, str] | None = None) -> list[Sentence]:
    """CoNLL files: one `token ... TAG` per line, blank line between sentences."""
    out: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if not parts:
            if toks:
                out.append((toks, tags))
            toks, tags = [], []
            continue
        tag = parts[-1]
        if tag != "O" and label_map:
            tag = tag[:2] + label_map.get(tag[2:], tag[2:])
        toks.append(parts[0])
        tags.append(tag)
    return out


def retokenize(sent: Sentence) -> Sentence:
    """Split a corpus's tokens the way warta does ("(PPP)" → "(", "PPP", ")"), keeping labels.

    Brackets and quotes around a name are not part of it; the BIO sequence is repaired so that a
    name always starts with B-.
    """
    toks: list[str] = []
    tags: list[str] = []
    for word, tag in zip(*sent, strict=True):
        pieces = [t.text for t in tokenize(word)] or [word]
        core = [k for k, p in enumerate(pieces) if p[:1].isalnum()]
        lo, hi = (core[0], core[-1] + 1) if core else (0, 0)
        for k, p in enumerate(pieces):
            if tag == "O" or not lo <= k < hi:
                toks.append(p)
                tags.append("O")
            else:
                toks.append(p)
                tags.append(tag if k == lo else "I-" + tag[2:])
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or tags[i - 1][2:] != tag[2:]):
            tags[i] = "B-" + tag[2:]
    return toks, tags


class _Model:
    """Perceptron weights with lazy averaging: avg = W - U / c."""

    def __init__(self, n_features: int) -> None:
        self.w = np.zeros((n_features, NTAGS))
        self.u = np.zeros((n_features, NTAGS))
        self.c = 1

    def update(self, feats: list[np.ndarray], gold: list[int], pred: list[int]) -> None:
        for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
            if g != p:
                f = feats[i]
                np.add.at(self.w, (f, g), 1.0)
                np.add.at(self.w, (f, p), -1.0)
                np.add.at(self.u, (f, g), self.c)
                np.add.at(self.u, (f, p), -self.c)

    def averaged(self) -> np.ndarray:
        return self.w - self.u / self.c


def train(sentences: list[Sentence], lexicon: Lexicon, epochs: int = 12, seed: int = 13,
          min_count: int = 1) -> NameTagger:
    """Train on (tokens, tags) sentences; features seen fewer than min_count times are dropped."""
    counts: dict[str, int] = {}
    featurised = []
    for toks, tags in sentences:
        fs = sentence_features(toks, lexicon)
        for tok_feats in fs:
            for f in tok_feats:
                counts[f] = counts.get(f, 0) + 1
        featurised.append((fs, [_TAG_ID[t] for t in tags]))
    names = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(names)}
    data = [([np.array([index[f] for f in tf if f in index], dtype=np.int64) for tf in fs], gold)
            for fs, gold in featurised]
    model = _Model(len(names))
    rng = random.Random(seed)
    order = list(range(len(data)))
    for _ in range(epochs):
        rng.shuffle(order)
        for k in order:
            feats, gold = data[k]
            em = np.stack([model.w[f].sum(axis=0) for f in feats])
            pred = viterbi(em)
            if pred != gold:
                model.update(feats, gold, pred)
            model.c += 1
    w = model.averaged()
    keep = np.abs(w).max(axis=1) > 1e-3  # features the model never moved cost space, not accuracy
    kept = [f for f, k in zip(names, keep, strict=True) if k]
    return NameTagger(kept, w[keep].astype(np.float32), lexicon)


def save(tagger: NameTagger, path: Path) -> None:
    feats = sorted(tagger._index, key=tagger._index.__getitem__)
    lex = tagger.lexicon
    np.savez_compressed(
        path, features=np.array(feats), weights=tagger._w.astype(np.float16),
        **{f"lex_{k}": np.array(sorted(getattr(lex, k))) for k in ("per", "org", "loc", "role")})


def evaluate(tagger: NameTagger, sentences: Iterable[Sentence]) -> dict[str, dict[str, float]]:
    """Exact-span precision/recall/F1, per type and micro-averaged."""
    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    fn: dict[str, int] = {}
    for toks, tags in sentences:
        gold = set(spans_from_tags(tags))
        pred = set(tagger.tag(toks))
        for s in pred & gold:
            tp[s[2]] = tp.get(s[2], 0) + 1
        for s in pred - gold:
            fp[s[2]] = fp.get(s[2], 0) + 1
        for s in gold - pred:
            fn[s[2]] = fn.get(s[2], 0) + 1
    out: dict[str, dict[str, float]] = {}
    for typ in ("PER", "ORG", "LOC", "micro"):
        if typ == "micro":
            a, b, c = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            a, b, c = tp.get(typ, 0), fp.get(typ, 0), fn.get(typ, 0)
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        out[typ] = {"p": round(p, 4), "r": round(r, 4),
                    "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "support": a + c}
    return out


_MARK = re.compile(r"\[(PER|ORG|LOC) ([^\]]+)\]")


def parse_marked(line: str) -> Sentence:
    """A sentence with names marked "[PER Retno Marsudi]" → warta tokens and BIO tags."""
    toks: list[str] = []
    tags: list[str] = []
    pos = 0
    for m in [*_MARK.finditer(line), None]:
        plain = line[pos:m.start() if m else len(line)]
        for t in tokenize(plain):
            toks.append(t.text)
            tags.append("O")
        if m is None:
            break
        for k, t in enumerate(tokenize(m.group(2))):
            toks.append(t.text)
            tags.append(("B-" if k == 0 else "I-") + m.group(1))
        pos = m.end()
    return toks, tags


def read_marked(path: Path) -> list[Sentence]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_marked(x) for x in lines if x.strip() and not x.startswith("#")]
