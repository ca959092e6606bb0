"""warta's own gold: one sentence per line, with every event it holds (see gold/README.md).

    {"sentence": "...", "language": "id", "published": "YYYY-MM-DD"?, "id"?: "...",
     "events": [{"plover": "REQUEST", "cameo": "020"?, "source_text": "...",
                 "source_code": "IDNGOV", "target_text": "...", "target_code": "IDNLEG",
                 "reciprocal": false?}]}

A sentence with `"events": []` is a negative: every event predicted there is a false positive.

Matching, one to one within a sentence: a predicted event matches a gold event when the PLOVER
root is equal and the source and target spans overlap the gold texts (either direction when the
gold event is reciprocal: its `reciprocal` flag when given, else the reciprocal roots CONSULT,
AGREE, COOPERATE); an empty gold `source_text`/`target_text` matches any argument, including
none. Actor codes are then compared on matched events. A predicted reciprocal event stored as
two mirrored records counts once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.evaluation.coding import EventView, Processor, code_sentence, progress
from warta.evaluation.metrics import NONE, Counts, rate
from warta.evaluation.plv import severity
from warta.evaluation.report import ErrorCase, EvalResult
from warta.evaluation.spans import Span, any_overlap, find_all
from warta.mirrors import is_mutual, one_per_mirror
from warta.ontology import RECIPROCAL_ROOTS as RECIPROCAL


@dataclass(slots=True)
class GoldEvent:
    root: str
    source_text: str
    target_text: str
    source_code: str
    target_code: str
    source: list[Span] = field(default_factory=list)
    target: list[Span] = field(default_factory=list)
    reciprocal: bool | None = None  # None: reciprocal when its root is


@dataclass(slots=True)
class GoldSentence:
    item: str
    sentence: str
    language: str | None
    published: str | None
    events: list[GoldEvent]


def read_warta_jsonl(path: str | Path, limit: int | None = None) -> list[GoldSentence]:
    out: list[GoldSentence] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            sentence = str(rec["sentence"])
            events = []
            for ev in rec.get("events") or []:
                src, tgt = str(ev.get("source_text") or ""), str(ev.get("target_text") or "")
                events.append(GoldEvent(
                    root=str(ev["plover"]).upper(), source_text=src, target_text=tgt,
                    source_code=str(ev.get("source_code") or ""),
                    target_code=str(ev.get("target_code") or ""),
                    source=find_all(sentence, src), target=find_all(sentence, tgt),
                    reciprocal=ev["reciprocal"] if isinstance(ev.get("reciprocal"), bool)
                    else None))
            out.append(GoldSentence(str(rec.get("id") or f"line {lineno}"), sentence,
                                    rec.get("language"), rec.get("published"), events))
            if limit and len(out) >= limit:
                break
    return out


def _side(pred: Span | None, gold_text: str, gold: list[Span]) -> bool:
    return True if not gold_text.strip() else any_overlap(pred, gold)


def direction(gold: GoldEvent, pred: EventView, *, any_root: bool = False) -> str | None:
    """'forward' or 'reversed' when `pred` matches `gold`, else None."""
    if not any_root and pred.root != gold.root:
        return None
    if _side(pred.source, gold.source_text, gold.source) and \
            _side(pred.target, gold.target_text, gold.target):
        return "forward"
    mutual = gold.root in RECIPROCAL if gold.reciprocal is None else gold.reciprocal
    if mutual and _side(pred.source, gold.target_text, gold.target) and \
            _side(pred.target, gold.source_text, gold.source):
        return "reversed"
    return None


def match_events(gold: list[GoldEvent], pred: list[EventView]
                 ) -> tuple[list[tuple[int, int, str]], list[int], list[int]]:
    """One-to-one matches (gold index, predicted index, direction), then the unmatched gold
    and predicted indices. Forward matches are taken before reversed ones."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int, str]] = []
    for wanted in ("forward", "reversed"):
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for pi, p in enumerate(pred):
                if pi not in used_p and direction(g, p) == wanted:
                    pairs.append((gi, pi, wanted))
                    used_g.add(gi)
                    used_p.add(pi)
                    break
    return (pairs, [i for i in range(len(gold)) if i not in used_g],
            [i for i in range(len(pred)) if i not in used_p])


def one_per_reciprocal(pred: list[EventView]) -> list[EventView]:
    """Drop the mirror record of a reciprocal event (A↔B stored as A→B and B→A)."""
    return [e for e, _ in one_per_mirror(pred, lambda e: (e.root, e.source, e.target,
                                                           is_mutual(e.root, e.reciprocal)))]


