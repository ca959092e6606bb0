"""Names from the event model's encoder: a token-classification head over its states.

The multilingual encoder that decides events (`warta/events/model/`, E5-small's first layers,
fine-tuned on the pair task, int8) also reads names: one unmarked pass over a sentence gives
the last layer's state at each word's first sub-word (`PairClassifier.word_states`), and a
small two-layer head (`head.npz`, numpy) scores the BIO tags of PER, ORG and LOC, decoded
under the BIO constraint as the perceptron tagger's are. One head serves every language the
encoder reads. Trained by `scripts/train_name_head.py`; MODEL_CARD.md has its data and scores.
"""

from __future__ import annotations

from functools import cache
from importlib import resources as ir
from typing import Any

import numpy as np

from warta.actors.ner.features import TAGS
from warta.actors.ner.tagger import spans_from_tags, viterbi

HEAD = "head.npz"


class EncoderNameTagger:
    """`tag(tokens)` → [(start, end exclusive, "PER" | "ORG" | "LOC")], as NameTagger."""

    def __init__(self, encoder: Any, weights: dict[str, np.ndarray]) -> None:
        self.encoder = encoder
        self.w1, self.b1 = weights["w1"].astype(np.float32), weights["b1"].astype(np.float32)
        self.w2, self.b2 = weights["w2"].astype(np.float32), weights["b2"].astype(np.float32)

    @staticmethod
    def available() -> bool:
        from warta.events import model

        return model.available() and ir.files(__package__).joinpath(HEAD).is_file()

    @classmethod
    def load(cls) -> EncoderNameTagger:
        return _shared()

    def emissions(self, states: np.ndarray) -> np.ndarray:
        hidden = np.maximum(states @ self.w1 + self.b1, 0.0)
        logits = hidden @ self.w2 + self.b2
        z = logits - logits.max(-1, keepdims=True)
        return z - np.log(np.exp(z).sum(-1, keepdims=True))  # log-probabilities

    def tag_bio(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return [TAGS[t] for t in viterbi(self.emissions(self.encoder.word_states(tokens)))]

    def tag(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        return spans_from_tags(self.tag_bio(tokens))


@cache
def _shared() -> EncoderNameTagger:
    from warta.events.model import PairClassifier

    with ir.as_file(ir.files(__package__).joinpath(HEAD)) as path, np.load(path) as data:
        weights = {k: data[k] for k in data.files}
    return EncoderNameTagger(PairClassifier.load(), weights)
