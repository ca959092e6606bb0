"""`warta eval`: score warta against a gold file (thin over the format modules)."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from warta.cli_options import LANGUAGE, quiet_option
from warta.evaluation.report import print_report

FORMATS = ("plv", "plover-gsr", "warta-jsonl", "annotations", "conll-ner", "ecbplus")


@click.command(name="eval")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True),
              help="Gold file (a directory of CoNLL files also works for conll-ner).")
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS),
              help="Format of the gold file; see docs/evaluation.md.")
@click.option("--lang", type=LANGUAGE,
              help="Language to code the sentences in (default: en for plv and plover-gsr, "
                   "id for conll-ner, each record's own `language` for warta-jsonl).")
@click.option("--mode", type=click.Choice(("pairs", "end2end")), default="pairs",
              show_default=True, help="plv only: pair given (pairs) or sentence only (end2end).")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object instead of the report.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N gold items.")
@click.option("--split", type=click.Choice(("test", "train", "all")), default="test",
              show_default=True, help="annotations only: which split to score.")
@click.option("--no-model", is_flag=True,
              help="Code with the trigger lexicons alone: the event model neither decides "
                   "events nor answers the plv pair task.")
@quiet_option("No progress bar while scoring; the report (or --json) is still printed.")
def eval_command(gold_path: str, fmt: str, lang: str | None, mode: str, as_json: bool,
                 limit: int | None, split: str, no_model: bool, quiet: bool = False) -> None:
    """Score warta on a gold file: per-class precision/recall/F1, confusion, worst errors."""
    if fmt == "ecbplus":  # a directory of ECB+ topics: cross-document event clustering
        from warta.cluster.commands import report_ecbplus

        return report_ecbplus(gold_path, as_json)
    from warta.evaluation.coding import default_processor

    pipeline = default_processor(tag_all_names=fmt == "conll-ner", use_model=not no_model)
    show = sys.stderr.isatty() and not quiet
    if fmt == "plv":
        from warta.evaluation.plv import evaluate_plv

        result = evaluate_plv(gold_path, pipeline, mode=mode, lang=lang or "en", limit=limit,
                              show_progress=show, use_model=not no_model)
    elif fmt == "plover-gsr":
        from warta.evaluation.gsr import evaluate_gsr

        result = evaluate_gsr(gold_path, pipeline, lang=lang or "en", limit=limit,
                              show_progress=show)
    elif fmt == "annotations":
        from warta.evaluation.annotations import evaluate_annotations

        result = evaluate_annotations(gold_path, pipeline, lang=lang,
                                      split=None if split == "all" else split, limit=limit,
                                      show_progress=show)
    elif fmt == "warta-jsonl":
        from warta.evaluation.warta_jsonl import evaluate_warta_jsonl

        result = evaluate_warta_jsonl(gold_path, pipeline, lang=lang, limit=limit,
                                      show_progress=show)
    else:
        from warta.evaluation.conll import evaluate_conll

        result = evaluate_conll(gold_path, pipeline, lang=lang or "id", limit=limit,
                                show_progress=show)
    if as_json:
        click.echo(result.dumps())
    else:
        print_report(Console(highlight=False, width=None if sys.stdout.isatty() else 160),
                     result)
