"""Compressed and sniffed inputs are decompressed as they are read, and no further than one
document can take: a decompression bomb is refused after reading that much, not all of it."""

from __future__ import annotations

import gzip
import io
import json
import lzma
from pathlib import Path
from typing import IO

import pytest

import warta.ingest.sources as sources
import warta.ingest.streams as streams
from warta.ingest import read_inputs
from warta.ingest.streams import PEEK, document_byte_limit
from warta.model import Document, Skipped

ARTICLE = "Putin met Biden in Geneva. They talked about Ukraine.\n"
# 200 MB of one byte: gzip packs it into about 200 KB.
BOMB_SIZE = 200 * 1024 * 1024


def gzip_bomb() -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as packed:
        chunk = b"a" * (1024 * 1024)
        for _ in range(BOMB_SIZE // len(chunk)):
            packed.write(chunk)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb()


class Counting(io.RawIOBase):
    """A decompressed stream that counts what was taken from it."""

    def __init__(self, stream: IO[bytes]):
        self.stream, self.taken = stream, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.taken += len(data)
        return len(data)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Counting]:
    """Every decompressing stream opened by the readers, counting the bytes read from it."""
    opened: list[Counting] = []
    real = streams.decompressing

    def decompressing(raw: IO[bytes], compression: str) -> IO[bytes]:
        opened.append(Counting(real(raw, compression)))
        return opened[-1]  # type: ignore[return-value]

    monkeypatch.setattr(streams, "decompressing", decompressing)
    real_open = sources.open_decompressed
    monkeypatch.setattr(sources, "open_decompressed",
                        lambda path, compression: decompressing(open(path, "rb"), compression)
                        if compression else real_open(path, compression))
    return opened


def test_a_gzip_bomb_named_as_text_stops_at_the_limit(tmp_path: Path, bomb: bytes,
                                                      counted: list[Counting]) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(bomb)
    [skipped] = read_inputs([str(path)], max_chars=1000)
    limit = document_byte_limit("text", 1000)
    assert skipped == Skipped(str(path), f"too long: more than {limit} bytes once "
                                         "decompressed; raise --max-chars")
    assert counted[0].taken <= limit + 1


@pytest.mark.parametrize("name", ["bomb", "bomb.txt"])
def test_a_bomb_compressed_without_saying_so_stops_at_the_limit(
        tmp_path: Path, bomb: bytes, counted: list[Counting], name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bomb)
    [skipped] = read_inputs([str(path)], max_chars=1000)
    assert skipped.reason.startswith("too long: more than")
    assert counted[0].taken <= PEEK + document_byte_limit("html", 1000)


def test_a_bomb_on_stdin_stops_at_the_limit(bomb: bytes, counted: list[Counting]) -> None:
    [skipped] = read_inputs(["-"], max_chars=1000, stdin=io.BytesIO(bomb))
    assert skipped.origin == "<stdin>" and skipped.reason.startswith("too long")
    assert counted[0].taken <= PEEK + document_byte_limit("html", 1000)


def test_compressed_text_and_html_within_the_limit_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "b.xz").write_bytes(lzma.compress(ARTICLE.encode()))  # sniffed inside
    (tmp_path / "c.txt").write_bytes(gzip.compress(ARTICLE.encode()))  # named as text
    items = list(read_inputs([str(tmp_path)]))
    assert [item.raw for item in items if isinstance(item, Document)] == [ARTICLE] * 3


def test_jsonl_longer_than_a_document_is_streamed_from_stdin(counted: list[Counting]) -> None:
    record = json.dumps({"text": ARTICLE, "title": "Geneva"}) + "\n"
    copies = 2 * PEEK // len(record)  # more than a document may be, far more than the peek
    data = gzip.compress("".join(record.replace("Geneva", f"Geneva {n}")
                                 for n in range(copies)).encode())
    items = list(read_inputs(["-"], max_chars=200, stdin=io.BytesIO(data)))
    assert len(items) == copies and all(isinstance(item, Document) for item in items)
    assert items[-1].title == f"Geneva {copies - 1}"  # type: ignore[union-attr]


def test_a_truncated_jsonl_stream_on_stdin_keeps_what_came_before(tmp_path: Path) -> None:
    record = json.dumps({"text": ARTICLE}) + "\n"
    lines = "".join(record.replace("Geneva", f"Geneva {n}") for n in range(40_000))
    data = gzip.compress(lines.encode())
    items = list(read_inputs(["-"], stdin=io.BytesIO(data[: len(data) // 2])))
    assert isinstance(items[0], Document)
    assert isinstance(items[-1], Skipped) and "truncated gzip" in items[-1].reason


def test_a_plain_text_file_is_not_read_beyond_the_limit(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * 100_000)
    reads: list[int] = []
    real = streams._read

    def recording(stream: IO[bytes], size: int, compression: str | None) -> bytes:
        reads.append(size)
        return real(stream, size, compression)

    monkeypatch.setattr(streams, "_read", recording)
    [skipped] = read_inputs([str(path)], max_chars=100)
    assert skipped.reason == "too long: more than 404 bytes; raise --max-chars"
    assert reads == [405]


def test_a_text_that_begins_like_bzip2_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "bzh.txt"
    path.write_text("BZh is how this article begins. " + ARTICLE)
    [doc] = read_inputs([str(path)])
    assert isinstance(doc, Document) and doc.raw.startswith("BZh is")
