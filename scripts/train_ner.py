"""Train warta's name taggers (PER/ORG/LOC) and write warta/actors/ner/{id,en}.npz.

    .venv/bin/python scripts/train_ner.py                 # both languages
    .venv/bin/python scripts/train_ner.py --lang id --shared /path/to/shared

Reads the development data in ../shared (or --shared); the product never does.
- id: idner_news_2k TRAIN (MIT); scores on its DEV split and, for evaluation only, NERGrit valid.
- en: silver sentences from event_location (MIT) and the NGEC synthetic stories (MIT), labelled by
  warta.actors.ner.silver; scored on hand-labelled sentences in tests/actors/data/.
Fixed seed: the same data gives the same weights.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
import time
import zipfile
from pathlib import Path

from warta.actors.ner.lexicon import build_lexicon
from warta.actors.ner.train import evaluate, read_conll, read_marked, retokenize, save, train
from warta.text.phrases import tokenize

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "warta" / "actors" / "ner"
GOLD = REPO / "tests" / "actors" / "data"
NERGRIT_MAP = {"PERSON": "PER", "PLACE": "LOC", "ORGANISATION": "ORG"}
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z])")


def _need(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"training data not found: {path}\n"
                 "train_ner.py reads the development data in ../shared; pass --shared DIR.")
    return path


def train_id(shared: Path, epochs: int, seed: int) -> dict:
    base = shared / "data" / "dev" / "indonesian_ner"
    idner = _need(base / "idner_news_2k")
    train_set = [retokenize(s) for s in read_conll(idner / "train.txt")]
    dev_set = [retokenize(s) for s in read_conll(idner / "dev.txt")]
    t = time.time()
    tagger = train(train_set, build_lexicon("id"), epochs=epochs, seed=seed)
    report = {"train_sentences": len(train_set), "train_seconds": round(time.time() - t, 1),
              "idner_dev": evaluate(tagger, dev_set)}
    nergrit = base / "nergrit" / "valid_preprocess.txt"
    if nergrit.exists():  # evaluation only: NERGrit is never trained on
        report["nergrit_valid"] = evaluate(
            tagger, [retokenize(s) for s in read_conll(nergrit, NERGRIT_MAP)])
    save(tagger, OUT_DIR / "id.npz")
    return report


def _english_texts(shared: Path) -> list[str]:
    dev = shared / "data" / "dev"
    texts: list[str] = []
    with zipfile.ZipFile(_need(dev / "event_location" / "labeled_text.jsonl.zip")) as z:
        name = next(n for n in z.namelist() if n.endswith(".jsonl") and "MACOSX" not in n)
        texts.extend(d["text"] for d in json.loads(z.read(name)))
    with zipfile.ZipFile(_need(dev / "ngec_synthetic" /
                               "gpt_synthetic_events_2023-10-19_19.csv.zip")) as z:
        name = next(n for n in z.namelist() if n.endswith(".csv") and "MACOSX" not in n)
        for row in csv.DictReader(io.StringIO(z.read(name).decode("utf-8"))):
            texts.extend(_SENT_SPLIT.split(row["text"].strip()))
    # Unfilled template slots ("{country_1}") are not English.
    return list(dict.fromkeys(t.strip() for t in texts if t.strip() and "{" not in t))


def train_en(shared: Path, epochs: int, seed: int, max_sentences: int) -> dict:
    from warta.actors.ner.silver import SilverLabeller

    texts = _english_texts(shared)
    labeller = SilverLabeller("en")
    silver = [s for s in map(labeller.label, texts) if s is not None]
    random.Random(seed).shuffle(silver)
    silver = silver[:max_sentences]
    t = time.time()
    tagger = train(silver, build_lexicon("en"), epochs=epochs, seed=seed, min_count=2)
    report = {"texts": len(texts), "silver_sentences": len(silver),
              "train_seconds": round(time.time() - t, 1),
              # ner_gold_en.txt guided the silver rules; ner_heldout_en.txt was written after.
              "hand_labelled_30": evaluate(tagger, read_marked(GOLD / "ner_gold_en.txt")),
              "hand_labelled_heldout_20": evaluate(
                  tagger, read_marked(GOLD / "ner_heldout_en.txt"))}
    save(tagger, OUT_DIR / "en.npz")
    return report


def bench(shared: Path) -> dict:
    """Tagging speed of the shipped models, single process, on development sentences.

    "cold" is a fresh tagger meeting every word for the first time; "warm" is the second pass
    (the steady state of a long-running coder, whose vocabulary cache is filled).
    """
    from warta.actors.ner import NameTagger

    idner = _need(shared / "data" / "dev" / "indonesian_ner" / "idner_news_2k")
    sets = {"id": [retokenize(s)[0] for s in read_conll(idner / "dev.txt")],
            "en": [[t.text for t in tokenize(x)] for x in _english_texts(shared)[:3000]]}
    out = {}
    for lang, sents in sets.items():
        tagger = NameTagger.from_file(OUT_DIR / f"{lang}.npz", lang)
        row: dict[str, float] = {"sentences": len(sents),
                                 "tokens_per_sentence": round(sum(map(len, sents)) / len(sents), 1)}
        for run in ("cold", "warm"):
            t = time.process_time()
            for toks in sents:
                tagger.tag(toks)
            row[f"{run}_sentences_per_cpu_second"] = round(len(sents) / (time.process_time() - t))
        out[lang] = row
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--lang", choices=["id", "en", "all"], default="all")
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--en-epochs", type=int, default=8)
    ap.add_argument("--en-max-sentences", type=int, default=12000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--bench", action="store_true", help="only measure tagging speed")
    args = ap.parse_args()
    _need(args.shared)
    if args.bench:
        print(json.dumps(bench(args.shared), indent=1))
        return
    report = {}
    if args.lang in ("id", "all"):
        report["id"] = train_id(args.shared, args.epochs, args.seed)
        print(json.dumps({"id": report["id"]}, indent=1), flush=True)
    if args.lang in ("en", "all"):
        report["en"] = train_en(args.shared, args.en_epochs, args.seed, args.en_max_sentences)
        print(json.dumps({"en": report["en"]}, indent=1), flush=True)


if __name__ == "__main__":
    main()
