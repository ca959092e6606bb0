"""`warta cluster` and `warta compare`: thin over warta.cluster.store and warta.cluster.compare."""

from __future__ import annotations

import json
import os
import sys

import click
from rich.console import Console

from warta.store import Store, StoreError

TOP_CLUSTERS = 10  # the summary's table of most reported events


class _DatabaseError(click.ClickException):
    exit_code = 2


def _open(path: str) -> Store:
    if path != ":memory:" and not os.path.exists(path):
        # Opening would create an empty database: say what is missing instead.
        raise _DatabaseError(f"--db: no database at {path!r}; code articles into it first "
                             f"with: warta code ARTICLES --db {path}")
    try:
        return Store(path)
    except StoreError as err:
        raise _DatabaseError(f"--db: {err}") from err


def _console() -> Console:
    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


@click.command(name="cluster")
@click.option("--db", "db_path", required=True, metavar="FILE.duckdb",
              help="The database written by `warta code --db`.")
@click.option("--rebuild", is_flag=True,
              help="Forget existing clusters and cluster every event again.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def cluster_command(db_path: str, rebuild: bool, as_json: bool) -> None:
    """Merge event mentions from different articles into real-world events.

    Fills `events.cluster` and the `clusters` table (mentions, sources, articles per event).
    Incremental: events already clustered are not compared again. See docs/clustering.md.
    """
    from warta.cluster.render import print_cluster_summary
    from warta.cluster.store import cluster_store

    store = _open(db_path)
    try:
        summary = cluster_store(store, rebuild=rebuild)
        top = store.query(f"SELECT * FROM clusters ORDER BY n_articles DESC, n_mentions DESC, "
                          f"id LIMIT {TOP_CLUSTERS}")
    except StoreError as err:
        raise _DatabaseError(f"--db: {err}") from err
    finally:
        store.close()
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps(asdict(summary)))
    else:
        print_cluster_summary(_console(), summary, top)


@click.command(name="compare")
@click.argument("ident", metavar="EVENT_OR_DOCUMENT")
@click.option("--db", "db_path", default="warta.duckdb", show_default=True,
              metavar="FILE.duckdb", help="The database written by `warta code --db`.")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def compare_command(ident: str, db_path: str, as_json: bool) -> None:
    """Compare the parties' readouts of a meeting: an event id, a cluster id, or a document
    id (or the beginning of one).

    Per party (the Kremlin, the White House, ...): its claims, the issues it raised and its
    tone (mean Goldstein); then the issues several parties raised and those only one did.
    """
    from warta.cluster.compare import NotFound, compare
    from warta.cluster.render import print_comparison
    from warta.cluster.store import cluster_store

    store = _open(db_path)
    try:
        # Gathering across articles needs clusters; new events are clustered first (cheap).
        cluster_store(store)
        result = compare(store, ident)
    except NotFound as err:
        raise click.ClickException(str(err)) from err
    except StoreError as err:
        raise _DatabaseError(f"--db: {err}") from err
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, default=str))
    else:
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
