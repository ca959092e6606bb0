"""Paths, directories and stdin to Documents: every input is read or skipped with a reason."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import BinaryIO

from warta.ingest.common import BadInput
from warta.ingest.decode import bom_encoding, decode_bytes, looks_binary
from warta.ingest.html import html_document, looks_like_html
from warta.ingest.jsonl import looks_like_jsonl, read_jsonl_lines
from warta.ingest.text import text_document
from warta.model import Document, Skipped

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
TEXT_EXTENSIONS = frozenset({".txt", ".text"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})

Item = Document | Skipped


def read_inputs(
    paths: list[str],
    *,
    published: str | None = None,
    lang: str | None = None,
    max_chars: int = 2_000_000,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Documents from files, directories (recursively, sorted, hidden files left out) and `-`.

    `published` and `lang` apply to every input; a JSONL record's own `published` and
    `language` take precedence for that record.
    """
    options = {"published": published, "lang": lang, "max_chars": max_chars}
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(stdin, **options)
        elif os.path.isdir(path):
            yield from _read_directory(path, **options)
        else:
            yield from read_file(path, **options)


def _read_directory(
    root: str, *, published: str | None, lang: str | None, max_chars: int,
) -> Iterator[Item]:
    """Files under `root` in a deterministic order, without hidden files and directories."""
    errors: list[OSError] = []  # os.walk reports unreadable directories here and walks on
    for directory, subdirs, files in os.walk(root, onerror=errors.append):
        yield from _drain(errors, root)
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(directory, name)
            if os.path.exists(path) and not os.path.isfile(path):
                # A FIFO or device found by walking would block or never end; skip it.
                yield Skipped(path, "not a regular file")
                continue
            yield from read_file(path, published=published, lang=lang, max_chars=max_chars)
    yield from _drain(errors, root)


def _drain(errors: list[OSError], root: str) -> Iterator[Skipped]:
    while errors:
        err = errors.pop(0)
        yield Skipped(str(err.filename or root), _os_reason(err))


def read_file(
    path: str, *, published: str | None, lang: str | None, max_chars: int,
) -> Iterator[Item]:
    """The document(s) in one file: several for JSONL, one for text and HTML."""
    try:
        kind = _format_of(path)
        if kind == "jsonl":
            yield from _read_jsonl_file(path, published=published, lang=lang,
                                        max_chars=max_chars)
        else:
            with open(path, "rb") as handle:
                data = handle.read()
            yield from _items_from_bytes(data, path, kind, published=published, lang=lang,
                                         max_chars=max_chars)
    except BadInput as bad:
        yield Skipped(path, bad.reason)
    except OSError as err:
        yield Skipped(path, _os_reason(err))


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if isinstance(err, PermissionError):
        return "unreadable: permission denied; check the file's permissions"
    return f"unreadable: {err.strerror or err}"


def _format_of(path: str) -> str:
    if os.path.isdir(path):
        raise IsADirectoryError(path)
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    extension = os.path.splitext(path)[1].lower()
    if extension in JSONL_EXTENSIONS:
        return "jsonl"
    if extension in HTML_EXTENSIONS:
        return "html"
    if extension in TEXT_EXTENSIONS:
        return "text"
    return "sniff"


def _read_jsonl_file(
    path: str, *, published: str | None, lang: str | None, max_chars: int,
) -> Iterator[Item]:
    with open(path, "rb") as handle:
        start = handle.read(8192)
        handle.seek(0)
        marked = bom_encoding(start)
        if not marked and looks_binary(start):
            raise BadInput("binary file: not text")
        if marked and marked[0] != "utf-8":
            # Line splitting on bytes only works for UTF-8; UTF-16/32 files are decoded whole.
            lines: list[str] | BinaryIO = decode_bytes(handle.read()).splitlines()
        else:
            lines = handle  # streamed: JSONL files can hold millions of articles
        yield from read_jsonl_lines(lines, path, published=published, lang=lang,
                                    max_chars=max_chars)


def _read_stdin(
    stdin: BinaryIO | None, *, published: str | None, lang: str | None, max_chars: int,
) -> Iterator[Item]:
    try:
        data = (stdin or sys.stdin.buffer).read()
        yield from _items_from_bytes(data, STDIN_ORIGIN, "sniff", published=published,
                                     lang=lang, max_chars=max_chars)
    except BadInput as bad:
        yield Skipped(STDIN_ORIGIN, bad.reason)


def _items_from_bytes(
    data: bytes, origin: str, kind: str, *, published: str | None, lang: str | None,
    max_chars: int,
) -> Iterator[Item]:
    """One document, or many when sniffed content is JSONL (every line a JSON object)."""
    text = decode_bytes(data)
    if kind == "sniff" and looks_like_jsonl(text):
        yield from read_jsonl_lines(text.splitlines(), origin, published=published, lang=lang,
                                    max_chars=max_chars)
    elif kind == "html" or (kind == "sniff" and looks_like_html(text)):
        yield html_document(text, origin, published=published, language_hint=lang,
                            max_chars=max_chars)
    else:
        yield text_document(text, origin, max_chars=max_chars, published=published,
                            language_hint=lang)
