"""PLV: English sentences with one marked (source, target) pair and its gold PLOVER root.

The file is tab-separated with a header; the columns used are `marked_sentence` (the pair
marked `<s>..</s>` and `<t>..</t>`; an actor may be marked twice, and a pair without a target
has no `<t>`), `gold_root` and `gold_penta` (0–4). Everything else, and the silver columns in
particular, is ignored.

Modes:
- `pairs`: the pair is given; predict its root (`pairs.link`). Scored as classification.
- `end2end`: only the sentence is given; a hit when an event between the marked actors (either
  direction) has the gold root. Other roots on the pair are false positives, events between
  other actors are not scored (the gold annotates one pair per sentence).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.evaluation.coding import Processor, code_sentence, progress
from warta.evaluation.metrics import NONE, Counts, classification_summary, rate
from warta.evaluation.pairs import classifier_root, link, load_classifier, on_pair
from warta.evaluation.report import ErrorCase, EvalResult
from warta.evaluation.spans import Span
from warta.ontology import quad_class

_TAG = re.compile(r"</?[st]>")


@dataclass(slots=True)
class PlvItem:
    item: str
    sentence: str
    sources: list[Span]
    targets: list[Span]
    root: str
    penta: int | None


def parse_marked(marked: str) -> tuple[str, list[Span], list[Span]]:
    """The plain sentence and the character spans of its `<s>` and `<t>` marks."""
    plain: list[str] = []
    spans: dict[str, list[Span]] = {"s": [], "t": []}
    open_at: dict[str, int] = {}
    pos = 0
    length = 0
    for m in _TAG.finditer(marked):
        chunk = marked[pos:m.start()]
        plain.append(chunk)
        length += len(chunk)
        tag = m.group()
        kind = tag.strip("</>")
        if tag.startswith("</"):
            if kind in open_at:
                start = open_at.pop(kind)
                # Marks sometimes include a trailing space ("<s>The LNA </s>agreed").
                text = "".join(plain)
                end = length
                while end > start and text[end - 1].isspace():
                    end -= 1
                spans[kind].append((start, end))
        else:
            open_at[kind] = length
        pos = m.end()
    plain.append(marked[pos:])
    return "".join(plain), spans["s"], spans["t"]


def read_plv(path: str | Path, limit: int | None = None) -> list[PlvItem]:
    csv.field_size_limit(sys.maxsize)
    items: list[PlvItem] = []
    with open(path, encoding="utf-8", newline="") as fh:
        # QUOTE_NONE: sentences start with quotation marks that are text, not CSV quoting.
        for k, row in enumerate(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)):
            marked = row.get("marked_sentence") or row.get("sentence") or ""
            sentence, sources, targets = parse_marked(marked)
            penta = row.get("gold_penta", "")
            items.append(PlvItem(
                item=row.get("sentence_id") or str(k + 1), sentence=sentence,
                sources=sources, targets=targets, root=(row.get("gold_root") or "").strip(),
                penta=int(penta) if penta.strip().isdigit() else None))
            if limit and len(items) >= limit:
                break
    return items


def severity(gold: str, pred: str, confidence: float = 0.0) -> float:
    """Cooperation read as conflict (or back) is worse than a near miss within one quad."""
    if pred == NONE:
        return 1.0
    g, p = quad_class(gold), quad_class(pred)
    if (g <= 2) != (p <= 2):
        return 3.0 + confidence
    return (2.0 if g != p else 1.5) + confidence


def _marks(item: PlvItem, spans: list[Span]) -> str:
    return " / ".join(item.sentence[a:b] for a, b in spans) or "∅"


def evaluate_plv(path: str | Path, pipeline: Processor, *, mode: str = "pairs",
                 lang: str = "en", limit: int | None = None, show_progress: bool = False,
                 classifier: Any | None = None, use_classifier: bool = True) -> EvalResult:
    items = read_plv(path, limit)
    if use_classifier and classifier is None and mode != "end2end":
        classifier = load_classifier()
    coded = [code_sentence(pipeline, it.sentence, lang)
             for it in progress(items, "coding PLV", show_progress)]
    if mode == "end2end":
        return _end2end(items, coded)
    return _pairs(items, coded, classifier)


def _pairs(items: list[PlvItem], coded: list[Any], classifier: Any | None) -> EvalResult:
    gold = [it.root for it in items]
    pred: list[str] = []
    methods: Counter[str] = Counter()
    right: Counter[str] = Counter()  # correct items per method
    errors: list[ErrorCase] = []
    need_classifier: list[int] = []
    for k, (it, c) in enumerate(zip(items, coded, strict=True)):
        found = link(c.events, it.sources, it.targets)
        root = found.root if found else NONE
        method = found.method if found else "fallback"
        methods[method] += 1
        right[method] += root == it.root
        pred.append(root)
        if method not in ("pair", "pair-reversed"):
            need_classifier.append(k)
        if root != it.root:
            detail = (f"source: {_marks(it, it.sources)} · target: {_marks(it, it.targets)} · "
                      f"{method}: " + (found.event.describe() if found and found.event
                                       else f"{len(c.events)} events"))
            errors.append(ErrorCase(it.sentence, it.root, root,
                                    severity(it.root, root, found.confidence if found else 0),
                                    detail, it.item))
    summary = classification_summary(gold, pred)
    extra: dict[str, Any] = {
        "quad_accuracy": _quad_accuracy(items, pred),
        "quad_accuracy_by_root": _quad_by_root(items, pred),
        "methods": dict(methods),
        "fallbacks": methods["fallback"],
        "accuracy_by_method": {m: rate(right[m], n) for m, n in methods.items()},
    }
    notes = [
        "fallback = no event in the sentence: no prediction (NONE), a miss for accuracy and "
        "recall but not a false positive",
        "quad_accuracy compares quad_class(predicted root) with gold_penta; PLV puts REQUEST "
        "in verbal conflict (3) where warta's table has verbal cooperation (1); "
        "quad_accuracy_by_root compares quad_class of both roots instead",
    ]
    if classifier is not None:
        try:
            extra["with_classifier"] = _with_classifier(items, pred, need_classifier,
                                                        classifier)
        except Exception as err:  # noqa: BLE001 - a broken model must not lose the lexicon run
            notes.append(f"classifier failed, lexicon only: {type(err).__name__}: {err}")
            classifier = None
    if classifier is not None:
        notes.append("with_classifier.fallback: lexicon pair links kept, every other item "
                     "(one-side, trigger, fallback) replaced by the classifier's top root; "
                     "with_classifier.combine: warta.events.classifier.combine(lexicon root, "
                     "probabilities) on every item. in_sample = the classifier was trained on PLV "
                     "(its report's training sets), so these two are not held-out scores")
    else:
        notes.append("lexicon only: no learned classifier (warta.events.classifier) was used")
    return EvalResult("plv", "pairs", summary["n"], summary["accuracy"], summary["macro_f1"],
                      summary["micro_f1"], summary["per_class"], summary["confusion"],
                      extra, errors, notes)


def _with_classifier(items: list[PlvItem], pred: list[str], todo: list[int],
                     classifier: Any) -> dict[str, Any]:
    """Scores with the classifier behind the lexicon (`fallback`: it answers wherever no
    lexicon event links the pair) and, when `combine` is importable, with the pipeline's own
    rule for merging the two (`combine`: lexicon root unless the classifier is sure)."""
    gold = [it.root for it in items]
    probs = classifier.predict([it.sentence for it in items])
    fallback = list(pred)
    for k in todo:
        fallback[k] = classifier_root(probs[k])[0]
    out: dict[str, Any] = {"fallback": _short(items, gold, fallback) | {"classified": len(todo)}}
    try:
        from warta.events.classifier import combine  # type: ignore[import-not-found]
    except ImportError:
        return out
    merged = []
    for p, pr in zip(pred, probs, strict=True):
        root, _conf, _method = combine(None if p == NONE else p, pr)
        merged.append(root or NONE)
    out["combine"] = _short(items, gold, merged)
    trained_on = _training_counts(getattr(classifier, "meta", None))
    if trained_on:
        out["classifier_trained_on"] = trained_on
        # The classifier's own report names the sets it was fitted on; PLV among them means
        # these scores are on training data.
        out["in_sample"] = bool(trained_on.get("plv"))
    return out


def _training_counts(meta: Any) -> dict[str, Any]:
    try:
        report = json.loads(dict(meta or {}).get("meta_report", "{}"))
    except (TypeError, ValueError):
        return {}
    train = report.get("train") if isinstance(report, dict) else None
    return dict(train) if isinstance(train, dict) else {}


def _short(items: list[PlvItem], gold: list[str], pred: list[str]) -> dict[str, Any]:
    summary = classification_summary(gold, pred)
    return {"accuracy": summary["accuracy"], "macro_f1": summary["macro_f1"],
            "micro_f1": summary["micro_f1"], "quad_accuracy": _quad_accuracy(items, pred)}


def _quad_accuracy(items: list[PlvItem], pred: list[str]) -> float | None:
    scored = [(it.penta, p) for it, p in zip(items, pred, strict=True) if it.penta is not None]
    return rate(sum(quad_class(p) == g for g, p in scored if p != NONE), len(scored))


def _quad_by_root(items: list[PlvItem], pred: list[str]) -> float | None:
    return rate(sum(p != NONE and quad_class(p) == quad_class(it.root)
                    for it, p in zip(items, pred, strict=True)), len(items))


def _end2end(items: list[PlvItem], coded: list[Any]) -> EvalResult:
    counts = Counts()
    gold: list[str] = []
    pred: list[str] = []
    errors: list[ErrorCase] = []
    off_pair = 0
    for it, c in zip(items, coded, strict=True):
        paired = on_pair(c.events, it.sources, it.targets)
        off_pair += len(c.events) - sum(1 for e in c.events if e in paired)
        hit = any(e.root == it.root for e in paired)
        counts.add(it.root, "tp" if hit else "fn")
        for e in paired:
            if e.root != it.root:
                counts.add(e.root, "fp")
        best = it.root if hit else (max(paired, key=lambda e: e.confidence).root
                                    if paired else NONE)
        gold.append(it.root)
        pred.append(best)
        if not hit:
            detail = (f"source: {_marks(it, it.sources)} · target: {_marks(it, it.targets)} · "
                      "on pair: " + ("; ".join(e.describe() for e in paired) or "none") +
                      f" · all events: {len(c.events)}")
            errors.append(ErrorCase(it.sentence, it.root, best,
                                    severity(it.root, best) if paired else 1.0 + 0.1 *
                                    len(c.events), detail, it.item))
    micro = counts.micro()
    summary = classification_summary(gold, pred)
    extra = {
        "event_precision": micro["precision"], "event_recall": micro["recall"],
        "event_f1": micro["f1"], "tp": micro["tp"], "fp": micro["fp"], "fn": micro["fn"],
        "quad_accuracy": _quad_accuracy(items, pred),
        "events_off_pair": off_pair,
    }
    notes = ["a hit needs an event whose source and target overlap the marked spans (either "
             "direction) with the gold root; other roots on the pair are false positives; "
             "events between other actors are not scored (events_off_pair)",
             "accuracy = share of sentences with a hit; micro_f1 = event-level F1"]
    return EvalResult("plv", "end2end", len(items), summary["accuracy"],
                      counts.macro_f1(sorted(set(gold))), micro["f1"], counts.per_class(),
                      summary["confusion"], extra, errors, notes)
