"""Code one posted article (text, HTML or an uploaded file) with the same runner as the CLI."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from warta.ingest.common import BadInput, make_document, normalise_date
from warta.ingest.decode import decode_bytes
from warta.ingest.html import html_document, looks_like_html
from warta.model import Document
from warta.resources import supported_languages
from warta.run import code_run
from warta.runner import Outcome, code_document
from warta.store import Store

# Uploads are articles: plain text or an HTML page, recognised by name or declared type.
UPLOAD_TYPES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
UPLOAD_MEDIA = {"text/plain": "text", "text/html": "html", "application/xhtml+xml": "html"}


class CannotCodeArticle(Exception):
    """The article was read but not coded (empty, unsupported language, ...); `status` is the
    HTTP status that says so."""

    def __init__(self, reason: str, status: int = 422):
        super().__init__(reason)
        self.reason = reason
        self.status = status


def upload_format(filename: str | None, media_type: str | None) -> str:
    """'text' or 'html' for an accepted upload; anything else is refused (415)."""
    extension = os.path.splitext(filename or "")[1].lower()
    if extension in UPLOAD_TYPES:
        return UPLOAD_TYPES[extension]
    base = (media_type or "").split(";")[0].strip().lower()
    if not extension and base in UPLOAD_MEDIA:
        return UPLOAD_MEDIA[base]
    raise CannotCodeArticle(
        f"unsupported upload {filename or 'without a name'!r} ({base or 'no type'}); "
        "upload a .txt or .html file", status=415)


def decode_upload(data: bytes) -> str:
    try:
        return decode_bytes(data)
    except BadInput as err:
        raise CannotCodeArticle(err.reason) from None


def article_document(text: str, *, fmt: str | None = None, language: str | None = None,
                     published: str | None = None, url: str | None = None,
                     title: str | None = None, outlet: str | None = None,
                     max_chars: int = 1_000_000) -> Document:
    """The posted article as a Document; HTML is recognised when `fmt` is not given."""
    supported = supported_languages()  # the installed packs
    if language is not None and language not in supported:
        raise CannotCodeArticle(f"unsupported language {language!r}; one of: "
                                f"{', '.join(supported)} (or none, to detect it)")
    date = None
    if published:
        date = normalise_date(published)
        if date is None:
            raise CannotCodeArticle(f"{published!r} is not a date; use YYYY-MM-DD")
    fmt = fmt or ("html" if looks_like_html(text) else "text")
    try:
        if fmt == "html":
            doc = html_document(text, "posted article", max_chars=max_chars, published=date,
                                language_hint=language,
                                known={"url": url, "title": title, "outlet": outlet})
        else:
            doc = make_document(text, "posted article", fmt="text", max_chars=max_chars,
                                published=date, language_hint=language, url=url, title=title,
                                outlet=outlet)
    except BadInput as err:
        raise CannotCodeArticle(err.reason) from None
    return doc


def code_article(doc: Document, process: Callable[[Document], Document],
                 store: Store | None = None) -> dict[str, Any]:
    """Code `doc` and return it with its event records; store it only when given a store
    (then it is a run of its own, recorded and clustered like any other: warta.run)."""
    outcomes: list[Outcome] = []
    result = code_run([doc], store=store, process=process, command=["api", "code"],
                      each=outcomes.append)
    [outcome] = outcomes
    stored = store is not None and result.totals.coded == 1
    if outcome.status == "already":
        # Posted before: stored as it is; code it again only to answer with its events.
        outcome, stored = code_document(doc, process), True
    if outcome.status != "coded" or outcome.document is None:
        reason = outcome.skipped.reason if outcome.skipped else "not coded"
        status = 500 if reason.startswith("internal error") else 422
        raise CannotCodeArticle(f"article not coded: {reason}", status=status)
    coded = outcome.document
    return {
        "document": {"id": coded.id, "title": coded.title, "outlet": coded.outlet,
                     "url": coded.url, "published": coded.published,
                     "language": coded.language, "text": coded.text},
        "events": outcome.records,
        "stored": stored,  # false also when the store refused it (its tally says so)
    }
