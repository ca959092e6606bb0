"""Inter-annotator agreement on the double-annotated sample (docs/annotation.md).

    python scripts/annotation_agreement.py [--json annotations/reports/agreement.json]

Both annotators' actor spans of a sentence are merged into clusters of overlapping spans.
Every unordered pair of clusters, and every single cluster, is a candidate; each annotator's
label for it is the root of an event they marked between those clusters (with its
direction), or NONE. Reports Cohen's kappa over all candidates, over those that at least one
annotator marked as an event, the event-level F1 between annotators, per language, and the
actor-code agreement on matched actor spans.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warta.events.model.data import annotated_sentences, locate  # noqa: E402


def kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    if n == 0:
        return float("nan")
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def spans_of(rec: dict, text: str) -> dict[str, tuple[int, int]]:
    out = {}
    for a in rec["actors"]:
        if a.get("start") is not None:
            out[a["text"]] = (a["start"], a["end"])
        else:
            loc = locate(text, a["text"])
            if loc:
                out[a["text"]] = loc
    return out


def overlap_clusters(spans: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Span -> its cluster: overlapping spans (either annotator's) are one actor."""
    parent = list(range(len(spans)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(spans)):
        for j in range(i + 1, len(spans)):
            if spans[i][0] < spans[j][1] and spans[j][0] < spans[i][1]:
                parent[find(j)] = find(i)
    return {sp: find(i) for i, sp in enumerate(spans)}


def labels(rec: dict, sp: dict[str, tuple[int, int]],
           cluster: dict[tuple[int, int], int]) -> dict[tuple, str]:
    """One annotator's label per actor cluster and per cluster pair (with its direction)."""
    out: dict[tuple, str] = {}
    for ev in rec["events"]:
        if ev["source"] not in sp:
            continue
        cs = cluster[sp[ev["source"]]]
        if ev.get("target") is None or ev["target"] not in sp:
            out.setdefault((cs,), ev["root"])
            continue
        ct = cluster[sp[ev["target"]]]
        if cs == ct:
            continue
        key = (min(cs, ct), max(cs, ct))
        out.setdefault(key, ev["root"] + (">" if cs < ct else "<"))
    return out


def candidates(text: str, r1: dict, r2: dict) -> tuple[list[str], list[str], dict]:
    s1, s2 = spans_of(r1, text), spans_of(r2, text)
    cluster = overlap_clusters(sorted(set(s1.values()) | set(s2.values())))
    clusters = sorted(set(cluster.values()))
    l1, l2 = labels(r1, s1, cluster), labels(r2, s2, cluster)
    keys = [(c,) for c in clusters] + [(a, b) for i, a in enumerate(clusters)
                                       for b in clusters[i + 1:]]
    codes: dict[int, list] = {}
    for name, sp in ((0, s1), (1, s2)):
        rec = (r1, r2)[name]
        for a in rec["actors"]:
            if a["text"] in sp:
                codes.setdefault(cluster[sp[a["text"]]], [None, None])[name] = a.get("code")
    return [l1.get(k, "NONE") for k in keys], [l2.get(k, "NONE") for k in keys], codes


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    primary: dict[str, dict] = {}
    for path in sorted((ROOT / "annotations").glob("events_*.jsonl")):
        for r in annotated_sentences(path):
            primary[r["id"]] = r
    second = {r["id"]: r for r in annotated_sentences(ROOT / "annotations" /
                                                      "double_annotation.jsonl")}
    report = {}
    for lang in ("id", "en", "all"):
        a_all, b_all, ev1, ev2, both, code_pairs = [], [], 0, 0, 0, []
        n = 0
        for sid, r2 in second.items():
            r1 = primary.get(sid)
            if r1 is None or (lang != "all" and r1["lang"] != lang):
                continue
            n += 1
            la, lb, codes = candidates(r1["text"], r1, r2)
            a_all += la
            b_all += lb
            for x, y in zip(la, lb, strict=True):
                ev1 += x != "NONE"
                ev2 += y != "NONE"
                both += x != "NONE" and x == y
            code_pairs += [tuple(v) for v in codes.values() if None not in v]
        pos = [(x, y) for x, y in zip(a_all, b_all, strict=True) if x != "NONE" or y != "NONE"]
        report[lang] = {
            "sentences": n, "candidates": len(a_all),
            "kappa_all_candidates": round(kappa(a_all, b_all), 3),
            "kappa_candidates_with_an_event": round(kappa([p[0] for p in pos],
                                                          [p[1] for p in pos]), 3),
            "events_annotator_1": ev1, "events_annotator_2": ev2,
            "event_f1_between_annotators": round(2 * both / (ev1 + ev2), 3) if ev1 + ev2
            else None,
            "actor_code_agreement": round(sum(a == b for a, b in code_pairs) /
                                          len(code_pairs), 3) if code_pairs else None,
            "actor_pairs_compared": len(code_pairs),
        }
    print(json.dumps(report, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
