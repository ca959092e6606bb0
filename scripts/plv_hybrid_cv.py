"""Held-out score of warta's pair-mode coding on PLV with the classifier behind the lexicon.

The shipped classifier was trained on all of PLV, so scoring it on PLV is in-sample. This
command refits the same kind of head (logistic regression on the multilingual USE sentence
embedding) in 5 stratified folds and lets each fold's model answer only for the sentences it
did not see; the lexicon part is the real pipeline. Reads ../shared (evaluation data only).

    .venv/bin/python scripts/plv_hybrid_cv.py [--gold ../shared/data/dev/plover/PLV_train.tsv]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/dev/plover/PLV_train.tsv"


class OutOfFold:
    """Answers `predict(texts)` with probabilities from a model that never saw the text."""

    def __init__(self, probs: dict[str, dict[str, float]]):
        self._probs = probs
        self.meta = None

    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        return [self._probs[t] for t in texts]


def out_of_fold(sentences: list[str], roots: list[str], seed: int = 0) -> dict[str, dict]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from warta.events.classifier import Encoder

    x = Encoder().encode(sentences)
    y = np.array(roots)
    probs: dict[str, dict[str, float]] = {}
    for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y):
        model = LogisticRegression(C=8, class_weight="balanced", max_iter=2000)
        model.fit(x[train], y[train])
        for k, row in zip(test, model.predict_proba(x[test]), strict=True):
            probs[sentences[k]] = dict(zip(model.classes_, map(float, row), strict=True))
    return probs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(DEFAULT))
    args = parser.parse_args()
    if not Path(args.gold).exists():
        print(f"no PLV gold at {args.gold} (it lives in ../shared, which this machine lacks)",
              file=sys.stderr)
        return 2
    from warta.evaluation.coding import default_processor
    from warta.evaluation.plv import evaluate_plv, read_plv

    items = read_plv(args.gold)
    oof = OutOfFold(out_of_fold([it.sentence for it in items], [it.root for it in items]))
    result = evaluate_plv(args.gold, default_processor(), mode="pairs", lang="en",
                          classifier=oof)
    data = json.loads(result.dumps())
    print(json.dumps({"lexicon_only": {k: data[k] for k in ("accuracy", "macro_f1",
                                                             "quad_accuracy")},
                      "lexicon_then_held_out_classifier": data["with_classifier"]["fallback"],
                      "combine_rule_held_out": data["with_classifier"].get("combine")},
                     indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
