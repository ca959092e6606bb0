"""warta's annotation sets (annotations/events_*.jsonl, docs/annotation.md) as end-to-end gold.

Each annotated sentence is coded unmarked, as `warta code` would; a predicted event matches a
gold event when the root is equal and its source and target overlap the annotated spans
(scored as `warta-jsonl`). `--split test` (the default) scores the split no model or lexicon
was fitted on. Guardian sentences carry offsets only: they are joined with ../shared's text
when it is present and left out otherwise (the report says how many).

Actor codes are also scored on their own, whatever the events: every annotated actor span
with a code is looked up among the mentions warta finds in the sentence (`actor_codes`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warta.evaluation.coding import Processor, code_sentence, progress
from warta.evaluation.gsr import code_matches
from warta.evaluation.metrics import rate
from warta.evaluation.report import EvalResult
from warta.evaluation.warta_jsonl import GoldEvent, GoldSentence, score_sentences

# IndoSum article ids begin with the article's Unix publication time ("1472578239-mirip-...").
_INDOSUM_ID = re.compile(r"^(\d{10})-")


def published(record: dict[str, Any]) -> str | None:
    """The publication date of an annotated sentence's article, where it is known: a dated
    role ("Jokowi" IDNGOV while president, IDNELI after) depends on it."""
    if record.get("published"):
        return str(record["published"])
    found = _INDOSUM_ID.match(str(record.get("doc") or ""))
    if found:
        return datetime.fromtimestamp(int(found.group(1)), UTC).date().isoformat()
    return None


@dataclass(slots=True)
class GoldActor:
    text: str
    start: int
    end: int
    code: str


def _split_code(code: str) -> dict[str, str]:
    """A gold code in the GSR scorer's terms: 3-letter country (or IGO/IMG) and sector."""
    return {"code": code[:3], "sector": code[3:]}


def read_annotations(path: str | Path, split: str | None = "test", lang: str | None = None,
                     limit: int | None = None,
                     coded_actors: dict[str, list[GoldActor]] | None = None,
                     ) -> tuple[list[GoldSentence], int]:
    """Gold sentences of an annotation file (or directory of them); and how many were left
    out because their text is not shipped and ../shared is absent. `coded_actors`, when
    given, receives each sentence's annotated actors that carry a code."""
    if coded_actors is None:
        coded_actors = {}
    from warta.events.model.data import annotated_sentences, raw_records

    path = Path(path)
    files = sorted(path.glob("events_*.jsonl")) if path.is_dir() else [path]
    out: list[GoldSentence] = []
    missing = 0
    for f in files:
        rows = annotated_sentences(f)
        missing += len(raw_records(f)) - len(rows)
        for r in rows:
            if (split and r["split"] != split) or (lang and r["lang"] != lang):
                continue
            actors = {a["text"]: (a["start"], a["end"], a.get("code") or "")
                      for a in r["actors"]}
            events = []
            for ev in r["events"]:
                src = actors.get(ev["source"])
                tgt = actors.get(ev["target"]) if ev.get("target") else None
                if src is None:
                    continue
                text = r["text"]
                events.append(GoldEvent(
                    root=ev["root"], source_text=text[src[0]:src[1]],
                    target_text=text[tgt[0]:tgt[1]] if tgt else "",
                    source_code=src[2], target_code=tgt[2] if tgt else "",
                    source=[(src[0], src[1])], target=[(tgt[0], tgt[1])] if tgt else []))
            out.append(GoldSentence(r["id"], r["text"], r["lang"], published(r), events))
            coded_actors[r["id"]] = [GoldActor(a["text"], a["start"], a["end"], a["code"])
                                     for a in r["actors"] if a.get("code")]
            if limit and len(out) >= limit:
                return out, missing
    return out, missing


def evaluate_annotations(path: str | Path, pipeline: Processor, *, lang: str | None = None,
                         split: str | None = "test", limit: int | None = None,
                         show_progress: bool = False) -> EvalResult:
    gold_actors: dict[str, list[GoldActor]] = {}
    sentences, missing = read_annotations(path, split, lang, limit, gold_actors)
    result = score_sentences(sentences, pipeline, lang=lang, show_progress=show_progress,
                             fmt="annotations")
    result.extra.update(actor_codes(sentences, gold_actors, pipeline, lang=lang,
                                    show_progress=show_progress))
    result.notes.append(
        "actor_code_accuracy: of the annotated actors with a code, the share whose "
        "overlapping warta mention has the right code (country, and the gold's sector among "
        "the code's 3-letter segments, as the GSR scorer compares); _exact: the whole code "
        "equal; actor_code_outcomes counts right / wrong sector / wrong country / uncoded / "
        "not found")
    result.mode = f"split={split or 'all'}"
    result.notes.append(f"{len(sentences)} sentences of split {split or 'all'}"
                        + (f"; {missing} left out (their text is not shipped and ../shared "
                           "is absent)" if missing else ""))
    return result


def actor_codes(sentences: list[GoldSentence], gold: dict[str, list[GoldActor]],
                pipeline: Processor, *, lang: str | None = None,
                show_progress: bool = False) -> dict[str, Any]:
    """How well warta codes the annotated actors, event or no event."""
    from warta.events.extract import members, to_actor

    outcomes: Counter[str] = Counter()
    exact = 0
    for gs in progress(sentences, "coding actors", show_progress):
        actors = gold.get(gs.item) or []
        if not actors:
            continue
        coded = code_sentence(pipeline, gs.sentence, lang or gs.language, gs.published)
        found = [(coded.offsets.span(m.start, m.end), to_actor(m, gs.published).code)
                 for mention in coded.doc.mentions if mention.kind != "place"
                 for m in members(mention) or [mention]]
        for a in actors:
            over = [code for span, code in found
                    if span is not None and span[0] < a.end and a.start < span[1]]
            code = next((c for c in over if c), None)
            if not over:
                outcomes["not found"] += 1
            elif code is None:
                outcomes["uncoded"] += 1
            elif code_matches(code, _split_code(a.code)):
                outcomes["right"] += 1
                exact += code == a.code
            elif code[:3] == a.code[:3]:
                outcomes["wrong sector"] += 1
            else:
                outcomes["wrong country"] += 1
    total = sum(outcomes.values())
    return {"actor_code_accuracy": rate(outcomes["right"], total),
            "actor_code_accuracy_exact": rate(exact, total),
            "actor_codes_annotated": total,
            "actor_code_outcomes": dict(outcomes)}
