"""Plain text, directories, stdin and every way a file can be bad."""

from __future__ import annotations

import builtins
import codecs
import io
from pathlib import Path

import pytest

from warta.ingest import read_inputs
from warta.model import Document, Skipped, content_id

ARTICLE = (
    "Presiden Joko Widodo bertemu Perdana Menteri Jepang Fumio Kishida di Jakarta pada hari "
    "Senin. Kedua pemimpin membahas kerja sama maritim.\n"
)


def read(paths: list[str], **options) -> list[Document | Skipped]:
    return list(read_inputs(paths, **options))


def write(path: Path, content: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def test_text_file_becomes_a_document_with_cli_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "jokowi.txt", ARTICLE)

    [doc] = read([path], published="2021-12-08", lang="id")

    assert isinstance(doc, Document)
    assert doc.raw == ARTICLE
    assert doc.origin == path
    assert doc.published == "2021-12-08"
    assert doc.language_hint == "id"
    assert doc.id == ""  # the pipeline sets it from the cleaned text
    assert doc.meta == {"format": "text", "input_key": content_id(ARTICLE)}


def test_input_key_does_not_depend_on_where_the_text_came_from(tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", ARTICLE)
    second = write(tmp_path / "copy" / "b", ARTICLE)

    docs = read([first, second, "-"], stdin=io.BytesIO(ARTICLE.encode()))

    assert len({doc.meta["input_key"] for doc in docs}) == 1
    assert [doc.origin for doc in docs] == [first, second, "<stdin>"]


def test_unknown_extension_that_decodes_as_text_is_text(tmp_path: Path) -> None:
    [doc] = read([write(tmp_path / "note.md", ARTICLE)])
    assert isinstance(doc, Document) and doc.meta["format"] == "text"


def test_directory_is_read_recursively_in_sorted_order_without_hidden_files(
        tmp_path: Path) -> None:
    write(tmp_path / "b.txt", ARTICLE + "b")
    write(tmp_path / "a.txt", ARTICLE + "a")
    write(tmp_path / "sub" / "c.txt", ARTICLE + "c")
    write(tmp_path / ".hidden.txt", ARTICLE)
    write(tmp_path / ".git" / "d.txt", ARTICLE)

    origins = [item.origin for item in read([str(tmp_path)])]

    assert origins == [str(tmp_path / n) for n in ("a.txt", "b.txt", "sub/c.txt")]


def test_stdin_text(tmp_path: Path) -> None:
    [doc] = read(["-"], stdin=io.BytesIO(ARTICLE.encode()), lang="id")
    assert isinstance(doc, Document)
    assert (doc.raw, doc.origin, doc.language_hint) == (ARTICLE, "<stdin>", "id")


def test_stdin_jsonl_when_every_line_is_an_object() -> None:
    data = b'{"id": 1, "text": "Putin met Biden."}\n\n{"id": 2, "text": "Biden met Putin."}\n'

    docs = read(["-"], stdin=io.BytesIO(data))

    assert [d.origin for d in docs] == ["<stdin>:1", "<stdin>:3"]
    assert [d.source_id for d in docs] == ["1", "2"]  # a number id kept as written


def test_stdin_text_that_merely_starts_with_a_brace_stays_text() -> None:
    text = "{Catatan redaksi} Presiden bertemu menteri.\nIni baris kedua.\n"
    [doc] = read(["-"], stdin=io.BytesIO(text.encode()))
    assert isinstance(doc, Document) and doc.meta["format"] == "text"


def test_empty_stdin_is_skipped() -> None:
    assert read(["-"], stdin=io.BytesIO(b"")) == [Skipped("<stdin>", "empty file")]


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", codecs.BOM_UTF8 + b"\n"])
def test_empty_file_is_skipped(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "empty.txt", content)
    assert read([path]) == [Skipped(path, "empty file")]


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",  # NUL bytes
    bytes(range(1, 0x100)) * 8,  # like compressed data: every byte value but NUL
    b"\x01\x02\x03\x04\x05\x06\x07abc" * 50,  # control bytes
])
def test_binary_file_is_skipped(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "photo.txt", content)
    [skipped] = read([path])
    assert skipped == Skipped(path, "binary file: not text")


def test_legacy_encoded_cyrillic_is_undecodable_not_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "ru.txt", "Путин провёл переговоры с Байденом.".encode("cp1251"))
    [skipped] = read([path])
    assert skipped.reason.startswith("undecodable bytes: not valid UTF-8 at byte 0 (line 1)")


def test_undecodable_bytes_are_skipped_with_the_fix(tmp_path: Path) -> None:
    text = "Judul\nMenteri Luar Negeri menyambut délégation asing."
    path = write(tmp_path / "latin1.txt", text.encode("latin-1"))

    [skipped] = read([path])

    assert isinstance(skipped, Skipped)
    assert skipped.reason.startswith("undecodable bytes: not valid UTF-8 at byte 37 (line 2)")
    assert "convert the file to UTF-8" in skipped.reason


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_byte_order_marked_text_is_decoded(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = write(tmp_path / "bom.txt", bom + ARTICLE.encode(encoding))
    [doc] = read([path])
    assert isinstance(doc, Document) and doc.raw == ARTICLE


def test_bad_utf16_after_its_bom_is_undecodable(tmp_path: Path) -> None:
    lone_surrogate = b"\x00\xd8"
    path = write(tmp_path / "broken.txt",
                 codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + lone_surrogate)
    [skipped] = read([path])
    assert skipped.reason.startswith("undecodable bytes: invalid utf-16-le")


def test_too_long_document_is_skipped_with_the_fix(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", "x" * 30)
    assert read([path], max_chars=10) == [
        Skipped(path, "too long: 30 characters > limit 10; raise --max-chars")
    ]
    assert isinstance(read([path], max_chars=30)[0], Document)


def test_missing_path_is_skipped(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    assert read([missing]) == [Skipped(missing, "no such file")]


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod does not stop root (tests may run as root), so refuse the open itself.
    path = write(tmp_path / "secret.txt", ARTICLE)
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if str(file) == path:
            raise PermissionError(13, "Permission denied", path)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)

    [skipped] = read([path])

    assert skipped == Skipped(path, "unreadable: permission denied; check the file's permissions")


def test_one_bad_input_does_not_stop_the_others(tmp_path: Path) -> None:
    good = write(tmp_path / "b.txt", ARTICLE)
    write(tmp_path / "a.bin", b"\x00\x01\x02")
    items = read([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [type(i).__name__ for i in items] == ["Skipped", "Document", "Skipped"]
    assert items[1].origin == good


def test_databases_and_the_runs_own_outputs_in_an_input_directory_are_left_out(
        tmp_path: Path) -> None:
    article = write(tmp_path / "corpus" / "a.txt", ARTICLE)
    write(tmp_path / "corpus" / "events.duckdb", b"DUCK\x00\x00" * 10)
    write(tmp_path / "corpus" / "events.duckdb.wal", b"\x01\x02WAL")
    write(tmp_path / "corpus" / "events.duckdb.tmp" / "duckdb_temp_storage-0.tmp", b"x")
    out = write(tmp_path / "corpus" / "events.jsonl", '{"id": "e1", "type": {}}\n')
    write(tmp_path / "corpus" / "parts" / "events" / "p-0.jsonl", '{"id": "e2"}\n')
    items = read([str(tmp_path / "corpus")],
                 outputs=(out, str(tmp_path / "corpus" / "parts"), "-"))
    assert [item.origin for item in items] == [article]
