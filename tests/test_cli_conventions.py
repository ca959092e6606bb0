"""The conventions every `warta` command keeps (README, "Command-line conventions"): exit
statuses when nothing could be coded, a handful of tables by default, `python -m warta`,
`--quiet` everywhere, one `--db` rule, timestamped `--log-json` lines.

`warta code` runs with the stub pipeline of conftest.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import warta.run
from warta.cli import TABLES_SHOWN, cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def stub(monkeypatch: pytest.MonkeyPatch, stub_pipeline) -> None:
    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def articles(root: Path, n: int) -> Path:
    root.mkdir(exist_ok=True)
    for i in range(n):
        (root / f"article{i:02d}.txt").write_text(f"Putin met Biden in round {i}.")
    return root


# -- exit statuses ---------------------------------------------------------------------------


def test_a_missing_input_alone_exits_1_saying_why(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    result = run("code", missing)
    assert result.exit_code == 1
    assert "the only input was skipped, nothing was coded" in result.output
    assert f"{missing}: no such file" in result.output


def test_every_input_skipped_exits_1_after_listing_them(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    db = str(tmp_path / "events.duckdb")
    result = run("code", str(tmp_path / "empty.txt"), str(tmp_path / "image.png"), "--db", db)
    assert result.exit_code == 1
    assert "0 documents coded, 0 events, 2 skipped" in result.output
    assert "skipped " + str(tmp_path / "image.png") in result.output  # the list comes first
    assert "every input was skipped (all 2), nothing was coded" in result.output


def test_an_empty_directory_exits_1(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    result = run("code", str(tmp_path / "corpus"))
    assert result.exit_code == 1
    assert "nothing to code" in result.output


def test_some_inputs_skipped_still_exits_0(tmp_path: Path) -> None:
    corpus = articles(tmp_path / "corpus", 1)
    result = run("code", str(corpus), str(tmp_path / "missing.txt"), "-q")
    assert result.exit_code == 0
    assert result.output.strip() == "1 document coded, 1 event, 1 skipped, 0 already coded"


def test_a_run_that_finds_everything_already_coded_exits_0(tmp_path: Path) -> None:
    corpus, db = articles(tmp_path / "corpus", 2), str(tmp_path / "events.duckdb")
    assert run("code", str(corpus), "--db", db, "-q").exit_code == 0
    again = run("code", str(corpus), "--db", db, "-q")
    assert again.exit_code == 0 and "2 already coded" in again.output


def test_log_json_ends_a_run_that_coded_nothing_with_an_error_line(tmp_path: Path) -> None:
    result = run("code", str(tmp_path / "missing.txt"), "--log-json", "-q")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [(line["event"], line["level"]) for line in lines] == [
        ("skipped", "warning"), ("summary", "info"), ("error", "error")]
    assert all(line["time"].endswith("Z") for line in lines)


# -- tables ----------------------------------------------------------------------------------


def tables_in(output: str) -> int:
    return output.count("PLOVER / CAMEO")  # one header row per document table


def test_only_a_handful_of_tables_then_how_many_more_and_how_to_see_them(
        tmp_path: Path) -> None:
    corpus, db = articles(tmp_path / "corpus", TABLES_SHOWN + 3), str(tmp_path / "x.duckdb")
    result = run("code", str(corpus), "--db", db)
    assert result.exit_code == 0
    assert tables_in(result.output) == TABLES_SHOWN
    assert "... and 3 more documents coded, tables not shown: add --table" in result.output
    assert f"warta serve --db {db}" in result.output
    assert f"{TABLES_SHOWN + 3} documents coded" in result.output  # the summary, always


def test_table_prints_every_document(tmp_path: Path) -> None:
    corpus = articles(tmp_path / "corpus", TABLES_SHOWN + 3)
    result = run("code", str(corpus), "--table")
    assert tables_in(result.output) == TABLES_SHOWN + 3
    assert "more documents" not in result.output


def test_few_documents_print_no_more_line(tmp_path: Path) -> None:
    result = run("code", str(articles(tmp_path / "corpus", 2)))
    assert tables_in(result.output) == 2 and "more document" not in result.output


def test_table_with_jsonl_on_stdout_is_a_usage_error(tmp_path: Path) -> None:
    result = run("code", str(articles(tmp_path / "corpus", 1)), "--table", "--format", "jsonl")
    assert result.exit_code == 2 and "--table prints on stdout" in result.output


# -- python -m warta -------------------------------------------------------------------------


def test_python_dash_m_warta() -> None:
    version = subprocess.run([sys.executable, "-m", "warta", "--version"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and "warta, version 0.1.0" in version.stdout
    usage = subprocess.run([sys.executable, "-m", "warta", "code"], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "Usage: warta code" in usage.stderr


# -- --quiet and --db on every command -------------------------------------------------------


def commands() -> list[click.Command]:
    assert isinstance(cli, click.Group)
    return [cli.commands[name] for name in sorted(cli.commands)]


def option(command: click.Command, flag: str) -> click.Option | None:
    for param in command.params:
        if isinstance(param, click.Option) and flag in param.opts:
            return param
    return None


@pytest.mark.parametrize("command", commands(), ids=lambda c: c.name)
def test_every_command_takes_quiet(command: click.Command) -> None:
    quiet = option(command, "--quiet")
    assert quiet is not None and quiet.is_flag and "-q" in quiet.opts


@pytest.mark.parametrize("command", [c for c in commands() if option(c, "--db")],
                         ids=lambda c: c.name)
def test_every_db_option_is_the_same(command: click.Command) -> None:
    db = option(command, "--db")
    assert db is not None
    default = db.to_info_dict()["default"]
    assert (db.name, db.metavar, default, db.opts) == ("db_path", "FILE.duckdb", None, ["--db"])
    assert db.required is (command.name != "code")  # `warta code` may run without a store


def test_the_commands_that_read_a_database_take_db() -> None:
    assert {c.name for c in commands() if option(c, "--db")} == {
        "cluster", "code", "compare", "export", "serve", "watch"}


@pytest.mark.parametrize("command", [["cluster"], ["compare", "abc"],
                                     ["export", "--format", "csv"], ["serve"]])
def test_a_missing_database_is_the_same_error_everywhere(
        tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "none.duckdb"
    result = run(*command, "--db", str(path))
    assert result.exit_code == 2
    assert (f"--db: no database at {str(path)!r}; code articles into it first with: "
            f"warta code ARTICLES --db {path}") in result.output
    assert not path.exists()


@pytest.mark.parametrize("command", [["cluster"], ["compare", "abc"],
                                     ["export", "--format", "csv"], ["serve"], ["watch", "x"]])
def test_db_is_required_where_a_command_needs_a_database(
        tmp_path: Path, command: list[str]) -> None:
    if command[0] == "watch":
        (tmp_path / "x").write_text("")
        command = ["watch", str(tmp_path / "x")]
    result = run(*command)
    assert result.exit_code == 2 and "Missing option '--db'" in result.output


def test_a_file_that_is_not_a_database_is_the_same_error_for_reading_commands(
        tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    for command in (["cluster"], ["export", "--format", "csv"], ["code", str(text)]):
        result = run(*command, "--db", str(text))
        assert result.exit_code == 2, command
        assert "--db: " in result.output and "is not a DuckDB database" in result.output


@pytest.fixture
def coded_db(tmp_path: Path) -> str:
    db = str(tmp_path / "events.duckdb")
    assert run("code", str(articles(tmp_path / "corpus", 2)), "--db", db, "-q").exit_code == 0
    return db


def test_quiet_export_writes_the_events_and_says_nothing(coded_db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    loud = run("export", "--db", coded_db, "--format", "csv", "--out", str(out))
    assert loud.exit_code == 0 and "events written" in loud.output
    quiet = run("export", "--db", coded_db, "--format", "csv", "--out", str(out), "-q")
    assert quiet.exit_code == 0 and quiet.output == "" and out.stat().st_size > 0


def test_quiet_cluster_prints_the_summary_line_only(coded_db: str) -> None:
    loud = run("cluster", "--db", coded_db, "--rebuild")
    quiet = run("cluster", "--db", coded_db, "--rebuild", "--quiet")
    assert loud.exit_code == quiet.exit_code == 0
    assert "Most reported events" in loud.output
    assert "Most reported events" not in quiet.output
    assert quiet.output.strip().splitlines() == [loud.output.strip().splitlines()[0]]


def test_quiet_serve_logs_only_warnings(coded_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import warta.api.server

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(warta.api.server, "serve", lambda db, **kw: calls.append(kw))
    assert run("serve", "--db", coded_db, "-q").exit_code == 0
    assert calls[0]["log_level"] == "warning"
