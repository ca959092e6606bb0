"""Train the name tagger's head on the event model's encoder; write warta/actors/ner/head.npz.

    .venv/bin/python scripts/train_name_head.py            # needs the `train` extra (torch)

Features are the shipped int8 encoder's own states (`PairClassifier.word_states`), so the head
learns exactly what the product computes. Data (never the test splits of annotations/):
- idner_news_2k TRAIN (../shared, MIT), re-split into warta's tokens;
- the names of the TRAIN split of warta's annotations (annotations/events_{id,en}.jsonl);
- English silver sentences (warta.actors.ner.silver over event_location and NGEC, MIT),
  minus every sentence that is also in an annotation file.
Scores, exact span: idner DEV and the TEST splits' names of both annotation files, for the
head and, side by side, the perceptron tagger it would replace. Seeded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from train_ner import _english_texts, _need  # noqa: E402

from warta.actors.ner.features import TAGS  # noqa: E402
from warta.actors.ner.tagger import NameTagger  # noqa: E402
from warta.actors.ner.train import evaluate, read_conll, retokenize  # noqa: E402
from warta.events.model import PairClassifier  # noqa: E402
from warta.events.model.data import annotated_sentences  # noqa: E402
from warta.text.phrases import tokenize  # noqa: E402

Sentence = tuple[list[str], list[str]]
OUT = REPO / "warta" / "actors" / "ner" / "head.npz"
REPORT = REPO / "annotations" / "reports" / "name_head.json"


def _h(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()


def annotation_sentences(lang: str, split: str) -> list[Sentence]:
    """An annotation file's sentences with their names as BIO tags over warta's tokens."""
    out: list[Sentence] = []
    for r in annotated_sentences(REPO / "annotations" / f"events_{lang}.jsonl"):
        if r["split"] != split:
            continue
        toks = tokenize(r["text"])
        tags = ["O"] * len(toks)
        for n in r.get("names") or []:
            inside = [k for k, t in enumerate(toks) if n["start"] <= t.start and t.end <= n["end"]]
            if inside and n["type"] in ("PER", "ORG", "LOC"):
                tags[inside[0]] = "B-" + n["type"]
                for k in inside[1:]:
                    tags[k] = "I-" + n["type"]
        out.append(([t.text for t in toks], tags))
    return out


def annotation_texts() -> set[str]:
    return {_h(r["text"]) for lang in ("id", "en")
            for r in annotated_sentences(REPO / "annotations" / f"events_{lang}.jsonl")}


def features(enc: PairClassifier, sents: list[Sentence]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    index = {t: i for i, t in enumerate(TAGS)}
    for toks, tags in sents:
        if toks:
            xs.append(enc.word_states(toks))
            ys.append(np.array([index[t] for t in tags]))
    return np.concatenate(xs), np.concatenate(ys)


def train_head(x: np.ndarray, y: np.ndarray, hidden: int, epochs: int, seed: int
               ) -> dict[str, np.ndarray]:
    import torch

    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(x.shape[1], hidden),
                              torch.nn.ReLU(), torch.nn.Dropout(0.2),
                              torch.nn.Linear(hidden, len(TAGS)))
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y).long()
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        net.train()
        for idx in torch.randperm(len(xt), generator=gen).split(256):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    lin1, lin2 = net[1], net[4]
    return {"w1": lin1.weight.detach().numpy().T.copy(), "b1": lin1.bias.detach().numpy(),
            "w2": lin2.weight.detach().numpy().T.copy(), "b2": lin2.bias.detach().numpy()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--silver", type=int, default=3000, help="English silver sentences")
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()

    from warta.actors.ner.encoder import EncoderNameTagger
    from warta.actors.ner.silver import SilverLabeller

    idner = _need(args.shared / "data" / "dev" / "indonesian_ner" / "idner_news_2k")
    idner_train = [retokenize(s) for s in read_conll(idner / "train.txt")]
    idner_dev = [retokenize(s) for s in read_conll(idner / "dev.txt")]
    seen = annotation_texts()
    labeller = SilverLabeller("en")
    texts = [t for t in _english_texts(args.shared) if _h(t) not in seen]
    random.Random(args.seed).shuffle(texts)
    silver: list[Sentence] = []
    for t in texts:
        s = labeller.label(t)
        if s is not None:
            silver.append(s)
        if len(silver) >= args.silver:
            break
    train = idner_train + annotation_sentences("id", "train") + \
        annotation_sentences("en", "train") + silver
    enc = PairClassifier.load()
    t0 = time.time()
    x, y = features(enc, train)
    t1 = time.time()
    weights = train_head(x, y, args.hidden, args.epochs, args.seed)
    np.savez_compressed(OUT, **{k: v.astype(np.float16) for k, v in weights.items()})
    t2 = time.time()

    head = EncoderNameTagger(enc, {k: v.astype(np.float16) for k, v in weights.items()})
    dev_sets = {"idner_dev": (idner_dev, "id"),
                "annotations_id_test": (annotation_sentences("id", "test"), "id"),
                "annotations_en_test": (annotation_sentences("en", "test"), "en")}
    report: dict = {
        "train_sentences": {"idner_train": len(idner_train),
                            "annotations_id_train": len(annotation_sentences("id", "train")),
                            "annotations_en_train": len(annotation_sentences("en", "train")),
                            "english_silver": len(silver)},
        "train_tokens": len(y), "feature_seconds": round(t1 - t0, 1),
        "fit_seconds": round(t2 - t1, 1), "hidden": args.hidden, "epochs": args.epochs,
        "seed": args.seed, "head_bytes": OUT.stat().st_size, "scores": {}}
    for name, (sents, lang) in dev_sets.items():
        report["scores"][name] = {"head": evaluate(head, sents),
                                  "perceptron": evaluate(NameTagger.load(lang), sents),
                                  "sentences": len(sents)}
    REPORT.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps({k: {m: v[m]["micro"] for m in ("head", "perceptron")}
                      for k, v in report["scores"].items()}, indent=1))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB) and {REPORT}")


if __name__ == "__main__":
    main()
