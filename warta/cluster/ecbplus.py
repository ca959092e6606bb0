"""Cross-document event clustering scored against ECB+ (Cybulska & Vossen 2014).

Each topic's documents are rebuilt from their tokens (one sentence per line), coded by the
English pipeline and clustered with warta's rule (warta/cluster/core.py). A predicted event is
mapped to the gold action mention whose anchor tokens its trigger overlaps; gold clusters are
the CROSS_DOC_COREF instances (and INTRA_DOC_COREF chains; any other mention is a singleton).
Clustering is scored on the gold mentions that some predicted event reached, by pairwise and
B-cubed precision/recall/F1, so the score measures the clustering, and `mention_recall` says how
much of the gold the coder reached at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from warta.cluster.core import cluster_mentions, mention_from_row
from warta.model import Document, Event

TOPICS_DEFAULT = ("8", "9", "11", "12")


@dataclass(slots=True)
class GoldDocument:
    name: str
    topic: str
    text: str
    token_spans: dict[str, tuple[int, int]]  # t_id -> (start, end) in `text`
    actions: dict[str, list[str]] = field(default_factory=dict)  # m_id -> anchor t_ids
    chain: dict[str, str] = field(default_factory=dict)  # m_id -> gold cluster id


def read_document(path: Path, topic: str) -> GoldDocument:
    """Tokens, action mentions and their gold chains from one ECB+ XML file."""
    root = ET.parse(path).getroot()
    lines: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for token in root.iter("token"):
        lines[int(token.get("sentence", "0"))].append((token.get("t_id", ""), token.text or ""))
    text_parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    for sentence in sorted(lines):
        for k, (t_id, word) in enumerate(lines[sentence]):
            if k:
                text_parts.append(" ")
                pos += 1
            spans[t_id] = (pos, pos + len(word))
            text_parts.append(word)
            pos += len(word)
        text_parts.append("\n")
        pos += 1
    doc = GoldDocument(path.name, topic, "".join(text_parts), spans)
    instances: dict[str, str] = {}
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
        m_id = m.get("m_id", "")
        if anchors and (m.tag.startswith("ACTION") or m.tag.startswith("NEG_ACTION")):
            doc.actions[m_id] = anchors
        elif m.get("instance_id"):
            instances[m_id] = m.get("instance_id", "")
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        target = rel.find("target")
        target_id = target.get("m_id", "") if target is not None else ""
        chain = rel.get("note") or instances.get(target_id) or f"{path.name}:{target_id}"
        for source in rel.findall("source"):
            if source.get("m_id") in doc.actions:
                doc.chain[source.get("m_id", "")] = chain
    for m_id in doc.actions:
        doc.chain.setdefault(m_id, f"{path.name}:{m_id}")  # a singleton
    return doc


def _natural(path: Path) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path.name))


def read_topic(directory: Path, topic: str) -> list[GoldDocument]:
    return [read_document(p, topic) for p in sorted(directory.glob("*.xml"), key=_natural)]


def align(tokens: dict[str, tuple[int, int]], source: str, cleaned: str) -> dict[str, int]:
    """Where each token of `source` lies in the pipeline's cleaned text (which may drop lines
    and squeeze whitespace): token id -> start offset in `cleaned`, for tokens found."""
    result: dict[str, int] = {}
    cursor = 0
    for t_id, (start, end) in sorted(tokens.items(), key=lambda kv: kv[1]):
        word = source[start:end]
        found = cleaned.find(word, cursor, cursor + 200 + len(word))
        if found >= 0:
            result[t_id] = found
            cursor = found + len(word)
    return result


def match_events(doc: GoldDocument, coded: Document) -> list[tuple[Event, str]]:
    """(event, gold mention id) for each predicted event whose trigger overlaps an anchor."""
    starts = align(doc.token_spans, doc.text, coded.text)
    token_at: dict[int, str] = {}
    for t_id, start in starts.items():
        s, e = doc.token_spans[t_id]
        for offset in range(start, start + (e - s)):
            token_at[offset] = t_id
    owner = {t_id: m_id for m_id, anchors in doc.actions.items() for t_id in anchors}
    matched = []
    for ev in coded.events:
        hits = {owner[t] for t in (token_at.get(o) for o in range(ev.trigger_start,
                                                                     ev.trigger_end))
                if t in owner}
        if hits:
            # Several anchors under one trigger: the first in the text is the head.
            matched.append((ev, min(hits, key=lambda m: min(doc.actions[m]))))
    return matched


def event_row(doc_name: str, ev: Event) -> dict[str, Any]:
    """The columns of the store's `events` table that clustering reads."""
    return {
        "id": f"{doc_name}:{ev.id}", "plover": ev.plover,
        "source_code": ev.source.code if ev.source else None,
        "source_name": ev.source.name if ev.source else None,
        "source_text": ev.source.text if ev.source else None,
        "target_code": ev.target.code if ev.target else None,
        "target_name": ev.target.name if ev.target else None,
        "target_text": ev.target.text if ev.target else None,
        "date_value": ev.date.value if ev.date else None,
        "date_precision": ev.date.precision if ev.date else None,
        "place_country": ev.place.country if ev.place else None,
        "issues": list(ev.issues),
    }


