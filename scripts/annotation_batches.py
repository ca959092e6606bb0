"""Make the annotation batches for the event-model training data (docs/annotation.md).

Reads ../shared/data/dev (IndoSum dev.01, event_location, the Guardian sample), picks sentences
with a fixed seed, fixes the train/test split *before* anyone annotates (by document), and writes
one JSONL file per annotator batch under annotations/batches/. Run once; the batches are
committed (IndoSum and event_location text may be shipped; Guardian text is not: its batch lines
carry offsets only, joined back with ../shared by `warta.events.model.data`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "dev"
OUT = ROOT / "annotations" / "batches"


def h(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


def detok(tokens: list[str]) -> str:
    out = ""
    quote_open = False
    for tok in tokens:
        if not out:
            out = tok
            quote_open = tok == '"'
            continue
        if tok == '"':
            out += ('"' if quote_open else ' "')
            quote_open = not quote_open
            continue
        if re.fullmatch(r"[.,;:!?%)\]]+", tok) or out.endswith(("(", "[")) or (
                quote_open and out.endswith('"') and out[-2:-1] in (" ", "")):
            out += tok
        else:
            out += " " + tok
    return out


def indosum(old_gold: set[str], political_only: bool = False, per_article: int = 6
            ) -> list[dict]:
    rows = []
    for line in (SHARED / "indosum" / "dev.01.jsonl").open(encoding="utf-8"):
        art = json.loads(line)
        political = art["category"] == "tajuk utama"
        # Test articles: fixed before annotation, never among the old gold's articles (whose
        # sentences were read while writing the lexicons).
        split = "test" if (art["id"] not in old_gold and h(art["id"]) % 10 < 3) else "train"
        if political_only and not political:
            continue
        taken = 0
        limit = per_article if political else 1
        for pi, para in enumerate(art["paragraphs"]):
            for si, toks in enumerate(para):
                text = detok(toks)
                if len(toks) < 6 or text.lower().startswith(("baca juga", "lihat juga")):
                    continue
                if taken >= limit:
                    break
                rows.append({"id": f"{art['id']}-p{pi}-s{si}", "lang": "id", "split": split,
                             "doc": art["id"], "text": text})
                taken += 1
    return rows


def event_location() -> list[dict]:
    with zipfile.ZipFile(SHARED / "event_location" / "labeled_text.jsonl.zip") as z:
        raw = z.read("labeled_text.jsonl").decode("utf-8")
    seen: dict[str, dict] = {}
    for line in raw.splitlines():
        if not line.strip():
            continue
        items = json.loads(line)
        for d in items if isinstance(items, list) else [items]:
            text = d["text"].strip()
            if not (60 <= len(text) <= 320) or text in seen:
                continue
            seen[text] = {"id": f"evloc-{h(text):08x}", "lang": "en",
                          "doc": f"evloc-{h(text):08x}",
                          "split": "test" if h(text) % 5 == 0 else "train", "text": text}
    return list(seen.values())


def guardian() -> list[dict]:
    with zipfile.ZipFile(SHARED / "english_articles" / "Guardian_SDF_sample.csv.zip") as z:
        raw = z.read("Guardian_SDF_sample.csv").decode("utf-8")
    rows = []
    for rec in csv.DictReader(io.StringIO(raw)):
        art = rec[""]
        text = rec["text"]
        split = "test" if h("guardian-" + art) % 5 == 0 else "train"
        starts = [0] + [m.end() for m in re.finditer(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", text)]
        taken = 0
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(text)
            sent = text[start:end].strip()
            if len(sent) < 50 or taken >= 3:
                continue
            s = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            rows.append({"id": f"guardian-{art}-{s}", "lang": "en", "doc": f"guardian-{art}",
                         "split": split, "text": sent, "guardian": {"row": art, "start": s,
                                                                     "end": s + len(sent)}})
            taken += 1
    return rows


def second_round(old_gold: set[str]) -> int:
    """More sentences (political IndoSum articles only, more wire news), none seen before."""
    done = {json.loads(x)["id"] for f in OUT.glob("*.jsonl") for x in f.open(encoding="utf-8")}
    rng = random.Random(20261205)
    ind = [r for r in indosum(old_gold, political_only=True, per_article=40)
           if r["id"] not in done]
    rng.shuffle(ind)
    evl = [r for r in event_location() if r["id"] not in done]
    rng.shuffle(evl)
    batches = {f"id{i + 5}": ind[i * 190:(i + 1) * 190] for i in range(4)}
    batches.update({f"en{i + 3}": evl[i * 220:(i + 1) * 220] for i in range(2)})
    for name, rows in batches.items():
        with (OUT / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(name, len(rows), "test", sum(r["split"] == "test" for r in rows))
    return 0


def third_round(old_gold: set[str], batches: int = 8, size: int = 150, double: int = 10
                ) -> int:
    """Indonesian only: more sentences of the political IndoSum articles, none already in
    the shipped annotations; each batch's last `double` sentences are also given, as
    double3_<k>, to the annotator of the next batch (for agreement)."""
    shipped = ROOT / "annotations"
    done = {json.loads(x)["id"] for name in ("events_id.jsonl", "double_annotation.jsonl")
            for x in (shipped / name).open(encoding="utf-8")}
    rng = random.Random(20261206)
    ind = [r for r in indosum(old_gold, political_only=True, per_article=40)
           if r["id"] not in done]
    rng.shuffle(ind)
    OUT.mkdir(parents=True, exist_ok=True)
    out = {f"id{i + 9}": ind[i * size:(i + 1) * size] for i in range(batches)}
    for i in range(batches):
        # The double sample of batch i goes to the annotator of batch i + 1.
        out[f"double3_{(i + 1) % batches + 9}"] = out[f"id{i + 9}"][-double:]
    for name, rows in out.items():
        with (OUT / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(name, len(rows), "test", sum(r["split"] == "test" for r in rows))
    return 0


def fourth_round(old_gold: set[str], size: int = 150, double: int = 10) -> int:
    """Four more Indonesian batches (political IndoSum sentences not yet annotated) and four
    English ones (event_location sentences not yet annotated); doubles as in round 3."""
    shipped = ROOT / "annotations"
    done = {json.loads(x)["id"] for name in ("events_id.jsonl", "events_en.jsonl",
                                             "double_annotation.jsonl")
            for x in (shipped / name).open(encoding="utf-8")}
    done |= {json.loads(x)["id"] for f in OUT.glob("*.jsonl") for x in f.open(encoding="utf-8")}
    rng = random.Random(20261207)
    ind = [r for r in indosum(old_gold, political_only=True, per_article=40)
           if r["id"] not in done]
    rng.shuffle(ind)
    evl = [r for r in event_location() if r["id"] not in done]
    rng.shuffle(evl)
    out = {f"id{i + 17}": ind[i * size:(i + 1) * size] for i in range(4)}
    out.update({f"en{i + 5}": evl[i * size:(i + 1) * size] for i in range(4)})
    names = list(out)
    for name in names:
        # The double sample of each batch goes to the next batch's annotator, same language.
        lang_names = [n for n in names if n[:2] == name[:2]]
        nxt = lang_names[(lang_names.index(name) + 1) % len(lang_names)]
        out[f"double4_{nxt}"] = out[name][-double:]
    for name, rows in out.items():
        with (OUT / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(name, len(rows), "test", sum(r["split"] == "test" for r in rows))
    return 0


def main() -> int:
    old_gold = {json.loads(x)["id"].rsplit("-p", 1)[0]
                for x in (ROOT / "gold" / "indosum_id.jsonl").open(encoding="utf-8")}
    rng = random.Random(20261204)
    ind = indosum(old_gold)
    rng.shuffle(ind)
    ind = ind[:760]
    evl = event_location()
    rng.shuffle(evl)
    evl = evl[:320]
    gua = guardian()
    rng.shuffle(gua)
    gua = gua[:120]
    eng = evl + gua
    rng.shuffle(eng)
    OUT.mkdir(parents=True, exist_ok=True)
    batches = {f"id{i + 1}": ind[i * 190:(i + 1) * 190] for i in range(4)}
    batches.update({f"en{i + 1}": eng[i * 220:(i + 1) * 220] for i in range(2)})
    eng = eng[:440]
    # About 10% of each language again, for a second, independent annotator.
    double = [r for r in ind if h("dbl" + r["id"]) % 10 == 0][:76] + \
             [r for r in eng if h("dbl" + r["id"]) % 10 == 0][:44]
    batches["double"] = double
    for name, rows in batches.items():
        with (OUT / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        tests = sum(r["split"] == "test" for r in rows)
        print(name, len(rows), "test", tests)
    return 0


if __name__ == "__main__":
    gold_ids = {json.loads(x)["id"].rsplit("-p", 1)[0] for x in
                (ROOT / "gold" / "indosum_id.jsonl").open(encoding="utf-8")}
    if sys.argv[1:] == ["--round", "2"]:
        sys.exit(second_round(gold_ids))
    if sys.argv[1:] == ["--round", "3"]:
        sys.exit(third_round(gold_ids))
    if sys.argv[1:] == ["--round", "4"]:
        sys.exit(fourth_round(gold_ids))
    sys.exit(main())
