"""Metadata an input gives and warta cannot use is left out with a warning per field, kept in
the store and the summary; under --strict the input is skipped with the reason instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import warta.cli
import warta.run
from warta.cli import cli
from warta.ingest import read_inputs
from warta.model import Document, Skipped
from warta.store import Store

TEXT = "Putin met Biden in Geneva."
# The audit's four values (issue 13, item 5), each on its own record, and a good record.
RECORDS = [
    {"text": TEXT + " One.", "published": 20170328},
    {"text": TEXT + " Two.", "published": "2021-13-45"},
    {"text": TEXT + " Three.", "title": 42},
    {"text": TEXT + " Four.", "url": 7},
    {"text": TEXT + " Five.", "published": "2021-06-16", "title": "Geneva",
     "url": "https://news.example/geneva"},
]


def write_jsonl(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def messages(doc: Document | Skipped) -> list[str]:
    assert isinstance(doc, Document)
    return [w["message"] for w in doc.meta.get("warnings", [])]


def test_each_unusable_field_is_left_out_with_a_warning(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", RECORDS)
    one, two, three, four, five = read_inputs([path], published="2021-12-08")
    assert one.published == "2021-12-08"  # the --published default, as before
    assert messages(one) == ["published: 20170328 is a int, not a date string (YYYY-MM-DD); "
                             "used 2021-12-08 (--published) instead"]
    assert messages(two) == ["published: '2021-13-45' is not a date (YYYY-MM-DD); used "
                             "2021-12-08 (--published) instead"]
    assert three.title is None
    assert messages(three) == ["title: 42 is a int, not a string; left out"]
    assert four.url is None and messages(four) == ["url: 7 is a int, not a string; left out"]
    assert messages(five) == [] and five.published == "2021-06-16"


def test_without_a_default_the_date_is_left_out(tmp_path: Path) -> None:
    [doc] = read_inputs([write_jsonl(tmp_path / "a.jsonl", RECORDS[1:2])])
    assert doc.published is None
    assert messages(doc) == ["published: '2021-13-45' is not a date (YYYY-MM-DD); left out"]


def test_a_csv_date_that_is_not_a_date_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f'text,published\n"{TEXT}",2021-13-45\n', encoding="utf-8")
    [doc] = read_inputs([str(path)])
    assert messages(doc) == ["published: '2021-13-45' is not a date (YYYY-MM-DD); left out"]


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch, stub_pipeline) -> None:
    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)


def test_warnings_are_stored_and_summarised(tmp_path: Path, stubbed: None) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", RECORDS)
    db = str(tmp_path / "events.duckdb")
    result = CliRunner().invoke(cli, ["code", path, "--db", db])
    assert result.exit_code == 0, result.output
    assert "5 documents coded, 5 events, 0 skipped, 0 already coded; 4 metadata warnings" in (
        result.output)
    assert f"warning {path}:3: title: 42 is a int, not a string; left out" in result.output
    with Store(db) as store:
        rows = store.query("SELECT origin, field, value FROM warnings ORDER BY origin")
    assert [(r["origin"], r["field"], r["value"]) for r in rows] == [
        (f"{path}:1", "published", "20170328"), (f"{path}:2", "published", "'2021-13-45'"),
        (f"{path}:3", "title", "42"), (f"{path}:4", "url", "7")]
    again = CliRunner().invoke(cli, ["code", path, "--db", db, "--log-json", "--quiet"])
    with Store(db) as store:
        assert store.counts()["warnings"] == 4  # recorded once, with the document
    assert json.loads(again.output.strip().splitlines()[-1])["warnings"] == 0


def test_warnings_are_logged_as_json(tmp_path: Path, stubbed: None) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", RECORDS[2:3])
    result = CliRunner().invoke(cli, ["code", path, "--log-json", "--quiet"])
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    wanted = {"event": "warning", "origin": f"{path}:1",
              "message": "title: 42 is a int, not a string; left out"}
    # Each line also carries its time and level; the warning's own fields are what is checked.
    assert any(wanted.items() <= line.items() for line in lines), lines
    assert lines[-1]["event"] == "summary" and lines[-1]["warnings"] == 1


def test_strict_skips_the_input_with_the_reason(tmp_path: Path, stubbed: None) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [RECORDS[4], RECORDS[0]])
    db = str(tmp_path / "events.duckdb")
    result = CliRunner().invoke(cli, ["code", path, "--db", db, "--strict", "--quiet"])
    assert result.exit_code == 1
    assert f"{path}:2 was skipped: metadata not usable: published: 20170328" in result.output
    with Store(db) as store:
        [row] = store.query("SELECT origin, reason FROM skipped")
        assert store.counts()["documents"] == 1
    assert row["origin"] == f"{path}:2" and "is a int, not a date string" in row["reason"]
