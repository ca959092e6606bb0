"""Paths, directories and stdin to Documents: every input is read or skipped with a reason."""

from __future__ import annotations

import fnmatch
import io
import os
import sys
from collections.abc import Iterator
from typing import BinaryIO

from warta.ingest.common import BadInput, reader_failure
from warta.ingest.compressed import compression_of, inner_name, iterate_lines, open_decompressed
from warta.ingest.csvfile import read_csv_lines
from warta.ingest.decode import bom_encoding, decode_bytes, looks_binary
from warta.ingest.jsonl import read_jsonl_lines
from warta.ingest.streams import read_stream
from warta.ingest.warc import is_warc, read_warc
from warta.model import Document, Skipped

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
TEXT_EXTENSIONS = frozenset({".txt", ".text"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
CSV_EXTENSIONS = {".csv": ",", ".tsv": "\t"}
# warta's own files (a --db database and its write-ahead log, DuckDB's spill directory) are
# never articles: a database kept beside the corpus is left out like a hidden file.
STORE_SUFFIXES = (".duckdb", ".duckdb.wal", ".wal")
STORE_DIRECTORY_SUFFIXES = (".duckdb.tmp",)

Item = Document | Skipped


def read_inputs(
    paths: list[str],
    *,
    published: str | None = None,
    lang: str | None = None,
    max_chars: int = 2_000_000,
    stdin: BinaryIO | None = None,
    csv_text_column: str | None = None,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    outputs: tuple[str, ...] = (),
) -> Iterator[Item]:
    """Documents from files, directories (recursively, sorted, hidden files left out) and `-`.

    `published` and `lang` apply to every input; a JSONL record's own `published` and
    `language` take precedence for that record. Files of a directory are read when their
    name or path matches an `include` glob (all, without any) and no `exclude` glob; the
    run's own `outputs` (its --db, its --out) and DuckDB files are left out.

    Never raises for an input: whatever goes wrong reading one (a damaged archive, a bug in a
    parser) becomes a Skipped item naming it, and the next input is read.
    """
    options = {"published": published, "lang": lang, "max_chars": max_chars}
    own = frozenset(os.path.realpath(path) for path in outputs if path and path != STDIN)
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(stdin, **options)
        elif os.path.isdir(path):
            for file in _walk(path, include, exclude, own):
                yield from read_file(file, csv_text_column=csv_text_column, **options)
        else:
            yield from read_file(path, csv_text_column=csv_text_column, **options)


def _wanted(path: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    name = os.path.basename(path)

    def matches(pattern: str) -> bool:
        return fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(path, pattern)

    return (not include or any(map(matches, include))) and not any(map(matches, exclude))


def _walk(root: str, include: tuple[str, ...], exclude: tuple[str, ...],
          own: frozenset[str] = frozenset()) -> Iterator[str | Skipped]:
    for item in _read_directory_paths(root, own):
        if isinstance(item, Skipped) or _wanted(item, include, exclude):
            yield item


def _read_directory_paths(root: str, own: frozenset[str] = frozenset()
                          ) -> Iterator[str | Skipped]:
    """Files under `root` in a deterministic order, without hidden files and directories,
    warta's own files and the run's outputs."""
    errors: list[OSError] = []  # os.walk reports unreadable directories here and walks on
    for directory, subdirs, files in os.walk(root, onerror=errors.append):
        yield from _drain(errors, root)
        subdirs[:] = sorted(
            d for d in subdirs if not d.startswith(".")
            and not d.lower().endswith(STORE_DIRECTORY_SUFFIXES)
            and os.path.realpath(os.path.join(directory, d)) not in own)
        for name in sorted(files):
            if name.startswith(".") or name.lower().endswith(STORE_SUFFIXES):
                continue
            path = os.path.join(directory, name)
            if own and os.path.realpath(path) in own:
                continue
            if os.path.exists(path) and not os.path.isfile(path):
                # A FIFO or device found by walking would block or never end; skip it.
                yield Skipped(path, "not a regular file")
                continue
            yield path
    yield from _drain(errors, root)


def _drain(errors: list[OSError], root: str) -> Iterator[Skipped]:
    while errors:
        err = errors.pop(0)
        yield Skipped(str(err.filename or root), _os_reason(err))


def read_file(
    path: str | Skipped, *, published: str | None, lang: str | None, max_chars: int,
    csv_text_column: str | None = None,
) -> Iterator[Item]:
    """The document(s) in one file: several for JSONL, CSV and WARC, one for text and HTML.

    This is the input boundary: no exception from reading one file escapes it.
    """
    if isinstance(path, Skipped):  # found unreadable while walking a directory
        yield path
        return
    options = {"published": published, "lang": lang, "max_chars": max_chars}
    try:
        kind = _format_of(path)
        if kind == "warc":
            yield from read_warc(path, **options)
        elif kind.startswith("compressed:"):
            yield from _read_compressed(path, kind.split(":", 1)[1],
                                        csv_text_column=csv_text_column, **options)
        elif kind.startswith("csv"):
            with open(path, "rb") as handle:
                text = decode_bytes(handle.read())
            yield from read_csv_lines(io.StringIO(text, newline=""), path,
                                      text_column=csv_text_column,
                                      delimiter=CSV_EXTENSIONS["." + kind[3:]], **options)
        elif kind == "jsonl":
            yield from _read_jsonl_file(path, **options)
        else:
            with open(path, "rb") as handle:
                yield from read_stream(handle, path, kind, compression=None, **options)
    except BadInput as bad:
        yield Skipped(path, bad.reason)
    except OSError as err:
        yield Skipped(path, _os_reason(err))
    except Exception as err:  # a parser's bug on malformed input must not end the run
        yield Skipped(path, reader_failure(err))


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
    if is_warc(path):
        return "warc"  # before compression: a .warc.gz is gzipped record by record
    compression = compression_of(path)
    if compression:
        return f"compressed:{compression}"
    return _kind_by_name(path)


def _kind_by_name(path: str) -> str:
    extension = os.path.splitext(path)[1].lower()
    if extension in CSV_EXTENSIONS:
        return "csv" + extension[1:]
    if extension in JSONL_EXTENSIONS:
        return "jsonl"
    if extension in HTML_EXTENSIONS:
        return "html"
    if extension in TEXT_EXTENSIONS:
        return "text"
    return "sniff"


def _read_compressed(
    path: str, compression: str, *, published: str | None, lang: str | None, max_chars: int,
    csv_text_column: str | None,
) -> Iterator[Item]:
    """A compressed file: JSONL and CSV are streamed line by line (a dump may be large), other
    formats decompressed as they are read, and no further than one document can take."""
    kind = _kind_by_name(inner_name(path))
    damage: list[str] = []
    with open_decompressed(path, compression) as stream:
        if kind == "jsonl":
            lines = iterate_lines(stream, compression, damage)
            for item in read_jsonl_lines(lines, path, published=published, lang=lang,
                                         max_chars=max_chars):
                # Nothing readable before the damage: the damage is the one reason to give.
                if not (damage and isinstance(item, Skipped) and item.origin == path):
                    yield item
        elif kind.startswith("csv"):
            text_lines = (line.decode("utf-8", "replace")
                          for line in iterate_lines(stream, compression, damage))
            yield from read_csv_lines(text_lines, path, text_column=csv_text_column,
                                      max_chars=max_chars, published=published, lang=lang,
                                      delimiter=CSV_EXTENSIONS["." + kind[3:]])
        else:
            yield from read_stream(stream, path, kind, compression=compression,
                                   published=published, lang=lang, max_chars=max_chars)
    if damage:
        yield Skipped(path, damage[0])


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
    """Streamed like a file: `warta code - < dump.jsonl.gz` never holds the dump in memory."""
    try:
        yield from read_stream(stdin or sys.stdin.buffer, STDIN_ORIGIN, "sniff",
                               compression=None, published=published, lang=lang,
                               max_chars=max_chars)
    except BadInput as bad:
        yield Skipped(STDIN_ORIGIN, bad.reason)
    except OSError as err:
        yield Skipped(STDIN_ORIGIN, _os_reason(err))
    except Exception as err:  # as for files: the input boundary
        yield Skipped(STDIN_ORIGIN, reader_failure(err))
