"""What the learned classifier costs: the pipeline's sentences per CPU-second with and without it.

    .venv/bin/python benchmarks/classifier_cost.py [--articles 300]

Reads the IndoSum articles from ../shared when present, else the bundled examples.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from warta.model import Document
from warta.pipeline import Pipeline
from warta.resources import Resources

ROOT = Path(__file__).resolve().parents[1]
INDOSUM = ROOT.parent / "shared/data/dev/indosum/dev.01.jsonl"


def documents(limit: int) -> list[Document]:
    if not INDOSUM.exists():
        return [Document(raw=p.read_text(encoding="utf-8"), published="2021-12-08")
                for p in sorted((ROOT / "examples").glob("*.txt"))]
    docs = []
    with INDOSUM.open(encoding="utf-8") as fh:
        for line in fh:
            if len(docs) >= limit:
                break
            rec = json.loads(line)
            text = "\n\n".join(" ".join(" ".join(s) for s in para) for para in rec["paragraphs"])
            docs.append(Document(raw=text, published="2018-01-01"))
    return docs


def rate(use_classifier: bool, docs: list[Document]) -> float:
    pipe = Pipeline(Resources(use_classifier=use_classifier))
    pipe.resources.warm()
    start = time.process_time()
    sentences = sum(len(d.sentences) for d in pipe.pipe(docs, batch_size=32))
    return sentences / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    docs = documents(parser.parse_args().articles)
    without, with_clf = rate(False, docs), rate(True, docs)
    print(f"without classifier {without:,.0f} sentences/CPU-s; with it {with_clf:,.0f} "
          f"({with_clf / without:.0%} of the speed)")


if __name__ == "__main__":
    main()
