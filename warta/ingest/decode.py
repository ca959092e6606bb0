"""Bytes to text: BOM-marked encodings, then strict UTF-8; binary files are recognised."""

from __future__ import annotations

import codecs

from warta.ingest.common import BadInput

# Longest BOM first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control bytes that never occur in text (tab, newline, form feed, carriage return and ESC do).
_TEXT_CONTROLS = {0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_SAMPLE = 8192


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when `data` starts with a byte-order mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes, in the first 8 KB: an image, archive, PDF, ..."""
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
    return bool(sample) and controls / len(sample) > 0.05


def decode_bytes(data: bytes) -> str:
    """The text of `data`, or BadInput naming why it is not text."""
    if not data.strip():
        raise BadInput("empty file")
    marked = bom_encoding(data)
    if marked:
        encoding, skip = marked
        try:
            return data[skip:].decode(encoding)
        except UnicodeDecodeError as err:
            raise BadInput(
                f"undecodable bytes: invalid {encoding} at byte {err.start + skip}; "
                "convert the file to UTF-8"
            ) from None
    if looks_binary(data):
        raise BadInput("binary file: not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        # Compressed or encrypted data was caught above by its control bytes (1 byte in 8 of
        # random data); what is left is text in a legacy encoding (Windows-1252, -1251, ...).
        line = data.count(b"\n", 0, err.start) + 1
        raise BadInput(
            f"undecodable bytes: not valid UTF-8 at byte {err.start} (line {line}); "
            "convert the file to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)"
        ) from None
