"""Predict the PLOVER root of a given (source, target) pair in a sentence.

The rule, in order:
1. `pair`: an event whose source and target overlap the marked spans, in either direction
   (forward preferred, then the more confident);
2. otherwise the event nearest the pair: one that has one of the marked actors as an
   argument (`one-side`), else one whose trigger lies between the two spans or nearest them
   (`trigger`);
3. otherwise no prediction (`NONE`, scored as a miss).
With the event model installed, `predict_pair` asks the model about the marked pair directly
(the pair task the model is trained for) and reports the pipeline's answer beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from warta.evaluation.coding import EventView, Processor, code_sentence, default_processor
from warta.evaluation.metrics import NONE
from warta.evaluation.spans import Span, any_overlap, span_distance


class Scorer(Protocol):
    def score(self, candidates: list[Any]) -> list[Any]: ...


@dataclass(slots=True)
class Link:
    root: str
    method: str  # pair | pair-reversed | one-side | trigger | fallback
    event: EventView | None = None
    confidence: float = 0.0


def _side_ok(span: Span | None, gold: list[Span]) -> bool:
    # A side the gold leaves empty (no target) accepts any argument.
    return any_overlap(span, gold) if gold else True


def pair_events(events: list[EventView], sources: list[Span], targets: list[Span]
                ) -> list[tuple[EventView, str]]:
    """Events between the marked actors, with their direction (`pair` or `pair-reversed`).

    A side the gold leaves empty (no target) accepts any argument, but the side it has must be
    matched; with nothing marked no event is on the pair.
    """
    out: list[tuple[EventView, str]] = []
    if not sources and not targets:
        return out
    for e in events:
        if _side_ok(e.source, sources) and _side_ok(e.target, targets) and (
                any_overlap(e.source, sources) or any_overlap(e.target, targets)):
            out.append((e, "pair"))
        elif _side_ok(e.source, targets) and _side_ok(e.target, sources) and (
                any_overlap(e.source, targets) or any_overlap(e.target, sources)):
            out.append((e, "pair-reversed"))
    return out


def link(events: list[EventView], sources: list[Span], targets: list[Span],
         trigger_hint: list[Span] | None = None) -> Link | None:
    """The event that best codes the marked pair, or None when the sentence has no event."""
    if not events:
        return None
    hint = trigger_hint or []
    paired = pair_events(events, sources, targets)
    if paired:
        best, method = max(paired, key=lambda x: (x[1] == "pair",
                                                  any_overlap(x[0].trigger, hint),
                                                  x[0].confidence))
        return Link(best.root, method, best, best.confidence)
    marked = sources + targets
    lo = min((s[1] for s in marked), default=0)
    hi = max((s[0] for s in marked), default=0)

    def key(e: EventView) -> tuple[bool, int, bool, int, float]:
        sides = sum(any_overlap(x, marked) for x in (e.source, e.target))
        between = bool(marked) and lo <= e.trigger[0] and e.trigger[1] <= hi
        dist = min((span_distance(e.trigger, s) for s in marked), default=0)
        return (any_overlap(e.trigger, hint), sides, between, -dist, e.confidence)

    best = max(events, key=key)
    method = "one-side" if any(any_overlap(x, marked) for x in (best.source, best.target)) \
        else "trigger"
    return Link(best.root, method, best, best.confidence)


def on_pair(events: list[EventView], sources: list[Span], targets: list[Span]
            ) -> list[EventView]:
    """Events between the marked actors, either direction (one per root and trigger)."""
    seen: set[tuple[str, Span]] = set()
    out: list[EventView] = []
    for e, _direction in pair_events(events, sources, targets):
        if (e.root, e.trigger) not in seen:
            seen.add((e.root, e.trigger))
            out.append(e)
    return out


def load_model() -> Any | None:
    """The shipped event model (warta.events.model), or None when it is not installed."""
    from warta.events.model import PairClassifier, available

    return PairClassifier.load() if available() else None


def model_root(model: Any, sentence: str, sources: list[Span], targets: list[Span]
               ) -> tuple[str, float]:
    """The model's root for a marked pair (NONE excluded: the pair task says there is an
    event), with its probability among the roots."""
    if not sources:
        return NONE, 0.0
    s = sources[0]
    t = next((x for x in targets if not (x[0] < s[1] and s[0] < x[1])), None)
    a, b = (s, t) if t is None or s[0] <= t[0] else (t, s)
    roots = dict(model.score([(sentence, a, b)])[0].roots)
    roots.pop(NONE, None)
    if not roots:
        return NONE, 0.0
    root = max(roots, key=roots.__getitem__)
    return root, roots[root] / max(sum(roots.values()), 1e-9)


def trained_share(model: Any, sentences: list[str]) -> float:
    """Share of `sentences` the model was trained on (its meta lists training-text hashes)."""
    import hashlib

    seen = set((getattr(model, "meta", None) or {}).get("trained_sentences", ()))
    if not sentences or not seen:
        return 0.0
    hits = sum(hashlib.sha1(s.encode()).hexdigest()[:12] in seen for s in sentences)
    return hits / len(sentences)


def _spans(x: Span | list[Span] | None) -> list[Span]:
    if x is None:
        return []
    return list(x) if isinstance(x, list) else [x]


def predict_pair(sentence: str, source_span: Span | list[Span] | None,
                 target_span: Span | list[Span] | None, lang: str = "en", *,
                 pipeline: Processor | None = None, model: Scorer | None = None
                 ) -> tuple[str, dict[str, Any]]:
    """The PLOVER root for the (source, target) pair marked in `sentence` (character spans;
    a list when an actor is marked more than once, None when the gold has no target).

    With a model the answer is the model's on the marked pair (`method` "model"); `info` also
    gives what coding the sentence yields on the pair (`pipeline_root`, `pipeline_method`).
    """
    coded = code_sentence(pipeline or default_processor(), sentence, lang)
    found = link(coded.events, _spans(source_span), _spans(target_span)) or Link(NONE,
                                                                                "fallback")
    info: dict[str, Any] = {"pipeline_root": found.root, "pipeline_method": found.method,
                            "event": found.event.describe() if found.event else None,
                            "n_events": len(coded.events)}
    if model is None:
        info["method"] = found.method
        return found.root, info
    root, prob = model_root(model, sentence, _spans(source_span), _spans(target_span))
    info.update(method="model", model_prob=prob)
    return root, info