def pairwise(gold: dict[str, str], predicted: dict[str, str],
             keep: Callable[[str, str], bool] = lambda a, b: True) -> dict[str, float]:
    """Pairwise P/R/F1: a pair of items is a link when both are in one cluster."""
    items = sorted(gold)
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        if not keep(a, b):
            continue
        g, p = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += g and p
        fp += p and not g
        fn += g and not p
    return _prf(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def b_cubed(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """B-cubed P/R/F1 (Bagga & Baldwin 1998) over the items of `gold`."""
    if not gold:
        return _prf(0.0, 0.0)
    g_members: dict[str, set[str]] = defaultdict(set)
    p_members: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        g_members[gold[item]].add(item)
        p_members[predicted[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        g, p = g_members[gold[item]], p_members[predicted[item]]
        overlap = len(g & p)
        precision += overlap / len(p)
        recall += overlap / len(g)
    return _prf(precision / len(gold), recall / len(gold))


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _score(gold: dict[str, str], predicted: dict[str, str],
           roots: dict[str, str]) -> dict[str, Any]:
    doc_of = {item: item.split("#", 1)[0] for item in gold}
    singletons = {item: item for item in gold}
    return {
        "pairwise": pairwise(gold, predicted),
        "pairwise_cross_document": pairwise(gold, predicted,
                                            lambda a, b: doc_of[a] != doc_of[b]),
        "b3": b_cubed(gold, predicted),
        # What B-cubed gives for leaving every mention alone: the floor to beat.
        "b3_all_singletons": b_cubed(gold, singletons),
        # Every mention of one PLOVER root in a topic is one event: a lemma-like baseline.
        "baseline_same_root": {"pairwise": pairwise(gold, roots), "b3": b_cubed(gold, roots)},
    }


def evaluate_ecbplus(gold_dir: str | Path, topics: Iterable[str] | None = None,
                     process: Callable[[Document], Document] | None = None) -> dict[str, Any]:
    """Code, cluster and score each topic of ECB+ found in `gold_dir`."""
    gold_dir = Path(gold_dir)
    if process is None:
        from warta.pipeline import default_pipeline

        process = default_pipeline().process
    wanted = list(topics) if topics else [t for t in TOPICS_DEFAULT if (gold_dir / t).is_dir()]
    if not wanted:
        raise FileNotFoundError(f"no ECB+ topic directories (8, 9, 11, 12) under {gold_dir}")
    all_gold: dict[str, str] = {}
    all_pred: dict[str, str] = {}
    all_roots: dict[str, str] = {}
    per_topic: dict[str, Any] = {}
    totals = {"documents": 0, "events": 0, "gold_mentions": 0, "matched_mentions": 0}
    for topic in wanted:
        gold: dict[str, str] = {}
        predicted: dict[str, str] = {}
        roots: dict[str, str] = {}
        rows: list[dict[str, Any]] = []
        mention_of_row: dict[str, str] = {}
        docs = read_topic(gold_dir / topic, topic)
        n_events = 0
        for doc in docs:
            coded = process(Document(raw=doc.text, origin=doc.name, language_hint="en"))
            n_events += len(coded.events)
            for ev, m_id in match_events(doc, coded):
                row = event_row(doc.name, ev)
                rows.append(row)
                item = f"{doc.name}#{m_id}"
                # The first event on a gold mention stands for it (its reciprocal twin and
                # other readings of the same trigger cluster with it or not, equally).
                if mention_of_row.setdefault(item, row["id"]) == row["id"]:
                    roots[item] = f"{topic}:{ev.plover}"
                gold[item] = f"{topic}:{doc.chain[m_id]}"
        clusters = cluster_mentions(mention_from_row(r) for r in rows)
        for item, row_id in mention_of_row.items():
            predicted[item] = clusters[row_id]
        n_gold = sum(len(d.actions) for d in docs)
        per_topic[topic] = {
            "documents": len(docs), "events": n_events, "gold_mentions": n_gold,
            "matched_mentions": len(gold), "predicted_clusters": len(set(predicted.values())),
            "gold_clusters": len(set(gold.values())), **_score(gold, predicted, roots),
        }
        totals["documents"] += len(docs)
        totals["events"] += n_events
        totals["gold_mentions"] += n_gold
        totals["matched_mentions"] += len(gold)
        all_gold.update(gold)
        all_pred.update(predicted)
        all_roots.update(roots)
    # Topics never share a cluster: gold and predicted ids are per topic.
    overall = _score(all_gold, all_pred, all_roots)
    return {
        "pairwise_f1": overall["pairwise"]["f1"],
        "b3_f1": overall["b3"]["f1"],
        "mention_recall": round(totals["matched_mentions"] / totals["gold_mentions"], 4)
        if totals["gold_mentions"] else 0.0,
        **totals,
        "topics": wanted,
        "overall": overall,
        "per_topic": per_topic,
    }
