"""Compressed inputs (.gz, .bz2, .xz, .zst): read through a decompressing stream.

The format inside is the name without the compression suffix ("articles.jsonl.gz" is JSONL).
A truncated or corrupt archive yields what could be read and then one skipped item naming
the damage, so that a half-downloaded dump still codes everything before the break.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import zlib
from collections.abc import Callable, Iterator
from typing import IO

from warta.ingest.common import BadInput

COMPRESSIONS: dict[str, str] = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bzip2", ".xz": "xz",
                                ".zst": "zstd", ".zstd": "zstd"}
MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"),
         (b"\x28\xb5\x2f\xfd", "zstd"))

# Errors a damaged stream raises part-way through, by library.
DAMAGE: tuple[type[BaseException], ...] = (EOFError, OSError, zlib.error, lzma.LZMAError,
                                          ValueError)


def compression_of(path: str) -> str | None:
    for suffix, name in COMPRESSIONS.items():
        if path.lower().endswith(suffix):
            return name
    return None


def compression_by_magic(data: bytes) -> str | None:
    """Compressed data given without its suffix (stdin, a file named .txt)."""
    for magic, name in MAGIC:
        if data.startswith(magic):
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
    opener: Callable[[str], IO[bytes]]
    if compression == "gzip":
        opener = gzip.open  # type: ignore[assignment]
    elif compression == "bzip2":
        opener = bz2.open  # type: ignore[assignment]
    elif compression == "xz":
        opener = lzma.open  # type: ignore[assignment]
    elif compression == "zstd":
        opener = _open_zstd
    else:
        raise BadInput(f"unsupported compression {compression}")
    return opener(path)


def decompress_bytes(data: bytes, compression: str, limit: int) -> bytes:
    """All of `data` decompressed, at most `limit` bytes (a decompression bomb stops there)."""
    import io

    stream: IO[bytes]
    if compression == "gzip":
        stream = gzip.GzipFile(fileobj=io.BytesIO(data))
    elif compression == "bzip2":
        stream = bz2.BZ2File(io.BytesIO(data))
    elif compression == "xz":
        stream = lzma.LZMAFile(io.BytesIO(data))
    else:
        stream = _zstd_reader(io.BytesIO(data))
    return read_limited(stream, compression, limit)


def read_limited(stream: IO[bytes], compression: str, limit: int) -> bytes:
    try:
        data = stream.read(limit + 1)
    except DAMAGE as err:
        raise BadInput(damaged(compression, err)) from None
    if len(data) > limit:
        raise BadInput(f"too long: more than {limit} bytes once decompressed; raise --max-chars")
    return data


def damaged(compression: str, err: BaseException, after: str = "") -> str:
    what = "truncated" if isinstance(err, EOFError) else "corrupt"
    return (f"{what} {compression} data{after}: {err or type(err).__name__}; download or "
            "copy the file again")


def iterate_lines(stream: IO[bytes], compression: str, origin: str,
                  on_damage: list[str]) -> Iterator[bytes]:
    """The stream's lines; damage part-way ends the lines and leaves its reason in
    `on_damage` (a generator cannot both stop and return a value to a `yield from`)."""
    number = 0
    try:
        for number, line in enumerate(stream, start=1):  # noqa: B007
            yield line
    except DAMAGE as err:
        on_damage.append(damaged(compression, err, f" after line {number}"))


def _open_zstd(path: str) -> IO[bytes]:
    return _zstd_reader(open(path, "rb"))  # noqa: SIM115 - the reader owns the file


def _zstd_reader(raw: IO[bytes]) -> IO[bytes]:
    try:
        import zstandard
    except ImportError:
        raise BadInput("zstd-compressed: install the zstandard package to read it") from None
    import io

    return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw))  # type: ignore[arg-type]
