"""Every engine codes the same inputs into the same records, in the same order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from warta.engines import EngineError, make_engine
from warta.model import Document, Skipped, content_id
from warta.runner import CannotCode, Totals, code_items
from warta.store import Store

# The stub pipeline of tests/conftest.py, loaded by name in every worker process.
STUB = "engine_stub:StubPipeline"
HERE = str(Path(__file__).resolve().parent)


def corpus() -> list[Document | Skipped]:
    items: list[Document | Skipped] = []
    for n in range(150):
        if n % 37 == 5:
            text = f"CRASH {n}"  # an internal error in the pipeline
        elif n % 29 == 3:
            text = f"Lorem ipsum {n}."  # skipped by the pipeline
        else:
            text = f"Putin met Biden {n}. Jokowi met Putin {n}. Biden spoke {n}."
        items.append(Document(raw=text, origin=f"doc{n}.txt", published="2021-12-08",
                              meta={"input_key": content_id(text), "format": "text"}))
    items.insert(40, Skipped("bad.bin", "binary file: not text"))
    items.append(Document(raw=items[0].raw, origin="again.txt",  # type: ignore[union-attr]
                          meta={"input_key": items[0].meta["input_key"]}))  # type: ignore[union-attr]
    return items


def run(engine_name: str, tmp_path: Path, **options) -> tuple[list[str], list[dict], dict]:
    """(status per input, event records in order, store row counts)."""
    engine = make_engine(engine_name, factory=STUB, **options)
    statuses, records, totals = [], [], Totals()
    try:
        with Store(str(tmp_path / f"{engine_name}.duckdb")) as store:
            for outcome in code_items(corpus(), store=store, engine=engine):
                statuses.append(outcome.status)
                records.extend(outcome.records)
                totals.add(outcome)
            counts = store.counts()
    finally:
        engine.close()
    return statuses, records, counts


@pytest.fixture(scope="module")
def local_result(tmp_path_factory: pytest.TempPathFactory):
    return run("local", tmp_path_factory.mktemp("local"))


@pytest.fixture
def importable_stub(monkeypatch: pytest.MonkeyPatch) -> None:
    # Worker processes import the stub by module name, as they would import warta.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [HERE, os.environ.get(
        "PYTHONPATH")])))


def test_local_engine_codes_skips_and_deduplicates(local_result) -> None:
    statuses, records, counts = local_result
    assert statuses.count("already") == 1
    crashes = sum(n % 37 == 5 for n in range(150))
    latin = sum(n % 29 == 3 for n in range(150))
    assert statuses.count("skipped") == 1 + crashes + latin
    assert counts["skipped"] == 1 + crashes + latin
    assert counts["documents"] == statuses.count("coded") == 150 - crashes - latin
    assert len(records) == counts["events"] == 2 * counts["documents"]


def test_process_engine_gives_identical_records(local_result, tmp_path: Path,
                                                importable_stub: None) -> None:
    assert run("process", tmp_path, workers=2) == local_result


def test_dask_engine_on_a_running_scheduler_gives_identical_records(
        local_result, tmp_path: Path, importable_stub: None) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=50) as cluster:
        result = run("dask", tmp_path, scheduler=cluster.scheduler_address)
    assert result == local_result
    # The records survive the trip through JSON identically too (what --out writes).
    assert [json.dumps(r, sort_keys=True) for r in result[1]] == [
        json.dumps(r, sort_keys=True) for r in local_result[1]]


def test_a_pipeline_that_cannot_load_in_workers_stops_the_run(tmp_path: Path) -> None:
    engine = make_engine("process", workers=1, factory="warta.no_such_module:pipeline")
    try:
        with pytest.raises(CannotCode, match="no_such_module"):
            list(code_items(corpus()[:3], engine=engine))
    finally:
        engine.close()


def test_unreachable_scheduler_is_a_clear_error() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(EngineError, match="scheduler at tcp://127.0.0.1:9"):
        make_engine("dask", scheduler="tcp://127.0.0.1:9", factory=STUB, connect_timeout="1s")


def test_real_pipeline_records_are_identical_through_a_worker_process() -> None:
    """The real pipeline's documents (entities, nested mentions, attributions) survive the
    trip from a worker unchanged: same records as coding in this process."""
    from warta.ingest import read_inputs
    from warta.pipeline import default_pipeline

    example = Path(__file__).resolve().parents[2] / "examples"
    english = Document(raw="President Joe Biden met Prime Minister Fumio Kishida in Tokyo on "
                           "Monday. Biden warned China against an attack on Taiwan.",
                       origin="en.txt", published="2022-05-23", meta={"input_key": "en"})
    items = [*read_inputs([str(example)], published="2021-12-08"), english]
    local = [r for o in code_items(items, default_pipeline().process) for r in o.records]
    engine = make_engine("process", workers=1)
    try:
        pooled = [r for o in code_items(items, engine=engine) for r in o.records]
    finally:
        engine.close()
    assert len(local) > 10
    assert pooled == local


def test_a_repeat_of_a_document_in_flight_takes_its_outcome(tmp_path: Path) -> None:
    def doc(text: str, origin: str) -> Document:
        return Document(raw=text, origin=origin, meta={"input_key": content_id(text)})

    items = [doc("Lorem ipsum.", "a.txt"), doc("Putin met Biden.", "b.txt"),
             doc("Lorem ipsum.", "c.txt"), doc("Putin met Biden.", "d.txt")]
    engine = make_engine("local", factory=STUB)
    with Store(str(tmp_path / "x.duckdb")) as store:
        outcomes = list(code_items(items, store=store, engine=engine))
    assert [o.status for o in outcomes] == ["skipped", "coded", "skipped", "already"]
    assert outcomes[2].skipped == Skipped("c.txt", "unsupported language: la")


def test_ctrl_c_while_a_worker_is_starting_leaves_the_pool_working(importable_stub) -> None:
    # A terminal's Ctrl-C reaches every process of its group, workers that are still
    # importing included; such a worker must not die of it (the main process decides).
    import multiprocessing
    import signal

    from warta.engines.pool import ProcessEngine

    engine = ProcessEngine(workers=1, factory=STUB)
    try:
        docs = [Document(raw="Putin met Biden.", origin="a.txt",
                         meta={"input_key": content_id("Putin met Biden.")})]
        results = engine.map([("chunk", docs)])
        started = engine._submit(docs)  # spawns the worker; it is starting up right now
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGINT)  # type: ignore[arg-type]
        [outcome] = started.result(timeout=120)
        assert outcome.status == "coded"
        assert [o.status for _, outcomes in results for o in outcomes] == ["coded"]
    finally:
        engine.close()
