"""Training and evaluation examples for the pair model (training side; reads ../shared).

Sources, each a list of `Pair`s:
- warta's own annotations (`annotations/*.jsonl`, docs/annotation.md): every ordered pair of a
  sentence's listed actors is a candidate; listed events are positives, the rest NONE.
  Guardian sentences are stored as offsets and joined with ../shared here.
- PLV_train (Zero-Shot-PLOVER, English, a marked source and target and the gold root);
- the PLOVER gold standard dev records (CC BY-SA) and NGEC's synthetic stories (MIT, silver:
  the lead sentence unmarked, document label), when ../shared is present.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from warta.events.model.labels import INDEX, NONE, OLD_NAMES

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared" / "data" / "dev"
ANNOTATIONS = REPO / "annotations"


@dataclass
class Pair:
    text: str
    a: tuple[int, int] | None  # first actor in text order
    b: tuple[int, int] | None  # second actor (None: a single-actor candidate)
    root: str  # a PLOVER root, NONE, or YIELD (CONCEDE or RETREAT)
    forward: bool | None  # the first actor is the source (None: unknown / not a pair)
    lang: str
    group: str  # document id: folds and splits never cut a document
    source: str  # which data set
    weight: float = 1.0


def _root(name: str) -> str:
    name = name.strip().upper()
    return OLD_NAMES.get(name, name)


def ordered(text: str, src: tuple[int, int], tgt: tuple[int, int] | None, root: str,
            lang: str, group: str, source: str, weight: float = 1.0) -> Pair | None:
    if tgt is None:
        return Pair(text, src, None, root, None, lang, group, source, weight)
    if src[0] < tgt[1] and tgt[0] < src[1]:
        return None  # overlapping spans cannot both be marked
    if src[0] <= tgt[0]:
        return Pair(text, src, tgt, root, True, lang, group, source, weight)
    return Pair(text, tgt, src, root, False, lang, group, source, weight)


# ---------------------------------------------------------------- PLV
def plv(path: Path | None = None) -> list[Pair]:
    path = path or SHARED / "plover" / "PLV_train.tsv"
    out = []
    for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"):
        text, spans = unmark(row["marked_sentence"])
        if "s" not in spans:
            continue  # a marked target with no source: no candidate of warta's has that shape
        tgt = spans.get("t")
        if tgt and spans["s"][0] < tgt[1] and tgt[0] < spans["s"][1]:
            tgt = None  # nested marks ("<s><t>Iraqi</t> fighters</s>"): the source alone
        p = ordered(text, spans["s"], tgt, _root(row["gold_root"]), "en",
                    f"plv-{row['sentence_id']}", "plv")
        if p:
            out.append(p)
    return out


def unmark(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """Remove <s>…</s> and <t>…</t>; return the text and the two spans in it."""
    text = ""
    spans: dict[str, tuple[int, int]] = {}
    opened: dict[str, int] = {}
    for piece in re.split(r"(</?[st]>)", marked):
        m = re.fullmatch(r"<(/?)([st])>", piece)
        if m:
            if m.group(1):
                spans[m.group(2)] = (opened.pop(m.group(2), len(text)), len(text))
            else:
                opened[m.group(2)] = len(text)
        else:
            text += piece
    # Markers sit next to spaces: trim the spans to their words.
    for k, (s, e) in list(spans.items()):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        spans[k] = (s, e)
    return text, spans


# ---------------------------------------------------------------- PLOVER gold standard
def gsr(path: Path | None = None) -> list[Pair]:
    path = path or SHARED / "plover" / "PLOVER_GSR_CAMEO.dev.json"
    out = []
    for rec in json.loads(path.read_text(encoding="utf-8")):
        if rec.get("event") in (None, "DOCUMENT") or "text" not in rec:
            continue
        text = rec["text"].strip("{}")
        src = _find(text, _actor_text(rec.get("source")))
        tgt = _find(text, _actor_text(rec.get("target")))
        root = _root(rec["event"])
        if src is None or root not in INDEX and root != "YIELD":
            continue
        p = ordered(text, src, tgt, root, "en", f"gsr-{rec.get('id')}", "gsr")
        if p:
            out.append(p)
    return out


def _actor_text(value: object) -> str | None:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0].get("actorText")
    if isinstance(value, dict):
        return value.get("actorText")
    return None


def _find(text: str, span: str | None) -> tuple[int, int] | None:
    if not span:
        return None
    i = text.find(span)
    return (i, i + len(span)) if i >= 0 else None


# ---------------------------------------------------------------- NGEC synthetic (silver)
def ngec(per_label: int = 60, seed: int = 0, path: Path | None = None) -> list[Pair]:
    path = path or SHARED / "ngec_synthetic" / "gpt_synthetic_events_2023-10-19_19.csv.zip"
    with zipfile.ZipFile(path) as z:
        raw = z.read(z.namelist()[0]).decode("utf-8")
    by_label: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(raw)):
        label = _root(row.get("label") or "")
        if label not in INDEX or label == NONE:
            continue
        lead = re.split(r"(?<=[.!?])\s+", row["text"].strip(), maxsplit=1)[0]
        if 40 <= len(lead) <= 300:
            by_label.setdefault(label, []).append(lead)
    rng = random.Random(seed)
    out = []
    for label, leads in sorted(by_label.items()):
        rng.shuffle(leads)
        for i, lead in enumerate(leads[:per_label]):
            out.append(Pair(lead, None, None, label, None, "en", f"ngec-{label}-{i}", "ngec",
                            0.5))
    return out


# ---------------------------------------------------------------- warta's annotations
def locate(text: str, span: str) -> tuple[int, int] | None:
    """Where an annotated span ("text", or "text#n" for its n-th occurrence) stands: the n-th
    occurrence that is a whole word or phrase ("ia" is not the end of "Indonesia"), else the
    n-th occurrence anywhere."""
    n = 1
    if "#" in span and span.rsplit("#", 1)[1].isdigit():
        span, n = span.rsplit("#", 1)[0], int(span.rsplit("#", 1)[1])
    if not span:
        return None
    starts = [k for k in range(len(text)) if text.startswith(span, k)]
    whole = [k for k in starts if not (k > 0 and text[k - 1].isalnum() and span[0].isalnum())
             and not (k + len(span) < len(text) and text[k + len(span)].isalnum()
                      and span[-1].isalnum())]
    found = whole if len(whole) >= n else starts
    if len(found) < n:
        return None
    return found[n - 1], found[n - 1] + len(span)


def guardian_texts() -> dict[str, str]:
    path = SHARED / "english_articles" / "Guardian_SDF_sample.csv.zip"
    if not path.exists():
        return {}
    with zipfile.ZipFile(path) as z:
        raw = z.read("Guardian_SDF_sample.csv").decode("utf-8")
    return {rec[""]: rec["text"] for rec in csv.DictReader(io.StringIO(raw))}


def raw_records(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.open(encoding="utf-8") if x.strip()]


def annotated_sentences(path: Path) -> list[dict]:
    """Annotation records with their text (Guardian text joined in from ../shared)."""
    rows = raw_records(path)
    guardian: dict[str, str] | None = None
    out = []
    for r in rows:
        if "text" not in r and "guardian" in r:
            if guardian is None:
                guardian = guardian_texts()
            art = guardian.get(r["guardian"]["row"])
            if art is None:
                continue  # ../shared absent: the publisher's text cannot be shipped
            r = {**r, "text": art[r["guardian"]["start"]:r["guardian"]["end"]]}
        out.append(r)
    return out


def _actor_spans(r: dict) -> dict[str, tuple[int, int]]:
    """Each annotated actor's span: as given, else found in the text."""
    spans: dict[str, tuple[int, int]] = {}
    for a in r["actors"]:
        loc = a.get("start"), a.get("end")
        if loc[0] is None:
            loc = locate(r["text"], a["text"])
        if loc and loc[0] is not None:
            spans[a["text"]] = (loc[0], loc[1])
    return spans


