"""`warta cluster` and `warta compare`: thin over warta.cluster.store and warta.cluster.compare."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console

from warta.cli_options import DatabaseError, db_option, open_database, quiet_option
from warta.store import StoreError

TOP_CLUSTERS = 10  # the summary's table of most reported events


def _console() -> Console:
    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


@click.command(name="cluster")
@db_option()
@click.option("--rebuild", is_flag=True,
              help="Forget existing clusters and cluster every event again.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@quiet_option("Print the one-line summary without the table of most reported events.")
def cluster_command(db_path: str, rebuild: bool, as_json: bool, quiet: bool = False) -> None:
    """Merge event mentions from different articles into real-world events.

    Fills `events.cluster` and the `clusters` table (mentions, sources, articles per event).
    Incremental: events already clustered are not compared again. See docs/clustering.md.
    """
    from warta.cluster.render import print_cluster_summary
    from warta.cluster.store import cluster_store

    store = open_database(db_path)
    try:
        summary = cluster_store(store, rebuild=rebuild)
        top = store.query(f"SELECT * FROM clusters ORDER BY n_articles DESC, n_mentions DESC, "
                          f"id LIMIT {TOP_CLUSTERS}")
    except StoreError as err:
        raise DatabaseError(f"--db: {err}") from err
    finally:
        store.close()
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps(asdict(summary)))
    else:
        print_cluster_summary(_console(), summary, [] if quiet else top)


@click.command(name="compare")
@click.argument("ident", metavar="EVENT_OR_DOCUMENT")
@db_option()
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@quiet_option("Print the parties' claims only, without the list of documents compared "
              "(with --json, the same JSON).")
def compare_command(ident: str, db_path: str, as_json: bool, quiet: bool = False) -> None:
    """Compare the parties' readouts of a meeting: an event id, a cluster id, or a document
    id (or the beginning of one).

    Per party (the Kremlin, the White House, ...): its claims, the issues it raised and its
    tone (mean Goldstein); then the issues several parties raised and those only one did.
    """
    from warta.cluster.compare import NotFound, compare
    from warta.cluster.render import print_comparison
    from warta.cluster.store import cluster_store

    store = open_database(db_path)
    try:
        # Gathering across articles needs clusters; new events are clustered first (cheap).
        cluster_store(store)
        result = compare(store, ident)
    except NotFound as err:
        raise click.ClickException(str(err)) from err
    except StoreError as err:
        raise DatabaseError(f"--db: {err}") from err
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, default=str))
    else:
        if quiet:  # the claims, not the list of the documents they come from
            result = {**result, "scope": {**result["scope"], "documents": []}}
        print_comparison(_console(), result)


def report_ecbplus(gold_dir: str, as_json: bool) -> None:
    """`warta eval --format ecbplus`: cross-document event clustering against ECB+."""
    from warta.cluster.ecbplus import evaluate_ecbplus
    from warta.cluster.render import print_ecbplus

    try:
        result = evaluate_ecbplus(gold_dir)
    except FileNotFoundError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(result))
    else:
        print_ecbplus(_console(), result)
