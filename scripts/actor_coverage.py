"""How many events of real Indonesian news have a coded source, and a sample to hand-check.

Codes the first N articles of IndoSum's dev.01 (../shared/data/dev/indosum, CC BY-SA 4.0) with
the shipped pipeline, dated by the article id's Unix time, and reports the share of events
without a source and without a coded source. It also draws a seeded random sample of coded
actors (source or target of an event) with their sentences, for a person to judge; the
judgements live in the report's `checked` field, filled in by hand (docs/accuracy.md).

    .venv/bin/python scripts/actor_coverage.py --articles 300 --sample 50 \
        --out annotations/reports/actor_coverage.json
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from warta.evaluation.annotations import published
from warta.model import Document
from warta.pipeline import Pipeline

INDOSUM = Path(__file__).resolve().parents[1].parent / "shared/data/dev/indosum/dev.01.jsonl"


def articles(path: Path, n: int) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = "\n\n".join(" ".join(" ".join(s) for s in p) for p in rec["paragraphs"])
            out.append({"id": rec["id"], "text": text, "published": published({"doc": rec["id"]})})
            if len(out) >= n:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--indosum", type=Path, default=INDOSUM)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    pipeline = Pipeline()
    counts: Counter[str] = Counter()
    uncoded: Counter[str] = Counter()
    coded_actors: list[dict] = []
    for art in articles(args.indosum, args.articles):
        doc = pipeline.process(Document(raw=art["text"], language_hint="id",
                                        published=art["published"], origin=art["id"]))
        for ev in doc.events:
            counts["events"] += 1
            if ev.source is None:
                counts["no source"] += 1
            elif not ev.source.code:
                counts["source uncoded"] += 1
                uncoded[ev.source.text.lower()] += 1
            for side, actor in (("source", ev.source), ("target", ev.target)):
                if actor is not None and actor.code:
                    sent = next(s.text for s in doc.sentences
                                if s.start <= actor.start < s.end)
                    coded_actors.append({"article": art["id"], "side": side,
                                         "text": actor.text, "code": actor.code,
                                         "resolution": actor.resolution, "event": ev.plover,
                                         "sentence": sent})
    n = counts["events"]
    without = counts["no source"] + counts["source uncoded"]
    sample = random.Random(args.seed).sample(coded_actors, min(args.sample, len(coded_actors)))
    report = {
        "articles": args.articles, "events": n,
        "events_without_source": counts["no source"],
        "events_with_uncoded_source": counts["source uncoded"],
        "share_without_coded_source": round(without / n, 4) if n else None,
        "most_common_uncoded_sources": uncoded.most_common(25),
        "sample": sample,
    }
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "sample"}, ensure_ascii=False,
                     indent=1))


if __name__ == "__main__":
    main()
