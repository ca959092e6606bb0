"""`warta code`: outputs, idempotent runs, skips that never stop a run, exit statuses.

All but the last test code with the stub pipeline of conftest.py (fast and deterministic); the
last runs the real pipeline on the founding article and is skipped while it cannot load.
"""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import warta.cli
import warta.run
from warta.cli import cli
from warta.store import Store

MEETING = "Putin met Biden. The talks lasted two hours."
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "vovworld-putin-biden.id.txt"


@pytest.fixture(autouse=True)
def stub(monkeypatch: pytest.MonkeyPatch, stub_pipeline) -> None:
    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "meeting.txt").write_text(MEETING, encoding="utf-8")
    (root / "talks.txt").write_text("Jokowi met Putin.", encoding="utf-8")
    return root


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and "0.1.0" in result.output


def test_summary_shows_each_documents_events(corpus: Path) -> None:
    result = run("code", str(corpus / "meeting.txt"), "--published", "2021-12-08")

    assert result.exit_code == 0
    for expected in ("CONSULT / 040", "RUSGOV", "Putin", "USAGOV", "Biden", "2021-12-08",
                     "asserted", "diplomacy"):
        assert expected in result.stdout
    assert "1 document coded, 1 event, 0 skipped, 0 already coded" in result.output


def test_format_jsonl_writes_records_to_stdout_and_status_to_stderr(corpus: Path) -> None:
    result = run("code", str(corpus), "--format", "jsonl")

    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0
    assert [r["type"]["plover"] for r in records] == ["CONSULT", "CONSULT"]
    assert records[0]["provenance"]["origin"] == str(corpus / "meeting.txt")
    assert "2 documents coded, 2 events" in result.stderr


