"""Check an annotation output file against its batch (docs/annotation.md's format).

    .venv/bin/python scripts/annotation_check.py BATCH.jsonl OUTPUT.jsonl

Prints every problem (unknown id, a span that is not in the sentence, an event whose actor is
not listed, an unknown root or modality) and a count of sentences, actors and events.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warta.events.model.data import locate as find_span

ROOTS = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
MODALITIES = {"asserted", "intended", "conditional", "proposed", "negated", "denied"}
TYPES = {"PER", "ORG", "GPE", "GROUP", "PRON"}
NAME_TYPES = {"PER", "ORG", "LOC"}


def locate(text: str, span: str) -> int:
    """Start offset of `span` ("text" or "text#n", the n-th occurrence) in `text`, or -1."""
    found = find_span(text, span)
    return found[0] if found else -1


def record_problems(sid: str, text: str, r: dict) -> list[str]:
    """What is wrong in one annotated sentence."""
    problems: list[str] = []
    actors = set()
    for a in r.get("actors", []):
        if locate(text, a.get("text", "")) < 0:
            problems.append(f"{sid}: actor {a.get('text')!r} not in the sentence")
        if a.get("type") not in TYPES:
            problems.append(f"{sid}: actor {a.get('text')!r} type {a.get('type')!r}")
        actors.add(a.get("text"))
    for nm in r.get("names", []):
        if locate(text, nm.get("text", "")) < 0:
            problems.append(f"{sid}: name {nm.get('text')!r} not in the sentence")
        if nm.get("type") not in NAME_TYPES:
            problems.append(f"{sid}: name {nm.get('text')!r} type {nm.get('type')!r}")
    for ev in r.get("events", []):
        problems.extend(event_problems(sid, text, ev, actors))
    return problems


def event_problems(sid: str, text: str, ev: dict, actors: set) -> list[str]:
    problems: list[str] = []
    if ev.get("source") not in actors:
        problems.append(f"{sid}: event source {ev.get('source')!r} is not a listed actor")
    if ev.get("target") is not None and ev.get("target") not in actors:
        problems.append(f"{sid}: event target {ev.get('target')!r} is not a listed actor")
    if ev.get("root") not in ROOTS:
        problems.append(f"{sid}: root {ev.get('root')!r}")
    if ev.get("modality", "asserted") not in MODALITIES:
        problems.append(f"{sid}: modality {ev.get('modality')!r}")
    if ev.get("trigger") and locate(text, ev["trigger"]) < 0:
        problems.append(f"{sid}: trigger {ev['trigger']!r} not in the sentence")
    return problems


def check(batch_path: str, out_path: str) -> list[str]:
    batch = {}
    for line in open(batch_path, encoding="utf-8"):
        r = json.loads(line)
        batch[r["id"]] = r["text"]
    problems: list[str] = []
    seen = set()
    n_actors = n_events = 0
    for i, line in enumerate(open(out_path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"line {i}: not JSON ({err})")
            continue
        sid = r.get("id")
        if sid not in batch:
            problems.append(f"line {i}: unknown id {sid!r}")
            continue
        if sid in seen:
            problems.append(f"line {i}: {sid} annotated twice")
        seen.add(sid)
        n_actors += len(r.get("actors", []))
        n_events += len(r.get("events", []))
        problems.extend(record_problems(sid, batch[sid], r))
    missing = [s for s in batch if s not in seen]
    print(f"{len(seen)}/{len(batch)} sentences, {n_actors} actors, {n_events} events; "
          f"{len(missing)} not yet annotated; {len(problems)} problems")
    return problems


if __name__ == "__main__":
    found = check(sys.argv[1], sys.argv[2])
    for p in found:
        print(p)
    sys.exit(1 if found else 0)