def _annotated_events(r: dict, spans: dict[str, tuple[int, int]]
                      ) -> tuple[dict[tuple[str, str | None], str], set[str]]:
    """(source, target) -> root of the events whose actors have spans, and the sources that
    have a target."""
    events: dict[tuple[str, str | None], str] = {}
    sources_with_target: set[str] = set()
    for ev in r["events"]:
        key = (ev["source"], ev.get("target"))
        if ev["source"] not in spans or (key[1] is not None and key[1] not in spans):
            continue
        events.setdefault(key, ev["root"])
        if key[1] is not None:
            sources_with_target.add(ev["source"])
    return events, sources_with_target


def annotation_pairs(rows: list[dict], source: str = "annotation") -> list[Pair]:
    out: list[Pair] = []
    for r in rows:
        text, lang = r["text"], r["lang"]
        spans = _actor_spans(r)
        events, sources_with_target = _annotated_events(r, spans)
        names = list(spans)
        group = r.get("doc") or r["id"]
        for i, x in enumerate(names):
            # single actor: its target-less event, NONE when it has no event at all
            if (x, None) in events:
                out.append(ordered(text, spans[x], None, events[(x, None)], lang, group,
                                   source))
            elif x not in sources_with_target:
                out.append(ordered(text, spans[x], None, NONE, lang, group, source))
            for y in names[i + 1:]:
                pair = _pair(text, x, y, spans, events)
                if pair is not None:
                    out.append(Pair(text, *pair, lang, group, source))
    return [p for p in out if p is not None]


def _pair(text: str, x: str, y: str, spans: dict[str, tuple[int, int]],
          events: dict[tuple[str, str | None], str]
          ) -> tuple[tuple[int, int], tuple[int, int], str, bool | None] | None:
    """(first span, second span, root, forward) for two actors in text order; None when
    they overlap."""
    sx, sy = spans[x], spans[y]
    if sx[0] < sy[1] and sy[0] < sx[1]:
        return None
    first, second = (x, y) if sx[0] <= sy[0] else (y, x)
    if (first, second) in events:
        return spans[first], spans[second], events[(first, second)], True
    if (second, first) in events:
        return spans[first], spans[second], events[(second, first)], False
    return spans[first], spans[second], NONE, None


def old_indonesian_gold(path: Path | None = None) -> list[dict]:
    """gold/indosum_id.jsonl (warta's first Indonesian gold) as annotation records."""
    path = path or REPO / "gold" / "indosum_id.jsonl"
    rows = []
    for line in path.open(encoding="utf-8"):
        g = json.loads(line)
        actors, events = {}, []
        for ev in g["events"]:
            for key in ("source_text", "target_text"):
                if ev.get(key) and ev[key] in g["sentence"]:
                    actors[ev[key]] = {"text": ev[key]}
            if ev.get("source_text") in actors:
                events.append({"source": ev["source_text"],
                               "target": ev.get("target_text") if ev.get("target_text")
                               in actors else None, "root": _root(ev["plover"])})
        rows.append({"id": g["id"], "doc": g["id"].rsplit("-p", 1)[0], "lang": "id",
                     "text": g["sentence"], "actors": list(actors.values()), "events": events})
    return rows
