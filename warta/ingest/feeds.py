"""RSS/Atom feeds: each entry's linked article is fetched and read like an HTML page.

Feeds come from files or URLs. An entry whose article cannot be fetched (timeout, HTTP error,
not HTML) is skipped with the reason; an entry without a link is read from the feed's own
content. Links already coded (`seen`) are not fetched again.

Feeds and articles are fetched several at a time (`workers` threads, each request within the
fetcher's deadline and per-host interval), so one slow server holds up only its own requests;
the items still come out in feed and entry order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from warta.ingest.common import BadInput, make_document, normalise_date, reader_failure
from warta.ingest.fetch import Fetcher, FetchError
from warta.ingest.html import html_document, looks_like_html
from warta.ingest.metadata import Warnings, warn
from warta.model import Document, Skipped

WORKERS = 8  # requests in flight at once, over all feeds (each host is still rate-limited)

Item = Document | Skipped
Seen = Callable[[list[str]], set[str]]
T = TypeVar("T")
R = TypeVar("R")


def read_feed(source: str, *, fetcher: Fetcher, max_chars: int = 2_000_000,
              lang: str | None = None, seen: Seen | None = None,
              workers: int = WORKERS) -> Iterator[Item]:
    """The articles of the feed at `source` (a URL or a file path)."""
    yield from read_feeds([source], fetcher=fetcher, max_chars=max_chars, lang=lang, seen=seen,
                          workers=workers)


def read_feeds(sources: Iterable[str], *, fetcher: Fetcher, max_chars: int = 2_000_000,
               lang: str | None = None, seen: Seen | None = None,
               workers: int = WORKERS) -> Iterator[Item]:
    """The articles of every feed, fetched `workers` at a time, in feed and entry order.

    `seen` (links already coded) is called in the calling thread, feed by feed, so that it
    may query a store that only this thread uses.
    """
    feeds = ordered_map(partial(_load, fetcher=fetcher), sources, workers)

    def tasks() -> Iterator[Callable[[], Item]]:
        for source, entries in feeds:
            if isinstance(entries, Skipped):
                yield partial(_given, entries)
                continue
            links = [entry.get("link") for entry in entries if entry.get("link")]
            known = seen(links) if seen and links else set()
            for number, entry in enumerate(entries, start=1):
                link = entry.get("link")
                if not (link and link in known):
                    yield partial(_entry_item, entry, link or f"{source}#{number}",
                                  fetcher=fetcher, max_chars=max_chars, lang=lang)

    yield from ordered_map(_call, tasks(), workers)


def ordered_map(function: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """`function` over `items` in `workers` threads, at most 2 x `workers` ahead of the
    consumer, results in input order. `items` is consumed in the calling thread."""
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="warta-fetch") as pool:
        pending: deque[Future[R]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(function, item))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:  # the consumer stopped early (--strict, Ctrl-C)
                future.cancel()


def _call(task: Callable[[], Item]) -> Item:
    return task()


def _given(item: Skipped) -> Skipped:
    return item


def _load(source: str, *, fetcher: Fetcher) -> tuple[str, list[Any] | Skipped]:
    """The feed's entries, or why there are none; never raises (a thread's input boundary)."""
    import feedparser

    try:
        if os.path.exists(source):
            with open(source, "rb") as handle:
                data = handle.read()
        else:
            data = fetcher.get(source).body
        feed = feedparser.parse(data)
        entries = list(feed.entries)
    except FetchError as err:
        return source, Skipped(source, f"feed not fetched: {err.reason}")
    except OSError as err:
        return source, Skipped(source, f"feed unreadable: {err.strerror or err}")
    except Exception as err:
        return source, Skipped(source, reader_failure(err))
    if not entries:
        problem = feed.get("bozo_exception")
        return source, Skipped(source, "not a feed, or an empty one"
                                       f"{f': {problem}' if problem else ''}")
    return source, entries


def _entry_item(entry: Any, where: str, *, fetcher: Fetcher, max_chars: int,
                lang: str | None) -> Item:
    try:
        return _entry_document(entry, where, fetcher=fetcher, max_chars=max_chars, lang=lang)
    except BadInput as bad:
        return Skipped(where, bad.reason)
    except FetchError as err:
        return Skipped(where, f"article not fetched: {err.reason}")
    except Exception as err:  # a thread's input boundary: one entry, never the run
        return Skipped(where, reader_failure(err))


def _entry_document(entry: Any, where: str, *, fetcher: Fetcher, max_chars: int,
                    lang: str | None) -> Document:
    published = None
    warnings: Warnings = []
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            published = normalise_date("{:04d}-{:02d}-{:02d}".format(*entry[key][:3]))
            break
    else:
        written = entry.get("published") or entry.get("updated")
        if written:  # feedparser could not read the date the feed gives
            warn(warnings, "published", written, "is not a date feedparser can read", "left out")
    title, link = entry.get("title"), entry.get("link")
    lang = lang or (entry.get("language") or "")[:2] or None
    entry_id = entry.get("id") if isinstance(entry.get("id"), str) else None
    known = {"url": link, "title": title, "meta": {"feed_entry": entry_id},
             "source_id": entry_id}
    if link:
        response = fetcher.get(link)
        kind = response.content_type.split(";")[0].strip().lower()
        if kind and kind not in ("text/html", "application/xhtml+xml", "text/plain"):
            raise BadInput(f"{kind} at {link}: not an article page")
        html = _decode(response.body, response.content_type)
        if kind == "text/plain" or not looks_like_html(html):
            return make_document(html, where, fmt="feed", max_chars=max_chars,
                                 published=published, language_hint=lang, url=link, title=title,
                                 warnings=warnings, source_id=entry_id)
        return html_document(html, where, fmt="feed", max_chars=max_chars, published=published,
                             language_hint=lang, known=known, warnings=warnings)
    content = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
    if not content.strip():
        raise BadInput("feed entry with neither a link nor content")
    if looks_like_html(content):
        return html_document(content, where, fmt="feed", max_chars=max_chars,
                             published=published, language_hint=lang, known=known,
                             warnings=warnings)
    return make_document(content, where, fmt="feed", max_chars=max_chars, published=published,
                         language_hint=lang, title=title, warnings=warnings,
                         source_id=entry_id)


def _decode(body: bytes, content_type: str) -> str:
    from warta.ingest.decode import looks_binary

    if looks_binary(body):
        raise BadInput("binary content where an article page was expected")
    charset = "utf-8"
    if "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=")[1].split(";")[0].strip(" \"'")
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")
