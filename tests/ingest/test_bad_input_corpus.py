"""A corpus of bad inputs: every input is coded or listed as skipped with its reason, the
run finishes with exit status 0, and the summary counts both."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from warta.cli import cli
from warta.store import Store

ENGLISH = ("President Joe Biden met President Vladimir Putin in Geneva on Wednesday. "
           "Biden warned Russia against an invasion of Ukraine.")
RECORD = {"text": ENGLISH, "title": "Summit", "published": "2021-06-16", "language": "en"}

# origin (relative to the corpus) -> words the skip reason must contain
EXPECTED_SKIPS = {
    "binary.png": "binary file",
    "empty.txt": "empty file",
    "latin1.txt": "not valid UTF-8",
    "truncated.jsonl.gz": "truncated gzip",
    "broken.jsonl:2": "malformed JSON on line 2",
    "broken.jsonl:3": "not a JSON object",
    "broken.jsonl:4": "neither 'text' nor 'html'",
    "broken.csv:3": "3 fields, the header has 2",
    "broken.csv:4": "empty text",
    "chrome.html": "",  # no main text, or only page chrome: either way, a reason
    "long.txt": "too long",
    "german.txt": "unsupported language",
    "japanese.txt": "unsupported language",
}
EXPECTED_CODED = {"article.txt", "broken.csv:2", "truncated.jsonl.gz:1"}


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "article.txt").write_text(ENGLISH)
    (corpus / "binary.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "latin1.txt").write_bytes("Presiden Jokowi bertemu di café".encode("latin-1"))
    # The same article 2,000 times: coded once, then already coded, until the break.
    archived = {**RECORD, "text": ENGLISH + " Archived."}
    whole = gzip.compress((json.dumps(archived) + "\n").encode() * 2000)
    (corpus / "truncated.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (corpus / "broken.jsonl").write_text("\n".join([
        json.dumps(RECORD), '{"text": "unterminated', "[1, 2, 3]", '{"title": "no text"}',
    ]) + "\n")
    (corpus / "broken.csv").write_text(
        'text,title\n"Biden met Putin in Geneva. They talked about Ukraine.",Geneva\n'
        'a,b,c\n"",empty\n')
    (corpus / "chrome.html").write_text(
        "<html><head><title>x</title><script>var a = 1;</script></head><body><nav>"
        "<a href='/'>Home</a></nav></body></html>")
    (corpus / "long.txt").write_text((ENGLISH + "\n") * 2000)
    (corpus / "german.txt").write_text(
        "Die Bundesregierung hat am Mittwoch neue Sanktionen gegen Russland beschlossen. "
        "Der Kanzler sagte, man werde die Ukraine weiterhin unterstützen.")
    (corpus / "japanese.txt").write_text(
        "日本政府は水曜日、ロシアに対する新たな制裁を決定した。首相はウクライナへの支援を続けると述べた。")
    return corpus


def test_every_bad_input_is_coded_or_skipped_with_a_reason(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    db = str(tmp_path / "events.duckdb")
    result = CliRunner().invoke(cli, ["code", str(corpus), "--db", db, "--max-chars",
                                      "100000", "--log-json", "--quiet"])
    assert result.exit_code == 0, result.output

    with Store(db) as store:
        skipped = {os.path.relpath(row["origin"], corpus): row["reason"]
                   for row in store.query("SELECT origin, reason FROM skipped")}
        coded = {os.path.relpath(row["origin"], corpus)
                 for row in store.query("SELECT origin FROM documents")}
    for origin, words in EXPECTED_SKIPS.items():
        assert words in skipped.get(origin, ""), (origin, skipped.get(origin))
    assert EXPECTED_CODED <= coded
    assert not coded & set(skipped)

    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    summary = next(line for line in lines if line["event"] == "summary")
    assert summary["coded"] == len(coded)
    assert summary["already"] > 100  # the JSONL records, read up to the break
    assert summary["skipped"] == len(skipped)
    assert {line["origin"] for line in lines if line["event"] == "skipped"} == {
        os.path.join(corpus, origin) for origin in skipped}


def test_strict_stops_at_the_first_skipped_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                stub_pipeline) -> None:
    import warta.cli
    import warta.run

    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)
    corpus = make_corpus(tmp_path)
    result = CliRunner().invoke(cli, ["code", str(corpus), "--strict", "--quiet"])
    assert result.exit_code == 1
    # Inputs are read in name order: article.txt is coded, binary.png stops the run.
    assert "binary.png was skipped: binary file" in result.output


@pytest.mark.parametrize("name", ["articles.jsonl.gz", "articles.jsonl.xz",
                                  "articles.jsonl.bz2", "articles.jsonl.zst"])
def test_compressed_jsonl_is_read(tmp_path: Path, name: str) -> None:
    from warta.ingest import read_inputs
    from warta.ingest.compressed import compression_of

    data = (json.dumps(RECORD) + "\n").encode() * 2
    kind = compression_of(name)
    if kind == "gzip":
        packed = gzip.compress(data)
    elif kind == "xz":
        import lzma
        packed = lzma.compress(data)
    elif kind == "bzip2":
        import bz2
        packed = bz2.compress(data)
    else:
        zstandard = pytest.importorskip("zstandard")
        packed = zstandard.ZstdCompressor().compress(data)
    (tmp_path / name).write_bytes(packed)
    items = list(read_inputs([str(tmp_path / name)]))
    assert [type(item).__name__ for item in items] == ["Document", "Document"]
    assert items[0].title == "Summit"  # type: ignore[union-attr]
