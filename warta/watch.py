"""`warta watch FEEDS.txt`: code new articles from RSS/Atom feeds, every few minutes.

Each cycle reads the feed list again (one URL or path per line, # for comments), fetches
the feeds, skips links the store already holds, codes the rest into --db and prints the
tally. Incremental and resumable by construction: the store is the only state.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import click
from rich.console import Console

from warta.cli_options import LANGUAGE, DatabaseError, db_option, open_database, quiet_option
from warta.ingest.feeds import WORKERS, read_feeds
from warta.ingest.fetch import Fetcher
from warta.model import Document, Skipped
from warta.run import code_run, lazy_process
from warta.runner import Totals
from warta.store import Store, StoreError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(_ctx: click.Context | None, _param: click.Parameter | None,
                   value: str) -> float:
    match = _DURATION.match(value)
    if not match:
        raise click.BadParameter(f"{value!r} is not a duration; use e.g. 90s, 10m, 1h")
    return float(match.group(1)) * _UNIT[match.group(2)]


def feed_list(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle
                if line.strip() and not line.lstrip().startswith("#")]


def feed_items(feeds: list[str], store: Store, fetcher: Fetcher, lang: str | None,
               max_chars: int, workers: int = WORKERS) -> Iterator[Document | Skipped]:
    def seen(links: list[str]) -> set[str]:
        rows = store.query("SELECT DISTINCT url FROM documents WHERE url IN "
                           "(SELECT UNNEST(?))", [links])
        return {row["url"] for row in rows}

    # `seen` runs in this thread (the store's), the requests in read_feeds' threads.
    yield from read_feeds(feeds, fetcher=fetcher, max_chars=max_chars, lang=lang, seen=seen,
                          workers=workers)


def run_cycle(feeds_file: str, store: Store, fetcher: Fetcher, *, lang: str | None,
              max_chars: int, workers: int = WORKERS) -> Totals:
    """One cycle is one run: recorded in the store's `runs` table and clustered."""
    items = feed_items(feed_list(feeds_file), store, fetcher, lang, max_chars, workers)
    result = code_run(items, store=store, process=lazy_process(),
                      command=["watch", feeds_file])
    if result.interrupted:
        raise KeyboardInterrupt  # the run is marked; `watch_command` says how to go on
    return result.totals


@click.command("watch")
@click.argument("feeds_file", metavar="FEEDS.txt", type=click.Path(exists=True, dir_okay=False))
@db_option(help="The store (created if missing): coded documents, and so which links are "
                "already done.")
@click.option("--every", default="10m", show_default=True, callback=parse_duration,
              help="Time between the starts of two cycles (90s, 10m, 1h).")
@click.option("--once", is_flag=True, help="Run one cycle and exit (for cron or tests).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds allowed for each HTTP request, all of it: connecting, redirects "
                   "and the whole body (a server sending slowly is cut off).")
@click.option("--concurrency", type=click.IntRange(min=1), default=WORKERS, show_default=True,
              help="Requests in flight at once, over all feeds (--per-host still spaces the "
                   "requests to one host).")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="Further attempts after a timeout, connection error or HTTP 5xx.")
@click.option("--per-host", "per_host", type=click.FloatRange(min=0), default=1.0,
              show_default=True, help="Seconds between two requests to the same host.")
@click.option("--lang", type=LANGUAGE, help="Language of the articles (an installed pack).")
@click.option("--max-chars", type=click.IntRange(min=1), default=2_000_000, show_default=True)
@quiet_option("Print only each cycle's tally.")
def watch_command(feeds_file: str, db_path: str, every: float, once: bool, timeout: float,
                  retries: int, per_host: float, lang: str | None, max_chars: int,
                  quiet: bool, concurrency: int = WORKERS) -> None:
    """Code new articles from the RSS/Atom feeds listed in FEEDS.txt, every --every."""
    from warta.summary import print_totals, tally

    console = Console(highlight=False, soft_wrap=True)
    fetcher = Fetcher(timeout=timeout, retries=retries, backoff=min(1.0, timeout),
                      per_host_interval=per_host)
    store = open_database(db_path, create=True)
    try:
        while True:
            started = time.monotonic()
            totals = run_cycle(feeds_file, store, fetcher, lang=lang, max_chars=max_chars,
                               workers=concurrency)
            took = f"cycle of {time.monotonic() - started:.1f} s"
            if quiet:
                console.print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {tally(totals)} ({took})")
            else:
                print_totals(console, totals)
                console.print(took)
            if once:
                return
            time.sleep(max(0.0, every - (time.monotonic() - started)))
    except KeyboardInterrupt:
        console.print("stopped; the next `warta watch` goes on from the store")
    except StoreError as err:
        raise DatabaseError(f"--db: {err}") from err
    finally:
        fetcher.close()
        store.close()
