"""Readable terminal output of `warta cluster` and `warta compare` (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from warta.cluster.store import ClusterSummary

NONE = "—"
QUOTE_CHARS = 90  # the claim's sentence is cut to this; --json has it whole


def print_cluster_summary(console: Console, summary: ClusterSummary,
                          top: list[dict[str, Any]]) -> None:
    console.print(Text(
        f"{summary.new_events} new event mentions clustered; {summary.clusters_touched} "
        f"clusters created or grown; {summary.clusters_total} clusters hold "
        f"{summary.events_clustered} mentions; {summary.multi_article} reported by more than "
        "one article", style="bold"))
    if not top:
        return
    table = Table(title="Most reported events", title_justify="left", show_lines=False)
    for name in ("cluster", "type", "actors", "date", "mentions", "sources", "articles"):
        table.add_column(name, overflow="fold")
    for row in top:
        table.add_row(row["id"], f"{row['plover']} / {row['cameo'] or NONE}",
                      f"{_label(row['source_code'], row['source_name'])} → "
                      f"{_label(row['target_code'], row['target_name'])}",
                      row["date_value"] or NONE, str(row["n_mentions"]),
                      str(row["n_sources"]), str(row["n_articles"]))
    console.print(table)


def print_comparison(console: Console, result: dict[str, Any]) -> None:
    scope, meeting = result["scope"], result["meeting"]
    if meeting:
        console.print(Text(
            f"{meeting['plover']} {_label(meeting['source_code'], meeting['source_name'])} ↔ "
            f"{_label(meeting['target_code'], meeting['target_name'])}, "
            f"{meeting['date_value'] or 'date unknown'} — cluster {meeting['id']}: "
            f"{meeting['n_mentions']} mentions, {meeting['n_articles']} articles, "
            f"{meeting['n_sources']} sources", style="bold"))
    for doc in scope["documents"]:
        console.print(Text(f"  {doc['title'] or doc['id']} ({doc['outlet'] or 'outlet unknown'}"
                           f", {doc['published'] or 'undated'}, {doc['language']}, {doc['id']})",
                           style="dim"))
    console.print()
    for readout in result["parties"]:
        console.print(_readout_table(readout))
        console.print()
    if not result["parties"]:
        console.print(Text("No claim in these articles is attributed to a party.", style="dim"))
        return
    issues = result["issues"]
    table = Table(title="Issues", title_justify="left", show_header=False, show_lines=True)
    table.add_column("who", style="bold")
    table.add_column("issues", overflow="fold")
    table.add_row("raised by several", ", ".join(issues["shared"]) or NONE)
    for party, only in issues["only"].items():
        table.add_row(f"only {party}", ", ".join(only) or NONE)
    console.print(table)
    if result["unattributed_claims"]:
        console.print(Text(f"{result['unattributed_claims']} events are attributed to no party "
                           "(the article's own voice).", style="dim"))


def _readout_table(readout: dict[str, Any]) -> Table:
    tone = NONE if readout["tone"] is None else f"{readout['tone']:+.2f}"
    title = Text(f"According to {readout['party']}", style="bold")
    caption = Text(f"{readout['n_claims']} claims, tone (mean Goldstein) {tone}; code "
                   f"{readout['code'] or NONE}")
    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left",
                  show_lines=True)
    for name in ("type", "modality", "who → whom", "says", "issues"):
        table.add_column(name, overflow="fold")
    for claim in readout["claims"]:
        says = Text(claim["trigger"] or "", style="bold")
        if claim["quote"]:
            says.append(f" “{claim['quote']}”")
        elif claim["sentence"]:
            says.append(f" — {_cut(claim['sentence'])}", style="dim")
        table.add_row(f"{claim['plover']} / {claim['cameo']}", claim["modality"],
                      f"{_actor(claim['source'])} → {_actor(claim['target'])}", says,
                      ", ".join(claim["issues"]) or NONE)
    return table


def _actor(actor: dict[str, Any] | None) -> str:
    return _label(actor["code"], actor["name"]) if actor else NONE


def _label(code: str | None, name: str | None) -> str:
    if code and name:
        return f"{name} ({code})"
    return code or name or NONE


def _cut(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "…"


def print_ecbplus(console: Console, result: dict[str, Any]) -> None:
    """Per topic and overall: how many gold mentions were reached, and clustering scores."""
    table = Table(title="ECB+ cross-document event clustering", title_justify="left")
    for name in ("topic", "docs", "gold mentions", "reached", "gold / predicted clusters",
                 "pairwise P/R/F1", "cross-doc pairwise F1", "B³ P/R/F1", "B³ F1 singletons"):
        table.add_column(name, justify="right")
    rows = [(t, s) for t, s in result["per_topic"].items()]
    rows.append(("all", {**result["overall"], "documents": result["documents"],
                         "gold_mentions": result["gold_mentions"],
                         "matched_mentions": result["matched_mentions"],
                         "gold_clusters": None, "predicted_clusters": None}))
    for topic, s in rows:
        clusters = (f"{s['gold_clusters']} / {s['predicted_clusters']}"
                    if s["gold_clusters"] is not None else NONE)
        table.add_row(topic, str(s["documents"]), str(s["gold_mentions"]),
                      str(s["matched_mentions"]), clusters, _prf(s["pairwise"]),
                      f"{s['pairwise_cross_document']['f1']:.3f}", _prf(s["b3"]),
                      f"{s['b3_all_singletons']['f1']:.3f}")
    console.print(table)
    console.print(Text(f"pairwise F1 {result['pairwise_f1']:.3f}, B³ F1 {result['b3_f1']:.3f} "
                       f"on the {result['matched_mentions']} gold action mentions that a coded "
                       f"event reached ({result['mention_recall']:.1%} of the gold).",
                       style="bold"))


def _prf(score: dict[str, float]) -> str:
    return f"{score['precision']:.3f} / {score['recall']:.3f} / {score['f1']:.3f}"
