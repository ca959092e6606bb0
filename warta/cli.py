"""The `warta` command line: thin over warta.ingest, warta.runner and warta.store."""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import IO, Any

import click
from rich.console import Console

from warta.api.command import serve_command
from warta.cli_options import LANGUAGE, db_option, open_database, quiet_option
from warta.cluster.commands import cluster_command, compare_command
from warta.engines import ENGINES, EngineError, make_engine
from warta.engines.base import DEFAULT_FACTORY
from warta.engines.parquet import OutputError, open_output
from warta.evaluation.cli import eval_command
from warta.ingest import normalise_date, read_inputs
from warta.ingest.metadata import strict_metadata
from warta.progress import Reporter, StrictSkip
from warta.run import LEXICON_FACTORY, code_run, lazy_process
from warta.runner import CannotCode, Outcome, Totals
from warta.store import Store, StoreError
from warta.store.export_command import export_command
from warta.summary import print_document, print_totals
from warta.watch import watch_command

WIDE = 160  # tables written to a file or pipe are read later, not in an 80-column terminal
TABLES_SHOWN = 5  # per-document tables printed by default; --table prints them all


class RunError(click.ClickException):
    """The run cannot proceed (an output cannot be written): exit status 2."""

    exit_code = 2


class NothingCoded(click.ClickException):
    """The run read no input at all, or skipped every one: exit status 1."""

    exit_code = 1


@click.group(name="warta", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="warta", prog_name="warta")
def cli() -> None:
    """Political event data (PLOVER/CAMEO) from news in Indonesian and English."""


def _published(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    date = normalise_date(value)
    if date is None:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2021-12-08")
    return date


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_published, metavar="DATE",
              help="Publication date (YYYY-MM-DD) of inputs that do not state one; relative "
                   "dates in the text are resolved against it. Overrides a date guessed from "
                   "an HTML page; a JSONL record's own `published` wins over it.")
@click.option("--lang", type=LANGUAGE,
              help="Language of the inputs (default: detected). A JSONL record's own "
                   "`language` wins over it.")
@click.option("--out", "out_path", metavar="FILE.jsonl",
              help="Write event records as JSONL to this file ('-' for stdout); with "
                   "--format parquet, a directory of Parquet partitions.")
@db_option(required=False,
           help="Store documents, events and skipped inputs in this DuckDB database "
                "(created if missing); inputs it already holds are not coded again.")
@click.option("--format", "output_format", type=click.Choice(["summary", "jsonl", "parquet"]),
              default="summary", show_default=True,
              help="What to print on stdout: a table per document, or JSONL event records; "
                   "parquet writes partitions into the --out directory instead.")
@click.option("--table", "all_tables", is_flag=True,
              help=f"Print every coded document's table (by default the first {TABLES_SHOWN}, "
                   "then how many more).")
@click.option("--max-chars", type=click.IntRange(min=1), default=2_000_000, show_default=True,
              help="Skip documents longer than this many characters.")
@quiet_option("Print only the closing tally (and errors).")
@click.option("--engine", "engine_name", type=click.Choice(ENGINES), default="local",
              show_default=True, help="Code in this process, a pool of processes, or Dask.")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Worker processes for --engine process/dask (default: the usable CPUs).")
@click.option("--scheduler", metavar="ADDRESS",
              help="--engine dask: a running scheduler, e.g. tcp://10.0.0.5:8786 (default: "
                   "start a local cluster of --workers processes).")
@click.option("--strict", is_flag=True,
              help="Stop with exit status 1 at the first input that has to be skipped; an "
                   "input whose metadata cannot be used (a published date that is not a "
                   "date, a title that is not text) is skipped too, instead of a warning.")
@click.option("--log-json", is_flag=True,
              help="Log progress, skipped inputs and the summary to stderr as JSON lines.")
@click.option("--csv-text-column", metavar="NAME",
              help="CSV/TSV inputs: the column holding the article (default: text, body, "
                   "content, article, ...).")
