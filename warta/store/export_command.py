"""`warta export`: thin over warta.store.export."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

import click

from warta.cli_options import db_option, open_database, quiet_option
from warta.store.duckdb_store import StoreError
from warta.store.export import FORMATS, ExportError, default_path, export


class _ExportFailed(click.ClickException):
    exit_code = 2


@click.command(name="export")
@db_option()
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS),
              help="gdelt: GDELT 2.0 event table (61 tab-separated columns, no header); "
                   "plover: PLOVER JSON lines (PLOVER manual 0.8); parquet, csv, jsonl: "
                   "warta's own schema. See docs/formats.md.")
@click.option("--out", "out_path", metavar="PATH",
              help="Output file, '-' for stdout (default: next to the database, e.g. "
                   "events.gdelt.tsv).")
@click.option("--include-historical", is_flag=True,
              help="gdelt: also write background mentions (events dated more than a year "
                   "before the article), which the event table leaves out by default.")
@click.option("--include-negated", is_flag=True,
              help="gdelt: also write events the text says did not happen (negated, denied).")
@quiet_option("Write the events without the closing line that counts them.")
def export_command(db_path: str, fmt: str, out_path: str | None, include_historical: bool,
                   include_negated: bool, quiet: bool = False) -> None:
    """Export the coded events of a database."""
    to_stdout = out_path == "-"
    if to_stdout and fmt == "parquet":
        raise _ExportFailed("--out -: Parquet is a binary file format; write it to a file")
    out = out_path or default_path(db_path, fmt)
    store = open_database(db_path)
    scratch = tempfile.mkdtemp(prefix="warta-export-") if to_stdout else None
    try:
        target = os.path.join(scratch, f"events.{fmt}") if scratch else out
        n = export(store, fmt, target, include_historical=include_historical,
                   include_negated=include_negated)
        if scratch:
            with open(target, encoding="utf-8") as handle:
                shutil.copyfileobj(handle, sys.stdout)
            sys.stdout.flush()
    except (ExportError, StoreError) as err:
        raise _ExportFailed(str(err)) from err
    finally:
        store.close()
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    if not quiet:
        click.echo(f"{n} events written to {'stdout' if to_stdout else out} ({fmt})", err=True)
