"""Compressed inputs (.gz, .bz2, .xz, .zst): read through a decompressing stream.

The format inside is the name without the compression suffix ("articles.jsonl.gz" is JSONL).
A truncated or corrupt archive yields what could be read and then one skipped item naming
the damage, so that a half-downloaded dump still codes everything before the break.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from collections.abc import Iterator
from typing import IO

from warta.ingest.common import BadInput

COMPRESSIONS: dict[str, str] = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bzip2", ".xz": "xz",
                                ".zst": "zstd", ".zstd": "zstd"}
MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"),
         (b"\x28\xb5\x2f\xfd", "zstd"))
_BZIP2_MARKERS = (b"1AY&SY", b"\x17rE8P\x90")

# Errors a damaged stream raises part-way through, by library.
DAMAGE: tuple[type[BaseException], ...] = (EOFError, OSError, zlib.error, lzma.LZMAError,
                                          ValueError)
try:
    from zstandard import ZstdError  # not a ValueError: a corrupt frame is reported as damage

    DAMAGE += (ZstdError,)
except ImportError:  # zstd inputs are then refused by name (see _zstd_reader)
    pass


def compression_of(path: str) -> str | None:
    for suffix, name in COMPRESSIONS.items():
        if path.lower().endswith(suffix):
            return name
    return None


def compression_by_magic(data: bytes) -> str | None:
    """Compressed data given without its suffix (stdin, a file named .txt)."""
    for magic, name in MAGIC:
        # "BZh" alone could begin a text: a bzip2 stream goes on with a block or end marker.
        if data.startswith(magic) and (name != "bzip2" or data[4:10] in _BZIP2_MARKERS):
            return name
    return None


def inner_name(path: str) -> str:
    """"a/articles.jsonl.gz" -> "a/articles.jsonl"."""
    lower = path.lower()
    for suffix in COMPRESSIONS:
        if lower.endswith(suffix):
            return path[: -len(suffix)]
    return path


def open_decompressed(path: str, compression: str) -> IO[bytes]:
    """A binary stream of the decompressed content of `path`."""
    return decompressing(open(path, "rb"), compression)  # the stream owns it


def decompressing(raw: IO[bytes], compression: str) -> IO[bytes]:
    """A binary stream of the decompressed content of `raw`, read as it is consumed: nothing
    is decompressed ahead of the reader, so a decompression bomb costs only what is read."""
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if compression == "bzip2":
        return bz2.BZ2File(raw)  # type: ignore[return-value]
    if compression == "xz":
        return lzma.LZMAFile(raw)  # type: ignore[return-value]
    if compression == "zstd":
        return _zstd_reader(raw)
    raise BadInput(f"unsupported compression {compression}")


class Replay(io.RawIOBase):
    """`head` (bytes already read to sniff the content), then the rest of `stream`: a stream
    that cannot seek back (stdin) is read once."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def] - the io API
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_limited(stream: IO[bytes], compression: str | None, limit: int) -> bytes:
    """At most `limit` bytes of `stream`, or BadInput as soon as there are more: reading stops
    at the limit, whatever the stream would expand to."""
    try:
        data = stream.read(limit + 1)
    except DAMAGE as err:
        if compression is None:
            raise
        raise BadInput(damaged(compression, err)) from None
    if len(data) > limit:
        raise BadInput(too_long(limit, compression))
    return data


def too_long(limit: int, compression: str | None) -> str:
    where = " once decompressed" if compression else ""
    return f"too long: more than {limit} bytes{where}; raise --max-chars"


def damaged(compression: str, err: BaseException, after: str = "") -> str:
    what = "truncated" if isinstance(err, EOFError) else "corrupt"
    return (f"{what} {compression} data{after}: {err or type(err).__name__}; download or "
            "copy the file again")


def iterate_lines(stream: IO[bytes], compression: str, on_damage: list[str]
                  ) -> Iterator[bytes]:
    """The stream's lines; damage part-way ends the lines and leaves its reason in
    `on_damage` (a generator cannot both stop and return a value to a `yield from`)."""
    number = 0
    try:
        for number, line in enumerate(stream, start=1):  # noqa: B007
            yield line
    except DAMAGE as err:
        on_damage.append(damaged(compression, err, f" after line {number}"))


def _open_zstd(path: str) -> IO[bytes]:
    return _zstd_reader(open(path, "rb"))  # the reader owns the file


def _zstd_reader(raw: IO[bytes]) -> IO[bytes]:
    try:
        import zstandard
    except ImportError:
        raise BadInput("zstd-compressed: install the zstandard package to read it") from None
    return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw))  # type: ignore[arg-type]
