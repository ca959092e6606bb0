"""What every reader shares: the bad-input signal, date normalisation, building a Document."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from warta.model import Document, content_id


class BadInput(Exception):
    """An input that cannot become a Document; readers turn it into `Skipped(origin, reason)`."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def reader_failure(err: BaseException) -> str:
    """The reason for an input that broke a reader (or the library under it) unexpectedly:
    recorded like any bad input, so that the run goes on and the input is named."""
    detail = str(err)[:300] or "no detail"
    return (f"unreadable: the reader failed with {type(err).__name__} ({detail}); the items "
            "before it were read; report it if the input looks valid")


# ISO-ish dates as written by feeds and CMSs: the date part is taken as written, i.e. the
# outlet's local date, which is what a reader of the article sees ("today" in the text).
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s])")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def normalise_date(value: Any) -> str | None:
    """ISO date (YYYY-MM-DD, or YYYY-MM / YYYY when that is all that is known), else None.

    Accepts "2021-12-08", "2021-12-08T10:00:00Z", "2021-12-08 10:00", "20211208", RFC 2822
    dates from RSS ("Wed, 08 Dec 2021 10:00:00 GMT") and date/datetime objects.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    match = _ISO_DATE.match(value) or _COMPACT_DATE.match(value)
    if match:
        year, month, day = match.groups()
        try:
            if day:
                return date(int(year), int(month), int(day)).isoformat()
            if month:
                return f"{year}-{date(int(year), int(month), 1).month:02d}"
            return year
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def make_document(
    raw: str,
    origin: str,
    *,
    fmt: str,
    max_chars: int,
    published: str | None = None,
    language_hint: str | None = None,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    meta: dict[str, Any] | None = None,
    warnings: list[dict[str, str]] | None = None,
    source_id: str | None = None,
) -> Document:
    """A Document for the pipeline, or BadInput when the text is empty or over the limit.

    `warnings` name metadata the input gave and the reader had to leave out (see
    warta/ingest/metadata.py); they are kept in `meta["warnings"]`.
    """
    if not raw.strip():
        raise BadInput("empty text" if fmt == "jsonl" else "empty file")
    if len(raw) > max_chars:
        raise BadInput(
            f"too long: {len(raw)} characters > limit {max_chars}; raise --max-chars"
        )
    doc_meta: dict[str, Any] = {"format": fmt, **(meta or {})}
    # The pipeline keys documents on the *cleaned* text; this key is known before any
    # processing, so a resumed run can skip what it already coded without re-running stages.
    doc_meta["input_key"] = content_id(raw)
    if warnings:
        doc_meta["warnings"] = list(warnings)
    return Document(
        raw=raw,
        url=url or None,
        title=title or None,
        outlet=outlet or None,
        published=published,
        language_hint=language_hint or None,
        origin=origin,
        source_id=source_id or None,
        meta=doc_meta,
    )
