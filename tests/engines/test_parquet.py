"""--format parquet: partitions that hold the JSONL records, and resume from the directory."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import warta.cli
import warta.run
from warta.cli import cli
from warta.engines.parquet import ParquetSink


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub_pipeline) -> Path:
    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)
    root = tmp_path / "corpus"
    root.mkdir()
    for n in range(30):
        (root / f"{n:02d}.txt").write_text(f"Putin met Biden {n}. Jokowi met Putin {n}.")
    (root / "latin.txt").write_text("Lorem ipsum.")
    return root


def rows(directory: Path, kind: str) -> list[dict]:
    parts = sorted((directory / kind).glob("*.parquet"))
    return [row for part in parts for row in pq.read_table(part).to_pylist()]


def test_parquet_holds_the_jsonl_records_and_a_rerun_codes_nothing(corpus: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["code", str(corpus), "--out", str(out), "--format", "parquet",
                                "-q"])
    assert first.exit_code == 0, first.output
    assert "30 documents coded, 60 events, 1 skipped" in first.output
    jsonl = runner.invoke(cli, ["code", str(corpus), "--format", "jsonl", "-q"])
    expected = sorted(json.dumps(json.loads(line), sort_keys=True)
                      for line in jsonl.stdout.splitlines())
    assert sorted(row["record"] for row in rows(out, "events")) == expected
    assert len(rows(out, "documents")) == 30
    assert rows(out, "skipped")[0]["reason"] == "unsupported language: la"

    again = runner.invoke(cli, ["code", str(corpus), "--out", str(out), "--format", "parquet",
                                "-q"])
    assert "0 documents coded, 0 events, 1 skipped, 30 already coded" in again.output
    assert len(rows(out, "events")) == 60


def test_a_batch_cut_short_is_removed_and_coded_again(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["code", str(corpus), "--out", str(out), "--format", "parquet"])
    # As if killed between the events part and its documents part of a second batch.
    [events_part] = (out / "events").glob("*.parquet")
    [documents_part] = (out / "documents").glob("*.parquet")
    documents_part.unlink()
    (out / "documents" / "part-x.parquet.tmp").write_bytes(b"half")

    sink = ParquetSink(str(out))
    assert not events_part.exists() and not list((out / "documents").iterdir())
    sink.close()
    result = CliRunner().invoke(cli, ["code", str(corpus), "--out", str(out), "--format",
                                      "parquet", "-q"])
    assert "30 documents coded, 60 events" in result.output
    assert len(rows(out, "events")) == 60


def test_parquet_needs_an_out_directory(corpus: Path) -> None:
    result = CliRunner().invoke(cli, ["code", str(corpus), "--format", "parquet"])
    assert result.exit_code == 2
    assert "--format parquet needs --out DIRECTORY" in result.output