@click.option("--include", multiple=True, metavar="GLOB",
              help="In directories, read only files matching GLOB (e.g. '*.jsonl.gz'); "
                   "repeatable.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="In directories, leave out files matching GLOB; repeatable.")
@click.option("--no-model", is_flag=True,
              help="Code with the trigger lexicons alone, without the event model: 30-70 "
                   "times faster, less accurate (docs/performance.md, docs/accuracy.md).")
def code(paths: tuple[str, ...], published: str | None, lang: str | None,
         out_path: str | None, db_path: str | None, output_format: str, max_chars: int,
         quiet: bool, engine_name: str = "local", workers: int | None = None,
         scheduler: str | None = None, strict: bool = False, log_json: bool = False,
         csv_text_column: str | None = None, include: tuple[str, ...] = (),
         exclude: tuple[str, ...] = (), no_model: bool = False,
         all_tables: bool = False) -> None:
    """Code political events in the articles at PATH... (files, directories, or - for stdin).

    Text, HTML, JSONL (one article per line, with `text` or `html`), CSV/TSV and WARC are
    read, also gzip/bzip2/xz/zstd-compressed (articles.jsonl.gz). Inputs that
    cannot be coded are skipped with a reason, listed at the end and recorded in --db. Exit
    status: 0 when the run completed and coded (or had already coded) at least one input;
    1 when no input was found or every input was skipped, or with --strict at the first
    skip; 2 when an output or the database cannot be written; 130 on Ctrl-C.
    """
    # trafilatura logs every page it finds no text in; warta reports those as skipped inputs.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    stdout_jsonl = output_format == "jsonl" or out_path == "-"
    # Status goes to stderr whenever stdout carries data, so that pipes get clean JSONL.
    status = Console(stderr=stdout_jsonl, highlight=False, soft_wrap=True)
    show = _Shown(out_path, stdout_jsonl,
                  tables=_tables_wanted(all_tables, quiet, out_path, output_format))
    argv = _argv(click.get_current_context())
    # `Store` looked up here at run time: tests make it commit more often (test_resume.py).
    store = open_database(db_path, create=True, factory=Store) if db_path else None
    if output_format == "parquet":
        store = _open_parquet(store, out_path)
    engine = None
    reporter = Reporter(bar=not quiet, log_json=log_json)
    try:
        try:
            if out_path and out_path != "-" and output_format != "parquet":
                show.open(out_path)
            items = read_inputs(list(paths), published=published, lang=lang,
                                max_chars=max_chars, csv_text_column=csv_text_column,
                                include=include, exclude=exclude,
                                outputs=tuple(p for p in (db_path, out_path) if p))
            if strict:
                items = strict_metadata(items)
            factory = LEXICON_FACTORY if no_model else DEFAULT_FACTORY
            engine = make_engine(engine_name, workers=workers, scheduler=scheduler,
                                 process=lazy_process(factory), factory=factory)
            result = code_run(items, store=store, engine=engine, command=argv,
                              watch=lambda outcomes: reporter.watch(outcomes, strict=strict),
                              each=show)
        finally:
            reporter.__exit__()
            if engine is not None:
                engine.close()
            _close(show.out if show.owned else None, store)
    except StoreError as err:
        raise RunError(f"--db: {err}") from err
    except OutputError as err:
        raise RunError(str(err)) from err
    except (CannotCode, EngineError, StrictSkip) as err:
        raise click.ClickException(str(err)) from err
    if show.hidden:
        status.print(hidden_tables(show.hidden, db_path))
    print_totals(status, result.totals, list_skipped=not quiet)
    reporter.finish(result.totals, interrupted=result.interrupted)
    if result.interrupted:
        stored = "parquet" if output_format == "parquet" else ("db" if db_path else None)
        click.echo(resume_hint(argv, stored, result.totals), err=True)
        raise click.exceptions.Exit(INTERRUPTED)
    problem = nothing_coded(result.totals, paths)
    if problem is not None:
        reporter.error(problem)
        raise NothingCoded(problem)


def _tables_wanted(all_tables: bool, quiet: bool, out_path: str | None,
                   output_format: str) -> int | None:
    """How many per-document tables to print: None for every one (--table), else a limit
    (TABLES_SHOWN by default, 0 when quiet or when the records go to --out)."""
    if all_tables:
        if output_format == "jsonl" or out_path == "-":
            raise click.UsageError("--table prints on stdout, which carries the JSONL "
                                   "records here; write them with --out FILE instead")
        return None
    if quiet or out_path is not None or output_format != "summary":
        return 0
    return TABLES_SHOWN


def hidden_tables(hidden: int, db_path: str | None) -> str:
    """The line after the tables printed: how many were left out and how to see them."""
    noun = "document" if hidden == 1 else "documents"
    where = f", or browse them with: warta serve --db {db_path}" if db_path else (
        ", or write the records with --format jsonl")
    return (f"... and {hidden} more {noun} coded, tables not shown: add --table to print "
            f"every table{where}")


def nothing_coded(totals: Totals, paths: tuple[str, ...]) -> str | None:
    """Why a finished run failed (exit status 1), or None when it coded something or found
    it already coded: no input found at all, or every input skipped."""
    if totals.coded or totals.already:
        return None
    if not totals.skipped:
        return (f"no input found in {', '.join(paths)}: nothing to code (an empty directory, "
                "or --include/--exclude left out every file?)")
    first = totals.skipped[0]
    n = len(totals.skipped)
    every = "the only input was skipped" if n == 1 else f"every input was skipped (all {n})"
    return f"{every}, nothing was coded: {first.origin}: {first.reason}"


class _Shown:
    """What `warta code` does with each coded document: JSONL records to --out or stdout,
    and a table on the terminal."""

    def __init__(self, out_path: str | None, stdout_jsonl: bool, *, tables: int | None):
        self.name = out_path or "-"
        self.out: IO[bytes] | None = sys.stdout.buffer if stdout_jsonl else None
        self.owned = False
        self.limit = tables  # None: every table
        self.shown = self.hidden = 0
        self.tables = (Console(highlight=False, width=None if _is_terminal() else WIDE)
                       if tables != 0 else None)

    def open(self, path: str) -> None:
        self.out, self.owned = _open_out(path), True  # closed in `code`'s finally

    def __call__(self, outcome: Outcome) -> None:
        if outcome.status != "coded" or outcome.document is None:
            return
        if self.out is not None:
            _write_records(self.out, self.name, outcome.records)
        if self.tables is None:
            return
        if self.limit is None or self.shown < self.limit:
            print_document(self.tables, outcome.document)
            self.shown += 1
        else:
            self.hidden += 1


INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


def resume_hint(argv: list[str], stored: str | None, totals: Totals) -> str:
    """What Ctrl-C left, and the command that goes on from there."""
    import shlex

    command = shlex.join(["warta", *argv])
    done = f"{totals.coded} documents coded, {len(totals.skipped)} skipped"
    if stored == "db":
        return (f"interrupted: {done}, all stored and the run marked interrupted in the "
                f"database; to go on, run the same command again (what is stored is not "
                f"coded again):\n  {command}")
    if stored == "parquet":
        return (f"interrupted: {done}, stored in the output directory; to go on, run the "
                f"same command again (what it holds is not coded again):\n  {command}")
    return (f"interrupted: {done}; without --db nothing records progress, so running "
            f"again codes everything (add --db FILE to be able to resume):\n  {command}")


def _open_parquet(store: Store | None, directory: str | None) -> Any:
    if not directory or directory == "-":
        if store is not None:
            store.close()
        raise click.UsageError("--format parquet needs --out DIRECTORY")
    try:
        return open_output(store, directory)
    except OutputError as err:
        if store is not None:
            store.close()
        raise RunError(str(err)) from err


def _open_out(path: str) -> IO[bytes]:
    try:
        return open(path, "wb")  # closed in `code`'s finally
    except OSError as err:
        raise RunError(_unwritable(path, err)) from err


def _unwritable(path: str, err: OSError) -> str:
    directory = os.path.dirname(os.path.abspath(path))
    if isinstance(err, IsADirectoryError) or os.path.isdir(path):
        return (f"cannot write --out {path!r}: it is a directory; give a file name such as "
                f"{os.path.join(path, 'events.jsonl')!r}")
    if isinstance(err, FileNotFoundError) or not os.path.isdir(directory):
        return (f"cannot write --out {path!r}: directory {directory!r} does not exist; "
                "create it first or choose another path")
    if isinstance(err, PermissionError):
        return (f"cannot write --out {path!r}: permission denied; fix the permissions or "
                "choose a writable path")
    return f"cannot write --out {path!r}: {err.strerror or err}"


def _write_records(out: IO[bytes], name: str, records: list[dict[str, Any]]) -> None:
    try:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    except OSError as err:
        if isinstance(err, BrokenPipeError):
            raise
        raise RunError(_unwritable(name, err)) from err


def _close(out: IO[bytes] | None, store: Store | None) -> None:
    try:
        if out is not None:
            try:
                out.close()
            except OSError as err:  # the last buffered records did not fit (disk full)
                raise RunError(_unwritable(str(getattr(out, "name", "--out")), err)) from err
    finally:
        if store is not None:
            store.close()


def _argv(ctx: click.Context) -> list[str]:
    """The command as given (for the `runs` table), rebuilt from the parsed parameters."""
    argv = [ctx.info_name or "code", *ctx.params.get("paths", ())]
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if isinstance(param, click.Option) and value not in (None, False, ()) and (
                value != param.default):
            flag = max(param.opts, key=len)
            argv.append(flag if param.is_flag else f"{flag}={value}")
    return argv


def _is_terminal() -> bool:
    return sys.stdout.isatty()


cli.add_command(eval_command)
cli.add_command(cluster_command)
cli.add_command(compare_command)
cli.add_command(export_command)
cli.add_command(serve_command)
cli.add_command(watch_command)


def main() -> None:
    cli(prog_name="warta")
