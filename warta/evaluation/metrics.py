"""Scores: per-class precision/recall/F1, macro and micro F1, accuracy, confusion matrix.

Two shapes of scoring share one counter (`Counts`):
- classification (one gold label and one predicted label per item; PLV pairs, GSR), where a
  prediction may abstain (`NONE`): an abstention is a miss for recall and not a prediction for
  precision, so micro-F1 differs from accuracy exactly by the abstentions;
- detection (events or entities matched item by item; warta-jsonl, PLV end2end, CoNLL), where
  true/false positives and misses are counted directly per class.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

NONE = "NONE"  # "no prediction" (or no gold event): never a class of its own


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    return _div(2 * p * r, p + r)


@dataclass(slots=True)
class Counts:
    """True positives, false positives and misses per class."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, label: str, kind: str, n: int = 1) -> None:
        getattr(self, kind)[label] += n

    def labels(self) -> list[str]:
        return sorted((set(self.tp) | set(self.fp) | set(self.fn)) - {NONE})

    def per_class(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for lab in self.labels():
            tp, fp, fn = self.tp[lab], self.fp[lab], self.fn[lab]
            p, r = _div(tp, tp + fp), _div(tp, tp + fn)
            out[lab] = {"precision": round(p, 4), "recall": round(r, 4),
                        "f1": round(f1(p, r), 4), "support": tp + fn,
                        "tp": tp, "fp": fp, "fn": fn}
        return out

    def micro(self) -> dict[str, float]:
        labs = self.labels()
        tp = sum(self.tp[x] for x in labs)
        fp = sum(self.fp[x] for x in labs)
        fn = sum(self.fn[x] for x in labs)
        p, r = _div(tp, tp + fp), _div(tp, tp + fn)
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1(p, r), 4),
                "tp": tp, "fp": fp, "fn": fn}

    def f1_of(self, label: str) -> float:
        tp, fp, fn = self.tp[label], self.fp[label], self.fn[label]
        return f1(_div(tp, tp + fp), _div(tp, tp + fn))

    def macro_f1(self, over: list[str] | None = None) -> float:
        """Mean F1 over `over` (the gold classes), else over every class seen."""
        labs = over if over is not None else self.labels()
        if not labs:
            return 0.0
        return round(sum(self.f1_of(x) for x in labs) / len(labs), 4)


def classification_counts(gold: list[str], pred: list[str]) -> Counts:
    counts = Counts()
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            counts.add(g, "tp")
            continue
        if g != NONE:
            counts.add(g, "fn")
        if p != NONE:
            counts.add(p, "fp")
    return counts


def accuracy(gold: list[str], pred: list[str]) -> float:
    return round(_div(sum(g == p for g, p in zip(gold, pred, strict=True)), len(gold)), 4)


def confusion(gold: list[str], pred: list[str]) -> dict[str, dict[str, int]]:
    """gold label → predicted label → count (NONE included: abstentions are visible)."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for g, p in zip(gold, pred, strict=True):
        table[g][p] += 1
    return {g: dict(sorted(row.items())) for g, row in sorted(table.items())}


def classification_summary(gold: list[str], pred: list[str]) -> dict[str, object]:
    """The fields every classification-style report has."""
    counts = classification_counts(gold, pred)
    micro = counts.micro()
    gold_labels = sorted(set(gold) - {NONE})
    return {
        "n": len(gold),
        "accuracy": accuracy(gold, pred),
        "macro_f1": counts.macro_f1(gold_labels),
        "micro_f1": micro["f1"],
        "micro": micro,
        "per_class": counts.per_class(),
        "confusion": confusion(gold, pred),
    }


def rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None
