"""Why warta misses annotated events: a diagnosis of the end-to-end errors, by category.

    .venv/bin/python scripts/miss_categories.py --lang id --split train [--show 20]

For every gold event warta does not match (as `warta eval --format annotations` scores it):

- "nothing predicted": warta emits no event in the sentence;
- "other events only": events, but none on the gold's actors;
- "wrong root": an event on the gold's actors with another root;
- "root ok, actors wrong": an event with the gold's root whose source or target misses.

And whether warta's mentions overlap both gold actors (the candidates exist, the decision is
what fails). Use it on the training split: the test split is for measuring only.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

from warta.evaluation.annotations import read_annotations
from warta.evaluation.coding import code_sentence, default_processor
from warta.evaluation.spans import any_overlap
from warta.evaluation.warta_jsonl import (
    GoldEvent,
    direction,
    match_events,
    one_gold_per_reciprocal,
    one_per_reciprocal,
)


def _category(g: GoldEvent, pred: list[Any]) -> str:
    if not pred:
        return "nothing predicted"
    if any(direction(g, p, any_root=True) for p in pred):
        return "wrong root"
    if any(p.root == g.root for p in pred):
        return "root ok, actors wrong"
    return "other events only"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default="annotations/")
    ap.add_argument("--lang", default="id")
    ap.add_argument("--split", default="train")
    ap.add_argument("--show", type=int, default=0, help="print N missed events per category")
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--covered", action="store_true",
                    help="show only misses whose actors warta's mentions overlap")
    args = ap.parse_args()
    sentences, _ = read_annotations(args.gold, args.split, args.lang)
    pipeline = default_processor(use_model=not args.no_model)
    cats: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}
    spurious = Counter[str]()
    for gs in sentences:
        coded = code_sentence(pipeline, gs.sentence, args.lang, gs.published)
        pred = one_per_reciprocal(coded.events)
        gold = one_gold_per_reciprocal(gs.events)
        _, missed, extra = match_events(gold, pred)
        spans = [coded.offsets.span(m.start, m.end) for m in coded.doc.mentions]
        spurious["in a negative sentence" if not gold else "in a sentence with events"] += \
            len(extra)
        for gi in missed:
            g = gold[gi]
            cat = _category(g, pred)
            cats[cat] += 1
            both = any(any_overlap(s, g.source) for s in spans) and (
                not g.target or any(any_overlap(s, g.target) for s in spans))
            covered[cat] += both
            if len(shown.setdefault(cat, [])) < args.show and (both or not args.covered):
                shown[cat].append(
                    f"{g.root}({g.source_text} → {g.target_text or '∅'}) | {gs.sentence}"
                    + (" | predicted: " + "; ".join(p.describe() for p in pred) if pred else ""))
    report = {"missed": sum(cats.values()),
              "by_category": dict(cats.most_common()),
              "with_mentions_on_both_actors": dict(covered),
              "spurious": dict(spurious)}
    print(json.dumps(report, indent=2, ensure_ascii=False))
    for cat, lines in shown.items():
        print(f"\n## {cat}")
        for line in lines:
            print("-", line)


if __name__ == "__main__":
    main()
