"""One byte stream to items: a text or HTML document, or content to sniff (stdin, a file
without a known extension, a compressed file of either).

Reading is bounded: a single document is never read beyond the bytes its --max-chars
characters can take, so a decompression bomb or a huge file is refused after reading that
much, not after reading it all. Sniffed JSONL, which may hold millions of articles, is
streamed line by line instead.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import IO

from warta.ingest.common import BadInput
from warta.ingest.compressed import (
    DAMAGE,
    Replay,
    compression_by_magic,
    damaged,
    decompressing,
    iterate_lines,
    read_limited,
    too_long,
)
from warta.ingest.decode import bom_encoding, decode_bytes
from warta.ingest.html import MARKUP_FACTOR, html_document, looks_like_html
from warta.ingest.jsonl import looks_like_jsonl, read_jsonl_lines
from warta.ingest.text import text_document
from warta.model import Document, Skipped

Item = Document | Skipped

# Bytes read to decide what sniffed content is; a JSONL stream's first record must end
# within them to be streamed (a longer first record is still read, within the bound).
PEEK = 1 << 20
# A character is at most 4 bytes (UTF-8, or UTF-32 after its 4-byte mark).
BYTES_PER_CHAR = 4


def document_byte_limit(kind: str, max_chars: int) -> int:
    """The most bytes a document of `kind` within --max-chars can take."""
    chars = max_chars if kind == "text" else MARKUP_FACTOR * max_chars  # HTML: markup too
    return BYTES_PER_CHAR * chars + BYTES_PER_CHAR


def read_stream(
    stream: IO[bytes], origin: str, kind: str, *, compression: str | None,
    published: str | None, lang: str | None, max_chars: int,
) -> Iterator[Item]:
    """The items of `stream` (kind "text", "html" or "sniff"), decompressed as it is read."""
    limit = document_byte_limit(kind, max_chars)
    head = _read(stream, min(PEEK, limit + 1), compression)
    found = compression_by_magic(head) if compression is None else None
    if found:
        # Compressed without saying so in its name (stdin, a file named .txt): read inside.
        inner = decompressing(io.BufferedReader(Replay(head, stream)), found)
        yield from read_stream(inner, origin, kind, compression=found, published=published,
                               lang=lang, max_chars=max_chars)
        return
    if kind == "sniff" and len(head) == min(PEEK, limit + 1) and opens_jsonl(head):
        yield from _jsonl_stream(head, stream, origin, compression, published=published,
                                 lang=lang, max_chars=max_chars)
        return
    if len(head) > limit:
        raise BadInput(too_long(limit, compression))
    data = head + read_limited(stream, compression, limit - len(head))
    yield from items_from_bytes(data, origin, kind, published=published, lang=lang,
                                max_chars=max_chars)


def opens_jsonl(head: bytes) -> bool:
    """The first line is complete and a JSON object, in UTF-8 (lines are split on bytes)."""
    marked = bom_encoding(head)
    if marked and marked[0] != "utf-8":
        return False
    line, newline, _ = head.partition(b"\n")
    if not newline:
        return False
    try:
        return isinstance(json.loads(line.removeprefix(b"\xef\xbb\xbf")), dict)
    except (ValueError, RecursionError):
        return False


def items_from_bytes(
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


def _jsonl_stream(head: bytes, stream: IO[bytes], origin: str, compression: str | None, *,
                  published: str | None, lang: str | None, max_chars: int) -> Iterator[Item]:
    whole = io.BufferedReader(Replay(head, stream))
    damage: list[str] = []
    lines = iterate_lines(whole, compression, damage) if compression else whole
    yield from read_jsonl_lines(lines, origin, published=published, lang=lang,
                                max_chars=max_chars)
    if damage:
        yield Skipped(origin, damage[0])


def _read(stream: IO[bytes], size: int, compression: str | None) -> bytes:
    try:
        return stream.read(size)
    except DAMAGE as err:
        if compression is None:
            raise  # an unreadable file: the caller names the OS error
        raise BadInput(damaged(compression, err)) from None