def test_out_writes_jsonl_and_prints_no_tables(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"

    result = run("code", str(corpus), "--out", str(out))

    assert result.exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert "CONSULT" not in result.output
    assert "2 documents coded" in result.output


def test_second_run_with_db_codes_nothing_again(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "events.duckdb")

    first = run("code", str(corpus), "--db", db)
    second = run("code", str(corpus), "--db", db, "--quiet")

    assert first.exit_code == second.exit_code == 0
    assert "0 documents coded, 0 events, 0 skipped, 2 already coded" in second.output
    assert "CONSULT" not in second.output
    with Store(db) as store:
        counts = store.counts()
        runs = store.query("SELECT argv, n_coded, n_already FROM runs ORDER BY id")
    assert (counts["documents"], counts["events"], counts["runs"]) == (2, 2, 2)
    assert [(r["n_coded"], r["n_already"]) for r in runs] == [(2, 0), (0, 2)]
    assert json.loads(runs[1]["argv"]) == ["code", str(corpus), f"--db={db}", "--quiet"]


def test_bad_inputs_are_skipped_listed_and_recorded_with_exit_0(
        corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_text("")
    (corpus / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "latin.txt").write_text("Lorem ipsum dolor sit amet.")  # stub: unsupported
    (corpus / "crash.txt").write_text("CRASH the pipeline.")
    (corpus / "bad.jsonl").write_text('{"text": "Biden met Putin."}\n{oops\n')
    missing = str(tmp_path / "missing.txt")
    db = str(tmp_path / "events.duckdb")

    result = run("code", str(corpus), missing, "--db", db)

    assert result.exit_code == 0
    assert "3 documents coded, 3 events, 6 skipped, 0 already coded" in result.output
    for reason in (
        "empty.txt: empty file",
        "image.png: binary file: not text",
        "latin.txt: unsupported language: la",
        "crash.txt: internal error: RuntimeError: stage exploded",
        "bad.jsonl:2: malformed JSON on line 2",
        "missing.txt: no such file",
    ):
        assert reason in result.output
    with Store(db) as store:
        assert store.counts()["skipped"] == 6


def test_quiet_prints_only_the_tally(corpus: Path) -> None:
    (corpus / "empty.txt").write_text("")
    result = run("code", str(corpus), "--quiet")
    assert result.output.strip() == "2 documents coded, 2 events, 1 skipped, 0 already coded"


def test_stdin_jsonl(tmp_path: Path) -> None:
    lines = '{"id": "a", "text": "Putin met Biden."}\n{"id": "b", "text": "Biden met Jokowi."}\n'
    result = run("code", "-", "--format", "jsonl", "--lang", "en", stdin=lines)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["provenance"]["origin"] for r in records] == ["<stdin>:1", "<stdin>:2"]
    assert records[0]["provenance"]["language"] == "en"


def test_out_in_missing_directory_exits_2_naming_the_file(corpus: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "no-such-dir" / "events.jsonl")
    result = run("code", str(corpus), "--out", out)
    assert result.exit_code == 2
    assert out in result.output and "does not exist; create it first" in result.output


def test_out_that_is_a_directory_exits_2(corpus: Path, tmp_path: Path) -> None:
    result = run("code", str(corpus), "--out", str(tmp_path))
    assert result.exit_code == 2 and "it is a directory" in result.output


def test_out_without_permission_exits_2(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = str(tmp_path / "events.jsonl")
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if str(file) == out:
            raise PermissionError(13, "Permission denied", out)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)  # root ignores chmod
    result = run("code", str(corpus), "--out", out)
    assert result.exit_code == 2
    assert out in result.output and "permission denied" in result.output


def test_db_in_missing_directory_exits_2_naming_the_file(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "no-such-dir" / "events.duckdb")
    result = run("code", str(corpus), "--db", db)
    assert result.exit_code == 2
    assert db in result.output and "does not exist; create it first" in result.output


def test_db_that_is_not_a_database_exits_2(corpus: Path) -> None:
    result = run("code", str(corpus), "--db", str(corpus / "meeting.txt"))
    assert result.exit_code == 2 and "is not a DuckDB database" in result.output


def test_invalid_published_date_is_a_usage_error(corpus: Path) -> None:
    result = run("code", str(corpus), "--published", "last Tuesday")
    assert result.exit_code == 2 and "use YYYY-MM-DD" in result.output


def test_pipeline_that_cannot_load_stops_the_run_with_exit_1(
        corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise warta.cli.CannotCode("cannot load warta's pipeline: resources missing")

    monkeypatch.setattr(warta.run, "make_pipeline", broken)
    result = run("code", str(corpus))
    assert result.exit_code == 1 and "cannot load warta's pipeline" in result.output


def test_already_coded_run_does_not_load_the_pipeline(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "events.duckdb")
    assert run("code", str(corpus), "--db", db).exit_code == 0

    def unavailable() -> None:
        raise AssertionError("the pipeline was loaded")

    monkeypatch.setattr(warta.run, "make_pipeline", unavailable)
    assert run("code", str(corpus), "--db", db).exit_code == 0


def test_founding_article_with_the_real_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        from warta.pipeline import default_pipeline

        pipeline = default_pipeline()
    except Exception as err:  # the NLP stages are being written in parallel
        pytest.skip(f"real pipeline not loadable yet: {err}")
    monkeypatch.setattr(warta.run, "make_pipeline", lambda: pipeline)

    result = run("code", str(EXAMPLE), "--published", "2021-12-08", "--format", "jsonl")

    assert result.exit_code == 0, result.output
    assert "1 document coded" in result.stderr, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert "CONSULT" in {r["type"]["plover"] for r in records}


def test_same_input_twice_in_one_run_is_coded_once_with_db(corpus: Path, tmp_path: Path) -> None:
    meeting = str(corpus / "meeting.txt")
    result = run("code", meeting, meeting, "--db", str(tmp_path / "events.duckdb"), "-q")
    assert "1 document coded, 1 event, 0 skipped, 1 already coded" in result.output


def test_documents_the_store_refuses_are_counted_as_skipped(corpus: Path, tmp_path: Path) -> None:
    (corpus / "meeting.txt").write_text("SAMEID Putin met Biden.")
    (corpus / "talks.txt").write_text("SAMEID Jokowi met Putin.")
    result = run("code", str(corpus), "--db", str(tmp_path / "events.duckdb"), "-q")
    assert result.exit_code == 0
    assert "1 document coded, 1 event, 1 skipped, 0 already coded" in result.output
