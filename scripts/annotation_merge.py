"""Merge the annotators' files into the shipped annotation sets (docs/annotation.md).

    python scripts/annotation_merge.py

Reads annotations/batches/*.jsonl (the sentences, split and document fixed before
annotation) and annotations/raw/*.jsonl (what each annotator wrote) and writes
annotations/events_id.jsonl, annotations/events_en.jsonl and annotations/double_annotation.jsonl
(the second annotator's copy of the 10% sample), adding to what those files already hold.
Every span gets character offsets. Guardian
sentences (publisher's copyright) keep no text: offsets into ../shared's article only, and
their actors are keyed "@start-end".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warta.events.model.data import locate  # noqa: E402

ANN = ROOT / "annotations"


def convert(batch_row: dict, raw: dict) -> dict:
    text = batch_row["text"]
    guardian = "guardian" in batch_row
    keys: dict[str, str] = {}
    actors = []
    for a in raw.get("actors", []):
        loc = locate(text, a["text"])
        if loc is None:
            continue
        key = f"@{loc[0]}-{loc[1]}" if guardian else a["text"]
        keys[a["text"]] = key
        actors.append({"text": key, "start": loc[0], "end": loc[1], "code": a.get("code"),
                       "type": a.get("type")})
    names = []
    for n in raw.get("names", []):
        loc = locate(text, n["text"])
        if loc is not None:
            names.append({**({} if guardian else {"text": text[loc[0]:loc[1]]}),
                          "start": loc[0], "end": loc[1], "type": n.get("type")})
    events = []
    for ev in raw.get("events", []):
        if ev.get("source") not in keys:
            continue
        tgt = ev.get("target")
        out = {"source": keys[ev["source"]], "target": keys.get(tgt) if tgt else None,
               "root": ev["root"], "modality": ev.get("modality", "asserted")}
        if tgt and tgt not in keys:
            continue
        trig = locate(text, ev["trigger"]) if ev.get("trigger") else None
        if trig:
            if not guardian:
                out["trigger"] = ev["trigger"]
            out["trigger_start"], out["trigger_end"] = trig
        events.append(out)
    rec = {k: batch_row[k] for k in ("id", "lang", "split", "doc")}
    if guardian:
        rec["guardian"] = batch_row["guardian"]
    else:
        rec["text"] = text
    rec.update(actors=actors, names=names, events=events)
    return rec


def main() -> int:
    batches = {p.stem: [json.loads(x) for x in p.open(encoding="utf-8")]
               for p in sorted((ANN / "batches").glob("*.jsonl"))}
    files = (("id", "events_id.jsonl"), ("en", "events_en.jsonl"),
             ("double", "double_annotation.jsonl"))
    # The shipped sets are the record: a round's raw files add sentences (or replace a
    # sentence's annotation); earlier rounds' raw files need not be kept.
    out: dict[str, dict[str, dict]] = {
        key: {json.loads(x)["id"]: json.loads(x)
              for x in (ANN / fname).open(encoding="utf-8") if x.strip()}
        if (ANN / fname).exists() else {} for key, fname in files}
    for name, rows in sorted(batches.items()):
        raw_path = ANN / "raw" / f"{name}.jsonl"
        if not raw_path.exists():
            print(f"{name}: not annotated yet")
            continue
        raw = {}
        for line in raw_path.open(encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                raw[r["id"]] = r
        done = 0
        for row in rows:
            if row["id"] in raw:
                rec = convert(row, raw[row["id"]])
                out["double" if name.startswith("double") else row["lang"]][rec["id"]] = rec
                done += 1
        print(f"{name}: {done}/{len(rows)} sentences")
    for key, fname in files:
        recs = sorted(out[key].values(), key=lambda r: r["id"])
        with (ANN / fname).open("w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        n_ev = sum(len(r["events"]) for r in recs)
        test = sum(r["split"] == "test" for r in recs)
        print(f"{fname}: {len(recs)} sentences ({test} test), {n_ev} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
