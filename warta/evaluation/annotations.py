"""warta's annotation sets (annotations/events_*.jsonl, docs/annotation.md) as end-to-end gold.

Each annotated sentence is coded unmarked, as `warta code` would; a predicted event matches a
gold event when the root is equal and its source and target overlap the annotated spans
(scored as `warta-jsonl`). `--split test` (the default) scores the split no model or lexicon
was fitted on. Guardian sentences carry offsets only: they are joined with ../shared's text
when it is present and left out otherwise (the report says how many).
"""

from __future__ import annotations

from pathlib import Path

from warta.evaluation.coding import Processor
from warta.evaluation.report import EvalResult
from warta.evaluation.warta_jsonl import GoldEvent, GoldSentence, score_sentences


def read_annotations(path: str | Path, split: str | None = "test", lang: str | None = None,
                     limit: int | None = None) -> tuple[list[GoldSentence], int]:
    """Gold sentences of an annotation file (or directory of them); and how many were left
    out because their text is not shipped and ../shared is absent."""
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
            out.append(GoldSentence(r["id"], r["text"], r["lang"], None, events))
            if limit and len(out) >= limit:
                return out, missing
    return out, missing


def evaluate_annotations(path: str | Path, pipeline: Processor, *, lang: str | None = None,
                         split: str | None = "test", limit: int | None = None,
                         show_progress: bool = False) -> EvalResult:
    sentences, missing = read_annotations(path, split, lang, limit)
    result = score_sentences(sentences, pipeline, lang=lang, show_progress=show_progress,
                             fmt="annotations")
    result.mode = f"split={split or 'all'}"
    result.notes.append(f"{len(sentences)} sentences of split {split or 'all'}"
                        + (f"; {missing} left out (their text is not shipped and ../shared "
                           "is absent)" if missing else ""))
    return result
