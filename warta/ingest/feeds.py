"""RSS/Atom feeds: each entry's linked article is fetched and read like an HTML page.

Feeds come from files or URLs. An entry whose article cannot be fetched (timeout, HTTP error,
not HTML) is skipped with the reason; an entry without a link is read from the feed's own
content. Links already coded (`seen`) are not fetched again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from warta.ingest.common import BadInput, make_document, normalise_date
from warta.ingest.fetch import Fetcher, FetchError
from warta.ingest.html import html_document, looks_like_html
from warta.ingest.metadata import Warnings, warn
from warta.model import Document, Skipped


def read_feed(
    source: str,
    *,
    fetcher: Fetcher,
    max_chars: int = 2_000_000,
    lang: str | None = None,
    seen: Callable[[list[str]], set[str]] | None = None,
) -> Iterator[Document | Skipped]:
    """The articles of the feed at `source` (a URL or a file path)."""
    import feedparser

    try:
        if os.path.exists(source):
            with open(source, "rb") as handle:
                data = handle.read()
        else:
            data = fetcher.get(source).body
    except FetchError as err:
        yield Skipped(source, f"feed not fetched: {err.reason}")
        return
    except OSError as err:
        yield Skipped(source, f"feed unreadable: {err.strerror or err}")
        return
    feed = feedparser.parse(data)
    entries = list(feed.entries)
    if not entries:
        problem = feed.get("bozo_exception")
        yield Skipped(source, f"not a feed, or an empty one{f': {problem}' if problem else ''}")
        return
    links = [entry.get("link") for entry in entries if entry.get("link")]
    known = seen(links) if seen and links else set()
    for number, entry in enumerate(entries, start=1):
        link = entry.get("link")
        if link and link in known:
            continue
        where = link or f"{source}#{number}"
        try:
            yield _entry_document(entry, where, fetcher=fetcher, max_chars=max_chars, lang=lang)
        except BadInput as bad:
            yield Skipped(where, bad.reason)
        except FetchError as err:
            yield Skipped(where, f"article not fetched: {err.reason}")


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
    known = {"url": link, "title": title, "meta": {"feed_entry": entry.get("id")}}
    if link:
        response = fetcher.get(link)
        kind = response.content_type.split(";")[0].strip().lower()
        if kind and kind not in ("text/html", "application/xhtml+xml", "text/plain"):
            raise BadInput(f"{kind} at {link}: not an article page")
        html = _decode(response.body, response.content_type)
        if kind == "text/plain" or not looks_like_html(html):
            return make_document(html, where, fmt="feed", max_chars=max_chars,
                                 published=published, language_hint=lang, url=link, title=title,
                                 warnings=warnings)
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
                         language_hint=lang, title=title, warnings=warnings)


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
