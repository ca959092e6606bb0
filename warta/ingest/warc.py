"""WARC files (web archives, e.g. Common Crawl News): HTML responses become documents.

Every record is accounted for: a successful HTML response is read like an HTML page (its URL
from the record), anything else — requests, metadata, redirects, PDFs — is skipped with the
reason. A truncated archive yields what it holds before the break, then the damage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from warta.ingest.common import BadInput, normalise_date
from warta.ingest.html import html_document
from warta.model import Document, Skipped

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def read_warc(path: str, *, max_chars: int, published: str | None, lang: str | None
              ) -> Iterator[Document | Skipped]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open(path, "rb") as handle:
        records = ArchiveIterator(handle, arc2warc=True)
        count = 0
        try:
            for record in records:
                count += 1
                where = f"{path}#{count}"  # the record number (offsets need a re-read)
                try:
                    yield _record_document(record, where, max_chars=max_chars,
                                           published=published, lang=lang)
                except BadInput as bad:
                    yield Skipped(where, bad.reason)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as err:
            yield Skipped(path, f"damaged WARC after record {count}: {err}; the records "
                                "before it were read")
        if count == 0:
            yield Skipped(path, "empty WARC: no records")


def _record_document(record, where: str, *, max_chars: int, published: str | None,
                     lang: str | None) -> Document:
    kind = record.rec_type
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if kind != "response":
        raise BadInput(f"WARC {kind} record{f' for {uri}' if uri else ''}: not an article")
    http = record.http_headers
    status = http.get_statuscode() if http is not None else None
    if status and not status.startswith("2"):
        raise BadInput(f"HTTP {status} response for {uri}: not an article")
    content_type = (http.get_header("Content-Type") if http is not None else None) or ""
    if not content_type.lower().startswith(HTML_TYPES):
        raise BadInput(f"{content_type or 'untyped'} response for {uri}: not HTML")
    body = record.content_stream().read()
    match = _CHARSET.search(content_type)
    encoding = match.group(1) if match else "utf-8"
    try:
        html = body.decode(encoding, errors="replace")
    except LookupError:
        html = body.decode("utf-8", errors="replace")
    date = normalise_date(record.rec_headers.get_header("WARC-Date"))
    # The crawl date is a fallback only: the page's own date (trafilatura) is the article's.
    document = html_document(html, where, fmt="warc", max_chars=max_chars,
                             published=published, language_hint=lang,
                             known={"url": uri, "meta": {"warc_date": date}})
    return document
