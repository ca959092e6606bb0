"""PLV: English sentences with one marked (source, target) pair and its gold PLOVER root.

The file is tab-separated with a header; the columns used are `marked_sentence` (the pair
marked `<s>..</s>` and `<t>..</t>`; an actor may be marked twice, and a pair without a target
has no `<t>`), `gold_root` and `gold_penta` (0–4). Everything else, and the silver columns in
particular, is ignored.

Modes:
- `pairs`: the pair is given; predict its root. With the event model installed that is the
  model's answer on the marked pair (the pair task it is trained for); the pipeline's own
  answer on the pair (`pairs.link`) is reported beside it. Scored as classification. PLV's
  YIELD is the current manual's CONCEDE or RETREAT: both score as YIELD.
- `end2end`: only the sentence is given; a hit when an event between the marked actors (either
  direction) has the gold root. Every other event that touches a marked actor is a false
  positive; events between other actors are not scored (the gold annotates one pair).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.evaluation.coding import Processor, code_sentence, progress
from warta.evaluation.metrics import NONE, Counts, classification_summary, rate
from warta.evaluation.pairs import link, load_model, model_root, on_pair, trained_share
from warta.evaluation.report import ErrorCase, EvalResult
from warta.evaluation.spans import Span, any_overlap
from warta.ontology import quad_class

_TAG = re.compile(r"</?[st]>")
# Old gold names: the current manual's roots that score as each.
_AS_OLD = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


def as_gold(root: str, gold_roots: set[str]) -> str:
    """A predicted root in the gold's vocabulary (CONCEDE/RETREAT → YIELD for old gold)."""
    old = _AS_OLD.get(root)
    return old if old is not None and old in gold_roots and root not in gold_roots else root


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
                 model: Any | None = None, use_model: bool = True) -> EvalResult:
    items = read_plv(path, limit)
    if use_model and model is None and mode != "end2end":
        model = load_model()
    coded = [code_sentence(pipeline, it.sentence, lang)
             for it in progress(items, "coding PLV", show_progress)]
    if mode == "end2end":
        return _end2end(items, coded)
    return _pairs(items, coded, model if use_model else None)


def _pipeline_roots(items: list[PlvItem], coded: list[Any], gold_roots: set[str]
                    ) -> tuple[list[str], list[str], Counter[str], list[Any]]:
    pred, methods, found_all = [], Counter(), []
    for it, c in zip(items, coded, strict=True):
        found = link(c.events, it.sources, it.targets)
        pred.append(as_gold(found.root, gold_roots) if found else NONE)
        methods[found.method if found else "fallback"] += 1
        found_all.append(found)
    return pred, [f.method if f else "fallback" for f in found_all], methods, found_all


def _pairs(items: list[PlvItem], coded: list[Any], model: Any | None) -> EvalResult:
    gold = [it.root for it in items]
    gold_roots = set(gold)
    pipe_pred, pipe_method, methods, found_all = _pipeline_roots(items, coded, gold_roots)
    if model is not None:
        pred, conf = [], []
        for it in items:
            root, prob = model_root(model, it.sentence, it.sources, it.targets)
            pred.append(as_gold(root, gold_roots))
            conf.append(prob)
        how = ["model"] * len(items)
    else:
        pred, how = pipe_pred, pipe_method
        conf = [f.confidence if f else 0.0 for f in found_all]
    errors: list[ErrorCase] = []
    for it, root, method, c, found, p in zip(items, pred, how, coded, found_all, conf,
                                            strict=True):
        if root != it.root:
            detail = (f"source: {_marks(it, it.sources)} · target: {_marks(it, it.targets)} · "
                      f"{method}: " + (found.event.describe() if found and found.event
                                       else f"{len(c.events)} events"))
            errors.append(ErrorCase(it.sentence, it.root, root, severity(it.root, root, p),
                                    detail, it.item))
    summary = classification_summary(gold, pred)
    right = Counter(m for m, g, q in zip(pipe_method, gold, pipe_pred, strict=True) if g == q)
    extra: dict[str, Any] = {
        "decided_by": "model" if model is not None else "pipeline",
        "quad_accuracy": _quad_accuracy(items, pred),
        "quad_accuracy_by_root": _quad_by_root(items, pred),
        "pipeline": _short(items, gold, pipe_pred) | {
            "methods": dict(methods), "fallbacks": methods["fallback"],
            "accuracy_by_method": {m: rate(right[m], n) for m, n in methods.items()}},
    }
    notes = [
        "pipeline = what `warta code` yields on the pair (an event linking the marked actors, "
        "else the nearest event; fallback = no event, a miss)",
        "quad_accuracy compares quad_class(predicted root) with gold_penta; "
        "quad_accuracy_by_root compares quad_class of both roots",
    ]
    if model is not None:
        share = trained_share(model, [it.sentence for it in items])
        extra["in_sample"] = share > 0.5
        extra["trained_share"] = round(share, 4)
        notes.append(f"decided by the event model on the marked pair; {share:.0%} of these "
                     "sentences were in its training data"
                     + (" (in-sample: not a held-out score; see `warta-train cv`)"
                        if share > 0.5 else ""))
    return EvalResult("plv", "pairs", summary["n"], summary["accuracy"], summary["macro_f1"],
                      summary["micro_f1"], summary["per_class"], summary["confusion"],
                      extra, errors, notes)


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
    gold_roots = {it.root for it in items}
    marked_all = [(it, it.sources + it.targets) for it in items]
    for (it, marked), c in zip(marked_all, coded, strict=True):
        paired = on_pair(c.events, it.sources, it.targets)
        touching = [e for e in c.events if any_overlap(e.source, marked)
                    or any_overlap(e.target, marked)]
        off_pair += len(c.events) - len(touching)
        hit_event = next((e for e in paired if as_gold(e.root, gold_roots) == it.root), None)
        hit = hit_event is not None
        counts.add(it.root, "tp" if hit else "fn")
        seen: set[tuple[str, Any]] = set()
        for e in touching:
            root = as_gold(e.root, gold_roots)
            if e is hit_event or (root, e.trigger) in seen:
                continue
            seen.add((root, e.trigger))
            if not (hit and root == it.root):
                counts.add(root, "fp")
        best = it.root if hit else (as_gold(max(paired, key=lambda e: e.confidence).root,
                                            gold_roots) if paired else NONE)
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
             "direction) with the gold root; every other event with a marked actor as source "
             "or target is a false positive; events between other actors are not scored "
             "(events_off_pair)",
             "accuracy = share of sentences with a hit; micro_f1 = event-level F1"]
    return EvalResult("plv", "end2end", len(items), summary["accuracy"],
                      counts.macro_f1(sorted(set(gold))), micro["f1"], counts.per_class(),
                      summary["confusion"], extra, errors, notes)
