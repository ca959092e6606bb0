"""Second opinion from the multilingual classifier on each lexicon event.

The trigger lexicon decides the type (where it fires it is measured to be right more often than
the classifier, in both languages: warta/events/classifier/MODEL_CARD.md); the classifier's
calibrated probabilities say how sure that type is. Each event records which signal decided it
(`method`) and a confidence that joins the type's certainty with how well its actors resolved.
Only sentences that already hold an event are embedded, so the cost stays a small share of the
pipeline's.
"""

from __future__ import annotations

from dataclasses import replace

from warta.events.classifier import EventClassifier, combine
from warta.model import Document
from warta.resources import Resources


def classify_events(doc: Document, res: Resources) -> Document:
    if not doc.events or not res.use_classifier:
        return doc
    indices = sorted({ev.sentence for ev in doc.events})
    texts = [doc.sentences[i].text for i in indices]
    probs = dict(zip(indices, EventClassifier.load().predict(texts), strict=True))
    for ev in doc.events:
        sentence_probs = probs[ev.sentence]
        _root, type_confidence, method = combine(ev.plover, sentence_probs, doc.language)
        ev.method = method
        # The argument score (how well source and target resolved) scales the type's.
        ev.confidence = round(type_confidence * (0.5 + ev.confidence / 2), 3)
        ev.classifier_top = max(sentence_probs, key=sentence_probs.__getitem__)
    return replace(doc)


def _prepare_batch(docs: list[Document], res: Resources) -> None:
    """Embed every event sentence of a batch of documents in one call (fills the cache)."""
    if not res.use_classifier:
        return
    texts = [d.sentences[i].text for d in docs for i in sorted({e.sentence for e in d.events})]
    if texts:
        EventClassifier.load().predict(texts)


classify_events.prepare_batch = _prepare_batch  # type: ignore[attr-defined]
