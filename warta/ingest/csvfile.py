"""CSV/TSV of articles: a header row, one article per row, the text in one column.

The text column is `--csv-text-column` or, failing that, the first of TEXT_COLUMNS present;
title, url, published (or date), language, outlet and id columns are read as metadata.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator

from warta.ingest.common import BadInput, make_document, reader_failure
from warta.ingest.html import html_document, looks_like_html
from warta.ingest.metadata import Warnings, date_field
from warta.model import Document, Skipped

TEXT_COLUMNS = ("text", "body", "content", "article", "bodyText", "body_text", "html")
METADATA = {
    "title": ("title", "headline", "webTitle"),
    "url": ("url", "link", "webUrl"),
    "published": ("published", "date", "webPublicationDate", "publication_date"),
    "language": ("language", "lang"),
    "outlet": ("outlet", "source", "publisher"),
    "id": ("id",),
}

# Article bodies are longer than csv's default field limit of 128 KB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv_lines(
    lines: Iterable[str],
    origin: str,
    *,
    text_column: str | None,
    max_chars: int,
    published: str | None,
    lang: str | None,
    delimiter: str = ",",
) -> Iterator[Document | Skipped]:
    """One item per data row of `lines` (a file's lines, or io.StringIO(text, newline="")); a
    malformed row is skipped with its line number."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield Skipped(origin, "empty file")
        return
    except csv.Error as err:
        yield Skipped(origin, f"malformed CSV header: {err}")
        return
    column = _text_column(header, text_column)
    if column is None:
        wanted = text_column or " or ".join(TEXT_COLUMNS[:3])
        yield Skipped(origin, f"CSV has no text column {wanted!r} (columns: "
                              f"{', '.join(header[:12])}); name it with --csv-text-column")
        return
    meta_columns = {key: next((header.index(c) for c in names if c in header), None)
                    for key, names in METADATA.items()}
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            # The reader cannot resynchronise after a broken quote: the rest is unreadable.
            yield Skipped(f"{origin}:{reader.line_num}",
                          f"malformed CSV on line {reader.line_num}: {err}; the rest of the "
                          "file was not read")
            return
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        where = f"{origin}:{line}"
        if len(row) != len(header):
            yield Skipped(where, f"malformed CSV on line {line}: {len(row)} fields, the "
                                 f"header has {len(header)}")
            continue
        try:
            yield _row_document(row, column, meta_columns, where, max_chars=max_chars,
                                published=published, lang=lang)
        except BadInput as bad:
            yield Skipped(where, f"line {line}: {bad.reason}")
        except Exception as err:  # one row that breaks a parser is that row's problem
            yield Skipped(where, f"line {line}: {reader_failure(err)}")
    if rows == 0:
        yield Skipped(origin, "CSV has a header but no rows")


def _text_column(header: list[str], wanted: str | None) -> int | None:
    names = [wanted] if wanted else list(TEXT_COLUMNS)
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _row_document(row: list[str], column: int, meta: dict[str, int | None], where: str, *,
                  max_chars: int, published: str | None, lang: str | None) -> Document:
    def get(key: str) -> str | None:
        index = meta[key]
        return row[index].strip() or None if index is not None else None

    text = row[column]
    if not text.strip():
        raise BadInput("empty text")
    warnings: Warnings = []
    published = date_field(get("published"), "published", published, warnings)
    lang = get("language") or lang
    if looks_like_html(text):
        return html_document(text, where, fmt="csv", max_chars=max_chars, published=published,
                             language_hint=lang, known={"url": get("url"), "title": get("title"),
                                                        "outlet": get("outlet"),
                                                        "source_id": get("id")},
                             warnings=warnings)
    return make_document(text, where, fmt="csv", max_chars=max_chars, published=published,
                         language_hint=lang, url=get("url"), title=get("title"),
                         outlet=get("outlet"), warnings=warnings, source_id=get("id"))
