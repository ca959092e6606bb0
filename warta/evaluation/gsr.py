"""PLOVER GSR (gold standard records, JSON list, the PLOVER_GSR_CAMEO files).

Each record has `text`, `event` (a PLOVER root in the 2016 draft names), `source` and `target`
(lists of {actorText, code, sector?}; the target may be missing, "" or a bare string) and a
`textInfo.markup` with the trigger words marked `(EVT: ...)`. The `DOCUMENT` record is
skipped. The draft names are mapped to PLOVER 2021 roots (`DRAFT_ROOTS`).

The predicted event is chosen by `pairs.link` with the gold actors' texts as the marked spans
and the EVT words as a hint; event type is then scored as classification. Actor accuracy:
see `actor_matches`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from warta.evaluation.coding import EventView, Processor, code_sentence, progress
from warta.evaluation.metrics import NONE, classification_summary, rate
from warta.evaluation.pairs import link
from warta.evaluation.plv import severity
from warta.evaluation.report import ErrorCase, EvalResult
from warta.evaluation.spans import Span, find_all
from warta.ontology import RECIPROCAL_ROOTS as RECIPROCAL

# PLOVER 0.5 (2016) category names → the 2021 roots warta codes. INVESTIGATE is CAMEO 09,
# which CAMEO2PLOVER-2021 files under ACCUSE; FIGHT became ASSAULT. CONCEDE and RETREAT are
# the current manual's names already.
DRAFT_ROOTS = {
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
}
# Country codes of the CAMEO actor dictionaries that are not ISO-3166 alpha-3 (warta codes ISO).
CAMEO_COUNTRY_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
_EVT = re.compile(r"\(EVT:\s*([^)]*)\)")


def read_gsr(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    records = [r for r in data if isinstance(r, dict) and r.get("event") != "DOCUMENT"
               and r.get("text")]
    return records[:limit] if limit else records


def gold_root(record: dict[str, Any]) -> str:
    name = str(record.get("event", "")).strip().upper()
    return DRAFT_ROOTS.get(name, name)


def actors(value: Any) -> list[dict[str, str]]:
    """The record's actors on one side; a bare string ("diplomatic") or "" is no actor."""
    if not isinstance(value, list):
        return []
    return [a for a in value if isinstance(a, dict) and (a.get("actorText") or a.get("code"))]


def _spans(text: str, side: list[dict[str, str]]) -> list[Span]:
    out: list[Span] = []
    for a in side:
        # "U.S. ... negotiators": an elided actor text is found by its parts.
        for part in str(a.get("actorText", "")).split("..."):
            out.extend(find_all(text, part))
    return out


def code_matches(predicted: str | None, gold: dict[str, str]) -> bool:
    """The 3-letter country must match; where the gold gives a sector, its first three letters
    must be one of the 3-letter sector segments of the predicted code (IDNGOVMIL has GOV and
    MIL). Ethnic or religious suffixes in the gold sector ("CVLalb", "ELIyor") are ignored."""
    if not predicted:
        return False
    country = str(gold.get("code") or "").upper()
    country = CAMEO_COUNTRY_ALIASES.get(country, country)
    if predicted[:3].upper() != country:
        return False
    sector = str(gold.get("sector") or "")[:3].upper()
    if not sector:
        return True
    rest = predicted[3:].upper()
    return sector in {rest[i:i + 3] for i in range(0, len(rest), 3)}


def actor_matches(event: EventView | None, root: str, sources: list[dict[str, str]],
                  targets: list[dict[str, str]]) -> tuple[bool, bool]:
    """(source ok, target ok). The predicted code must match one of the gold actors on that
    side; a side the gold leaves empty is ok only when warta also leaves it empty. Reciprocal
    roots may match with the sides swapped."""
    if event is None:
        return False, False

    def side(code: str | None, gold: list[dict[str, str]]) -> bool:
        return (not code) if not gold else any(code_matches(code, g) for g in gold)

    direct = (side(event.source_code, sources), side(event.target_code, targets))
    if root in RECIPROCAL and not all(direct):
        swapped = (side(event.target_code, sources), side(event.source_code, targets))
        if sum(swapped) > sum(direct):
            return swapped
    return direct


def evaluate_gsr(path: str | Path, pipeline: Processor, *, lang: str = "en",
                 limit: int | None = None, show_progress: bool = False) -> EvalResult:
    records = read_gsr(path, limit)
    gold: list[str] = []
    pred: list[str] = []
    errors: list[ErrorCase] = []
    methods: Counter[str] = Counter()
    src_ok = tgt_ok = both_ok = n_tgt = 0
    for rec in progress(records, "coding GSR", show_progress):
        text = str(rec["text"])
        root = gold_root(rec)
        sources, targets = actors(rec.get("source")), actors(rec.get("target"))
        info = rec.get("textInfo")
        markup = str(info.get("markup", "")) if isinstance(info, dict) else str(info or "")
        hint = [s for w in _EVT.findall(markup) for s in find_all(text, w)]
        coded = code_sentence(pipeline, text, lang)
        found = link(coded.events, _spans(text, sources), _spans(text, targets), hint)
        label = found.root if found else NONE
        methods[found.method if found else "fallback"] += 1
        gold.append(root)
        pred.append(label)
        s_ok, t_ok = actor_matches(found.event if found else None, root, sources, targets)
        src_ok += s_ok
        if targets:
            n_tgt += 1
            tgt_ok += t_ok
        both_ok += s_ok and t_ok
        if label != root or not (s_ok and t_ok):
            want = " · ".join(
                f"{k}: " + (", ".join(f"{a.get('actorText')}[{a.get('code')}"
                                      f"{a.get('sector') or ''}]" for a in v) or "∅")
                for k, v in (("source", sources), ("target", targets)))
            detail = (f"gold {want} · {found.method}: {found.event.describe()}"
                      if found and found.event else f"gold {want} · no event")
            sev = severity(root, label, found.confidence if found else 0.0) if label != root \
                else 0.5 * (2 - s_ok - t_ok)
            errors.append(ErrorCase(text.strip(), root, label, sev, detail,
                                    str(rec.get("id", ""))))
    summary = classification_summary(gold, pred)
    n = len(records)
    extra = {
        "actor_accuracy": rate(both_ok, n),
        "source_accuracy": rate(src_ok, n),
        "target_accuracy": rate(tgt_ok, n_tgt),
        "methods": dict(methods),
        "fallbacks": methods["fallback"],
    }
    notes = [
        "draft PLOVER names mapped: " + ", ".join(f"{k}→{v}" for k, v in DRAFT_ROOTS.items()),
        "actor_accuracy: the chosen event's source and target codes both match (country, and "
        "sector where the gold gives one; an empty gold target needs an empty predicted "
        "target); target_accuracy counts only records with a gold target",
    ]
    return EvalResult("plover-gsr", None, n, summary["accuracy"], summary["macro_f1"],
                      summary["micro_f1"], summary["per_class"], summary["confusion"], extra,
                      errors, notes)
