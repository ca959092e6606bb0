"""A run killed with SIGKILL and started again ends with exactly the records of a run that was
never interrupted; a further run codes nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest

STUBS = Path(__file__).resolve().parent / "engines"  # engine_stub.py, importable by workers
N_DOCUMENTS = 150
LATIN = 3  # documents the stub skips (unsupported language): numbers 7, 57 and 107

# The CLI with the stub pipeline, slowed down by WARTA_TEST_DELAY (so that the kill lands
# mid-run), in this process and in engine workers, and a store that commits every 10
# documents (so that several commits precede the kill).
DRIVER = """
import functools, sys
sys.path.insert(0, {stubs!r})
import warta.cli
import warta.run
from engine_stub import SlowStubPipeline
from warta.engines import make_engine
from warta.store import Store

warta.run.make_pipeline = SlowStubPipeline
warta.cli.make_engine = functools.partial(make_engine, factory="engine_stub:SlowStubPipeline")
warta.cli.Store = functools.partial(Store, batch_size=10)
if __name__ == "__main__":  # engine workers are spawned and import this file again
    warta.cli.main()
"""


def write_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    for n in range(N_DOCUMENTS):
        if n % 50 == 7:
            text = f"Lorem ipsum {n}."  # skipped by the stub
        else:
            text = f"Putin met Biden {n}. Jokowi met Putin {n}."
        (corpus / f"{n:04d}.txt").write_text(text)
    (corpus / "empty.txt").write_text("")
    return corpus


def command(root: Path, corpus: Path, db: Path, engine: str = "local") -> list[str]:
    driver = root / "driver.py"
    driver.write_text(DRIVER.format(stubs=str(STUBS)))
    return [sys.executable, str(driver), "code", str(corpus), "--db", str(db),
            "--published", "2021-12-08", "--quiet", "--log-json", "--engine", engine,
            "--workers", "2"]


def slowed(delay: float) -> dict[str, str]:
    return {**os.environ, "WARTA_TEST_DELAY": str(delay)}


def events(db: Path) -> set[tuple[str, str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT id, document_id, record FROM events").fetchall()
        n_docs = con.execute("SELECT count(*) FROM documents").fetchone()
        assert n_docs is not None
    records = {(event_id, doc_id, json.dumps(json.loads(rec), sort_keys=True))
               for event_id, doc_id, rec in rows}
    assert len(records) == len(rows)  # no duplicate rows
    return records


def summary(stderr: str) -> dict:
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    return next(line for line in lines if line["event"] == "summary")


@pytest.mark.parametrize("engine", ["local", "process"])
def test_run_killed_midway_and_restarted_matches_an_uninterrupted_run(
        tmp_path: Path, engine: str) -> None:
    corpus = write_corpus(tmp_path)
    reference_db, resumed_db = tmp_path / "reference.duckdb", tmp_path / "resumed.duckdb"
    done = subprocess.run(command(tmp_path, corpus, reference_db), capture_output=True,
                          text=True, timeout=60, check=True, env=slowed(0))
    assert summary(done.stderr)["coded"] == N_DOCUMENTS - LATIN

    same = command(tmp_path, corpus, resumed_db, engine)
    run = subprocess.Popen(same, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                           env=slowed(0.03))
    assert run.stderr is not None
    deadline = time.monotonic() + 60
    progressed = 0
    for line in run.stderr:  # progress lines arrive every half second
        record = json.loads(line) if line.startswith("{") else {}
        progressed = record.get("documents", progressed)
        if record.get("event") == "progress" and progressed >= 50:
            break
        assert time.monotonic() < deadline, "the run made no progress"
    workers = psutil.Process(run.pid).children(recursive=True)
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=10)
    assert run.returncode == -signal.SIGKILL
    # Orphaned workers notice and exit instead of coding on for nobody.
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive
    assert 50 <= progressed < N_DOCUMENTS + 1, "the kill did not land mid-run"

    interrupted = events(resumed_db)
    assert 0 < len(interrupted) < len(events(reference_db))

    # The same command; only the stub is no longer slowed down.
    again = subprocess.run(same, capture_output=True, text=True, timeout=60, check=True,
                           env=slowed(0))
    first_resume = summary(again.stderr)
    assert 0 < first_resume["already"] < N_DOCUMENTS  # picked up where the kill left off
    assert events(resumed_db) == events(reference_db)

    third = subprocess.run(same, capture_output=True, text=True, timeout=60, check=True,
                           env=slowed(0))
    assert summary(third.stderr)["coded"] == 0
    assert summary(third.stderr)["already"] == N_DOCUMENTS - LATIN
    assert events(resumed_db) == events(reference_db)


def test_output_that_fills_up_exits_2_and_leaves_a_consistent_store(
        tmp_path: Path, monkeypatch, stub_pipeline) -> None:
    from click.testing import CliRunner

    import warta.cli
    import warta.run
    from warta.store import Store

    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)
    corpus = write_corpus(tmp_path)
    db = tmp_path / "events.duckdb"
    args = ["code", str(corpus), "--db", str(db), "-q"]
    full = CliRunner().invoke(warta.cli.cli, [*args, "--out", "/dev/full"])
    assert full.exit_code == 2
    assert "cannot write --out '/dev/full'" in full.output
    with Store(str(db)) as store:  # opens, and every stored document has all its events
        stored = store.query("SELECT d.n_events, count(e.id) AS n FROM documents d "
                             "LEFT JOIN events e ON e.document_id = d.id GROUP BY d.id, d.n_events")
    assert all(row["n_events"] == row["n"] for row in stored)
    # Starting again codes the rest; the store ends with every document exactly once.
    again = CliRunner().invoke(warta.cli.cli, args)
    assert again.exit_code == 0
    with Store(str(db)) as store:
        assert store.counts()["documents"] == N_DOCUMENTS - LATIN


def runs(db: Path) -> list[tuple[str | None, bool]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT status, finished_at IS NOT NULL FROM runs ORDER BY id")
        return rows.fetchall()


@pytest.mark.parametrize("engine", ["local", "process"])
def test_ctrl_c_exits_130_marks_the_run_and_the_same_command_goes_on(
        tmp_path: Path, engine: str) -> None:
    corpus = write_corpus(tmp_path)
    reference_db, db = tmp_path / "reference.duckdb", tmp_path / "events.duckdb"
    subprocess.run(command(tmp_path, corpus, reference_db), capture_output=True, text=True,
                   timeout=60, check=True, env=slowed(0))
    same = command(tmp_path, corpus, db, engine)
    # Its own process group, as a terminal's foreground job: Ctrl-C reaches the workers too.
    run = subprocess.Popen(same, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                           env=slowed(0.03), start_new_session=True)
    assert run.stderr is not None
    deadline = time.monotonic() + 60
    for line in run.stderr:
        record = json.loads(line) if line.startswith("{") else {}
        if record.get("event") == "progress" and record["documents"] >= 30:
            break
        assert time.monotonic() < deadline, "the run made no progress"
    os.killpg(run.pid, signal.SIGINT)
    rest = run.stderr.read()
    assert run.wait(timeout=60) == 130, rest
    assert '"interrupted": true' in rest
    assert "to go on, run the same command again" in rest and "warta code" in rest
    assert runs(db) == [("interrupted", True)]
    stopped = events(db)
    assert 0 < len(stopped) < len(events(reference_db))  # what was coded is kept

    again = subprocess.run(same, capture_output=True, text=True, timeout=60, check=True,
                           env=slowed(0))
    assert summary(again.stderr)["already"] > 0
    assert events(db) == events(reference_db)
    assert runs(db) == [("interrupted", True), ("finished", True)]


def test_ctrl_c_without_a_database_says_that_nothing_records_progress(
        tmp_path: Path, monkeypatch, stub_pipeline) -> None:
    from click.testing import CliRunner

    import warta.cli
    import warta.run

    class Interrupted:
        seen = 0

        def process(self, doc):  # type: ignore[no-untyped-def]
            Interrupted.seen += 1
            if Interrupted.seen == 70:  # in the second chunk of 64 inputs
                raise KeyboardInterrupt
            return stub_pipeline.process(doc)

    monkeypatch.setattr(warta.run, "make_pipeline", Interrupted)
    corpus = write_corpus(tmp_path)
    result = CliRunner().invoke(warta.cli.cli, ["code", str(corpus), "-q"])
    assert result.exit_code == 130
    # The first chunk's outcomes were reported (two of its inputs are skipped by the stub).
    assert "interrupted: 62 documents coded, 2 skipped" in result.output
    assert "without --db nothing records progress" in result.output