def one_gold_per_reciprocal(gold: list[GoldEvent]) -> list[GoldEvent]:
    """Gold that lists a reciprocal event in both directions holds one event, not two."""
    return [g for g, _ in one_per_mirror(gold, lambda g: (
        g.root, g.source_text, g.target_text,
        g.root in RECIPROCAL if g.reciprocal is None else g.reciprocal))]


def evaluate_warta_jsonl(path: str | Path, pipeline: Processor, *, lang: str | None = None,
                         limit: int | None = None, show_progress: bool = False) -> EvalResult:
    return score_sentences(read_warta_jsonl(path, limit), pipeline, lang=lang,
                           show_progress=show_progress)


def score_sentences(sentences: list[GoldSentence], pipeline: Processor, *,
                    lang: str | None = None, show_progress: bool = False,
                    fmt: str = "warta-jsonl") -> EvalResult:
    counts = Counts()
    confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors: list[ErrorCase] = []
    exact = negatives = negatives_clean = 0
    code_hits = code_total = country_hits = 0
    for gs in progress(sentences, "coding gold", show_progress):
        coded = code_sentence(pipeline, gs.sentence, lang or gs.language, gs.published)
        pred = one_per_reciprocal(coded.events)
        gs.events = one_gold_per_reciprocal(gs.events)
        pairs, missed, spurious = match_events(gs.events, pred)
        exact += not missed and not spurious
        if not gs.events:
            negatives += 1
            negatives_clean += not pred
        for gi, pi, how in pairs:
            g, p = gs.events[gi], pred[pi]
            counts.add(g.root, "tp")
            confusion[g.root][g.root] += 1
            pairs_codes = ((g.source_code, p.source_code), (g.target_code, p.target_code))
            if how == "reversed":
                pairs_codes = ((g.source_code, p.target_code), (g.target_code, p.source_code))
            for want, got in pairs_codes:
                if want:
                    code_total += 1
                    code_hits += (got or "") == want
                    country_hits += (got or "")[:3] == want[:3]
        # Explain the leftovers: a wrong root on the right actors is a confusion, not two errors.
        left_p = list(spurious)
        for gi in missed:
            g = gs.events[gi]
            counts.add(g.root, "fn")
            near = next((pi for pi in left_p if direction(g, pred[pi], any_root=True)), None)
            got = pred[near].root if near is not None else NONE
            confusion[g.root][got] += 1
            detail = f"gold {g.root}({g.source_text or '∅'}[{g.source_code}] → " \
                     f"{g.target_text or '∅'}[{g.target_code}])"
            if near is not None:
                left_p.remove(near)
                counts.add(pred[near].root, "fp")
                detail += f" · predicted {pred[near].describe()}"
            else:
                detail += " · missed" + (f"; predicted: {'; '.join(e.describe() for e in pred)}"
                                         if pred else "")
            errors.append(ErrorCase(gs.sentence, g.root, got,
                                    severity(g.root, got, pred[near].confidence
                                             if near is not None else 0.0), detail, gs.item))
        for pi in left_p:
            p = pred[pi]
            counts.add(p.root, "fp")
            confusion[NONE][p.root] += 1
            errors.append(ErrorCase(gs.sentence, NONE, p.root,
                                    (1.5 if not gs.events else 1.0) + p.confidence,
                                    f"spurious {p.describe()}", gs.item))
    micro = counts.micro()
    gold_roots = sorted({e.root for s in sentences for e in s.events})
    extra: dict[str, Any] = {
        "event_precision": micro["precision"], "event_recall": micro["recall"],
        "event_f1": micro["f1"], "tp": micro["tp"], "fp": micro["fp"], "fn": micro["fn"],
        "actor_accuracy": rate(code_hits, code_total),
        "actor_country_accuracy": rate(country_hits, code_total),
        "actor_codes_compared": code_total,
        "negatives": negatives,
        "negatives_without_events": rate(negatives_clean, negatives),
    }
    notes = [
        "accuracy = share of sentences coded exactly (every gold event matched, no spurious "
        "event); micro_f1 = event-level F1; macro_f1 = mean F1 over the gold roots",
        "actor_accuracy compares full codes on matched events where the gold gives a code; "
        "actor_country_accuracy only their first three letters",
    ]
    matrix = {g: dict(sorted(row.items())) for g, row in sorted(confusion.items())}
    return EvalResult(fmt, None, len(sentences), rate(exact, len(sentences)),
                      counts.macro_f1(gold_roots), micro["f1"], counts.per_class(), matrix,
                      extra, errors, notes)
