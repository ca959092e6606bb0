"""JSONL of articles: one JSON object per line with `text` or `html` and optional metadata."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from warta.ingest.common import BadInput, make_document, reader_failure
from warta.ingest.html import html_document
from warta.ingest.metadata import Warnings, date_field, id_field, string_field
from warta.model import Document, Skipped


def looks_like_jsonl(text: str) -> bool:
    """Every non-empty line opens a JSON object and the first one parses as one.

    Stricter than "starts with {" so that a text beginning with a brace stays text, looser than
    "every line parses" so that one corrupt line in a JSONL stream is reported by line number
    instead of turning the whole stream into a single text document.
    """
    first = True
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith("{"):
            return False
        if first:
            try:
                if not isinstance(json.loads(line), dict):
                    return False
            except ValueError:
                return False
            first = False
    return not first


def read_jsonl_lines(
    lines: Iterable[bytes | str],
    origin: str,
    *,
    max_chars: int,
    published: str | None = None,
    lang: str | None = None,
) -> Iterator[Document | Skipped]:
    """One item per non-empty line; a bad line is skipped with its number, the rest still read."""
    seen = False
    for number, line in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if isinstance(line, bytes):
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 BOM is not part of the JSON
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as err:
                seen = True
                yield Skipped(where, f"undecodable bytes on line {number}: not valid UTF-8 at "
                              f"byte {err.start}; convert the file to UTF-8")
                continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        seen = True
        try:
            yield record_document(line, where, number, max_chars=max_chars,
                                  published=published, lang=lang)
        except BadInput as bad:
            yield Skipped(where, bad.reason)
        except Exception as err:  # one record that breaks a parser is that record's problem
            yield Skipped(where, reader_failure(err))
    if not seen:
        yield Skipped(origin, "empty file")


def record_document(
    line: str,
    where: str,
    number: int,
    *,
    max_chars: int,
    published: str | None,
    lang: str | None,
) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise BadInput(f"malformed JSON on line {number}: {err.msg} (column {err.colno})"
                       ) from None
    except RecursionError:
        raise BadInput(f"malformed JSON on line {number}: nested too deeply") from None
    if not isinstance(record, dict):
        raise BadInput(f"line {number} is not a JSON object but a {type(record).__name__}")
    text, html = record.get("text"), record.get("html")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise BadInput(f"line {number}: '{key}' must be a string, not "
                           f"{type(value).__name__}")
    warnings: Warnings = []
    known = _metadata(record, warnings)
    # The record's own date and language describe this article; the CLI values are defaults.
    published = date_field(record.get("published"), "published", published, warnings)
    lang = string_field(record.get("language"), "language", warnings, lang)
    if text and text.strip():
        return make_document(text, where, fmt="jsonl", max_chars=max_chars,
                             published=published, language_hint=lang, url=known["url"],
                             title=known["title"], outlet=known["outlet"], meta=known["meta"],
                             warnings=warnings, source_id=known["source_id"])
    if html and html.strip():
        return html_document(html, where, fmt="jsonl", max_chars=max_chars,
                             published=published, language_hint=lang, known=known,
                             warnings=warnings)
    raise BadInput(f"line {number}: record has neither 'text' nor 'html'")


def _metadata(record: dict[str, Any], warnings: Warnings) -> dict[str, Any]:
    return {
        # The record's own id (a string, or a number as written): the document's source_id.
        "source_id": id_field(record.get("id"), warnings),
        "url": string_field(record.get("url"), "url", warnings),
        "title": string_field(record.get("title"), "title", warnings),
        "outlet": string_field(record.get("outlet"), "outlet", warnings),
        "meta": {},
    }
