"""WARC files (web archives, e.g. Common Crawl News): HTML responses become documents.

Every record is accounted for: a successful HTML response is read like an HTML page (its URL
from the record), anything else — requests, metadata, redirects, PDFs — is skipped with the
reason. A truncated or malformed archive yields what it holds before the break, then the
damage with the byte offset where it was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from warta.ingest.common import BadInput, normalise_date, reader_failure
from warta.ingest.html import html_document
from warta.ingest.streams import document_byte_limit
from warta.model import Document, Skipped

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def read_warc(path: str, *, max_chars: int, published: str | None, lang: str | None
              ) -> Iterator[Document | Skipped]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as handle:
        records = ArchiveIterator(handle, arc2warc=True)
        count = 0
        try:
            for record in records:
                count += 1
                where = f"{path}#{count}"  # the record number; the offset is in any reason
                try:
                    yield _record_document(record, where, max_chars=max_chars,
                                           published=published, lang=lang)
                except BadInput as bad:
                    yield Skipped(where, bad.reason)
                except Exception as err:  # one record that breaks a parser: that record
                    yield Skipped(where, f"record at byte {records.offset}: "
                                         f"{reader_failure(err)}")
        except Exception as err:
            # warcio cannot find the next record once its headers are broken (a wrong length,
            # a truncated header, an ArchiveLoadFailed or an AttributeError inside warcio):
            # the rest of the file is lost, what came before it is kept.
            yield Skipped(path, f"damaged WARC after record {count}, at byte "
                                f"{records.offset}: {type(err).__name__}: "
                                f"{str(err)[:200] or 'no detail'}; the records before it were "
                                "read, the rest of the file was not")
            return
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
    limit = document_byte_limit("html", max_chars)
    body = record.content_stream().read(limit + 1)  # a record's length is what it claims
    if len(body) > limit:
        raise BadInput(f"too long: a response of more than {limit} bytes for {uri}; "
                       "raise --max-chars")
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
