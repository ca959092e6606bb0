"""`warta export`: thin over warta.store.export."""

from __future__ import annotations

import os

import click

from warta.store.duckdb_store import Store, StoreError
from warta.store.export import FORMATS, ExportError, default_path, export


class _ExportFailed(click.ClickException):
    exit_code = 2


@click.command(name="export")
@click.option("--db", "db_path", required=True, metavar="FILE.duckdb",
              help="The database written by `warta code --db`.")
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS),
              help="gdelt: GDELT 2.0 event table (61 tab-separated columns, no header); "
                   "plover: PLOVER/POLECAT JSON lines; parquet, csv, jsonl: warta's own "
                   "schema. See docs/formats.md.")
@click.option("--out", "out_path", metavar="PATH",
              help="Output file (default: next to the database, e.g. events.gdelt.tsv).")
def export_command(db_path: str, fmt: str, out_path: str | None) -> None:
    """Export the coded events of a database."""
    out = out_path or default_path(db_path, fmt)
    if not os.path.exists(db_path):
        raise _ExportFailed(f"--db: no database at {db_path!r}; code articles into it first "
                            f"with: warta code ARTICLES --db {db_path}")
    try:
        store = Store(db_path)
    except StoreError as err:
        raise _ExportFailed(f"--db: {err}") from err
    try:
        n = export(store, fmt, out)
    except (ExportError, StoreError) as err:
        raise _ExportFailed(str(err)) from err
    finally:
        store.close()
    click.echo(f"{n} events written to {out} ({fmt})", err=True)
