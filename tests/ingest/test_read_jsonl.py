"""JSONL of articles: one record per line; a bad line is skipped by number, the rest read."""

from __future__ import annotations

import json
from pathlib import Path

from warta.ingest import read_inputs
from warta.model import Document, Skipped, content_id

PUTIN = "Presiden Rusia Vladimir Putin dan Presiden AS Joe Biden mengadakan konferensi virtual."
BIDEN = "US President Joe Biden warned Russia of strong economic measures."


def write_lines(path: Path, lines: list[str | dict]) -> str:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def test_records_become_documents_with_their_metadata(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "articles.jsonl", [
        {"id": "vov-1", "text": PUTIN, "url": "https://vovworld.vn/x", "title": "Putin-Biden",
         "published": "2021-12-08T10:00:00Z", "outlet": "VOV World", "language": "id"},
        {"text": BIDEN},
    ])

    first, second = read_inputs([path], lang="en", published="2021-12-09")

    assert isinstance(first, Document)
    assert (first.raw, first.origin, first.url, first.title, first.outlet) == (
        PUTIN, f"{path}:1", "https://vovworld.vn/x", "Putin-Biden", "VOV World")
    # The record's own date and language win over the command line's defaults.
    assert (first.published, first.language_hint) == ("2021-12-08", "id")
    # The record's own id is kept as the document's source_id.
    assert first.source_id == "vov-1"
    assert first.meta == {"format": "jsonl", "input_key": content_id(PUTIN)}
    assert (second.origin, second.published, second.language_hint) == (
        f"{path}:2", "2021-12-09", "en")
    assert second.source_id is None


def test_html_record_is_extracted_and_record_metadata_wins(tmp_path: Path) -> None:
    html = ("<html><head><title>Page title</title></head><body><article><p>" + BIDEN +
            " The White House said the call lasted two hours.</p></article></body></html>")
    path = write_lines(tmp_path / "pages.ndjson", [{"html": html, "title": "Record title"}])

    [doc] = read_inputs([path])

    assert doc.title == "Record title"
    assert BIDEN in doc.raw and "<p>" not in doc.raw
    assert doc.origin == f"{path}:1" and doc.meta["format"] == "jsonl"


def test_malformed_line_is_skipped_by_number_and_other_lines_still_read(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "articles.jsonl", [
        {"text": PUTIN}, '{"text": "unterminated', {"text": BIDEN},
    ])

    items = list(read_inputs([path]))

    assert [type(item).__name__ for item in items] == ["Document", "Skipped", "Document"]
    assert items[1] == Skipped(
        f"{path}:2", "malformed JSON on line 2: Unterminated string starting at (column 10)")


def test_line_that_is_not_an_object_is_skipped(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "articles.jsonl", ['["a", "list"]', {"text": PUTIN}])
    first, second = read_inputs([path])
    assert first == Skipped(f"{path}:1", "line 1 is not a JSON object but a list")
    assert isinstance(second, Document)


def test_record_without_text_or_html_is_skipped(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "articles.jsonl", [
        {"id": 7, "title": "No body"}, {"text": "   ", "html": ""}, {"text": 42},
    ])
    assert list(read_inputs([path])) == [
        Skipped(f"{path}:1", "line 1: record has neither 'text' nor 'html'"),
        Skipped(f"{path}:2", "line 2: record has neither 'text' nor 'html'"),
        Skipped(f"{path}:3", "line 3: 'text' must be a string, not int"),
    ]


def test_blank_lines_are_ignored_and_empty_file_is_skipped(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "sparse.jsonl", ["", {"text": PUTIN}, "   "])
    assert [d.origin for d in read_inputs([path])] == [f"{path}:2"]
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert list(read_inputs([str(empty)])) == [Skipped(str(empty), "empty file")]


def test_too_long_record_is_skipped(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "articles.jsonl", [{"text": PUTIN}])
    [skipped] = read_inputs([path], max_chars=20)
    assert skipped == Skipped(
        f"{path}:1", f"too long: {len(PUTIN)} characters > limit 20; raise --max-chars")


def test_undecodable_line_is_skipped_and_other_lines_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(json.dumps({"text": PUTIN}).encode() + b"\n" +
                     '{"text": "délégation"}'.encode("latin-1") + b"\n")

    first, second = read_inputs([str(path)])

    assert isinstance(first, Document)
    assert second.origin == f"{path}:2"
    assert second.reason.startswith("undecodable bytes on line 2")


def test_utf8_bom_before_the_first_record_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": PUTIN}).encode() + b"\n")
    [doc] = read_inputs([str(path)])
    assert isinstance(doc, Document) and doc.raw == PUTIN


def test_binary_file_with_jsonl_extension_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00")
    assert list(read_inputs([str(path)])) == [Skipped(str(path), "binary file: not text")]


def test_jsonl_is_sniffed_without_a_jsonl_extension(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "export.json", [{"text": PUTIN}, {"text": BIDEN}])
    assert [d.origin for d in read_inputs([path])] == [f"{path}:1", f"{path}:2"]
