"""The event model at run time: a fine-tuned multilingual pair classifier in onnxruntime.

`pair.onnx` (int8) and `tokenizer.json` ship in this package; `meta.json` names the labels,
the window length and the calibration temperature. A candidate is a sentence with one or two
actor spans (`encode.py`); the model gives each candidate a probability for every PLOVER root
and NONE, and the probability that the second actor (in text order) is the source.

Loaded once per process (`PairClassifier.load()`), single-threaded so that the engines'
processes do not fight over cores; results are cached by candidate, so wire copies and
repeated sentences cost one lookup. Training lives in `train.py` (torch, the `train` extra).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as ir
from typing import Any

import numpy as np

from warta.events.model.encode import BOS, EOS, Encoded, batch_arrays, encode

Span = tuple[int, int]
Candidate = tuple[str, Span | None, Span | None]  # sentence text, first actor, second actor
# One candidate per call: int8 dynamic quantization scales a whole batch's activations
# together, so a candidate batched with others can score differently than alone. One at a
# time every candidate scores the same whatever document, batch, engine or order it comes
# in (idempotent, resumable runs; identical engines), at about 15% of the speed (measured:
# 234 vs 277 candidates per CPU-second).
_BATCH = 1
_CACHE = 16384
_STATE_TOKENS = 200  # sub-words per unmarked pass for the name tagger (positions: 512)


@dataclass(frozen=True, slots=True)
class Scores:
    roots: dict[str, float]  # calibrated probability of each root and of NONE
    reversed: float  # probability that the second actor acts on the first

    @property
    def best(self) -> tuple[str, float]:
        label = max(self.roots, key=self.roots.__getitem__)
        return label, self.roots[label]


def softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(-1, keepdims=True))
    return z / z.sum(-1, keepdims=True)


@dataclass
class PairClassifier:
    session: Any
    tokenizer: Any
    labels: tuple[str, ...]
    max_len: int
    temperature: float
    meta: dict[str, Any]
    _cache: OrderedDict[Candidate, Scores] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls) -> PairClassifier:
        return _shared()

    @classmethod
    def from_files(cls, model_path: Any, tokenizer_path: Any, meta: dict[str, Any],
                   threads: int = 1) -> PairClassifier:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(model_path), opts,
                                       providers=["CPUExecutionProvider"])
        return cls(session=session, tokenizer=Tokenizer.from_file(str(tokenizer_path)),
                   labels=tuple(meta["labels"]), max_len=int(meta["max_len"]),
                   temperature=float(meta.get("temperature", 1.0)), meta=meta)

    def encode(self, cand: Candidate) -> Encoded:
        return encode(self.tokenizer, cand[0], cand[1], cand[2], self.max_len)

    def logits(self, items: list[Encoded]) -> tuple[np.ndarray, np.ndarray]:
        ids, mask, a, b = batch_arrays(items)
        roots, dirs = self.session.run(["root", "dir"],
                                       {"ids": ids, "mask": mask, "a": a, "b": b})
        return roots, dirs

    @property
    def has_states(self) -> bool:
        return any(o.name == "states" for o in self.session.get_outputs())

    def word_states(self, words: list[str]) -> np.ndarray:
        """The encoder's last-layer state at the first sub-word of each word (words as
        warta tokenises them), for the name tagger's head: one unmarked pass per sentence,
        cut into pieces of at most `_STATE_TOKENS` sub-words."""
        out = np.zeros((len(words), 0), dtype=np.float32)
        pieces: list[np.ndarray] = []
        start = 0
        while start < len(words):
            enc = self.tokenizer.encode(words[start:], is_pretokenized=True,
                                        add_special_tokens=False)
            word_ids = enc.word_ids
            cut = len(word_ids)
            if cut > _STATE_TOKENS:
                cut = _STATE_TOKENS
                while cut > 0 and word_ids[cut] == word_ids[cut - 1]:
                    cut -= 1  # never split a word
            ids = np.array([[BOS, *enc.ids[:cut], EOS]], dtype=np.int64)
            zero = np.zeros(1, dtype=np.int64)
            (states,) = self.session.run(["states"], {"ids": ids, "mask": np.ones_like(ids),
                                                      "a": zero, "b": zero})
            first: dict[int, int] = {}
            for t, w in enumerate(word_ids[:cut]):
                if w is not None:
                    first.setdefault(w, t + 1)
            n = max(first) + 1 if first else 0
            block = np.zeros((n, states.shape[-1]), dtype=np.float32)
            for w, t in first.items():
                block[w] = states[0, t]
            pieces.append(block)
            start += max(n, 1)
        if pieces:
            out = np.concatenate(pieces)[:len(words)]
            if len(out) < len(words):  # words the tokenizer gave no piece (rare)
                out = np.vstack([out, np.zeros((len(words) - len(out), out.shape[1]),
                                               dtype=np.float32)])
        return out

    def score(self, candidates: list[Candidate]) -> list[Scores]:
        """Scores for each candidate, in order (cached)."""
        with self._lock:
            found: dict[Candidate, Scores] = {}
            for c in candidates:
                hit = self._cache.get(c)
                if hit is not None:
                    self._cache.move_to_end(c)
                    found[c] = hit
            missing = [c for c in dict.fromkeys(candidates) if c not in found]
            encoded = [self.encode(c) for c in missing]
            order = sorted(range(len(missing)), key=lambda i: len(encoded[i].ids))
            for s in range(0, len(order), _BATCH):
                idx = order[s:s + _BATCH]
                roots, dirs = self.logits([encoded[i] for i in idx])
                probs = softmax(roots / self.temperature)
                rev = softmax(dirs)[:, 1]
                for row, i in enumerate(idx):
                    sc = Scores(dict(zip(self.labels, map(float, probs[row]), strict=True)),
                                float(rev[row]))
                    found[missing[i]] = sc
                    self._cache[missing[i]] = sc
                    if len(self._cache) > _CACHE:
                        self._cache.popitem(last=False)
            return [found[c] for c in candidates]


def available() -> bool:
    return ir.files(__name__).joinpath("pair.onnx").is_file()


@cache
def _shared() -> PairClassifier:
    base = ir.files(__name__)
    meta = json.loads(base.joinpath("meta.json").read_text(encoding="utf-8"))
    with ir.as_file(base.joinpath("pair.onnx")) as model, \
            ir.as_file(base.joinpath("tokenizer.json")) as tok:
        return PairClassifier.from_files(model, tok, meta)


__all__ = ["Candidate", "PairClassifier", "Scores", "available"]
