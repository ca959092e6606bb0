"""`warta cluster`, `warta compare`, `warta export` and clustering at the end of `warta code`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import warta.cli
import warta.run
from warta.cli import cli
from warta.store import Store


@pytest.fixture(autouse=True)
def stub(monkeypatch: pytest.MonkeyPatch, stub_pipeline) -> None:
    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)


@pytest.fixture
def db(tmp_path: Path) -> str:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Putin met Biden.", encoding="utf-8")
    (corpus / "b.txt").write_text("Biden met Putin. The talks were long.", encoding="utf-8")
    path = str(tmp_path / "events.duckdb")
    result = run("code", str(corpus), "--published", "2021-12-08", "--db", path, "--quiet")
    assert result.exit_code == 0, result.output
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_code_with_db_clusters_the_new_events(db: str) -> None:
    with Store(db) as store:
        rows = store.query("SELECT cluster FROM events")
        [cluster] = store.query("SELECT * FROM clusters")
    assert all(r["cluster"] == cluster["id"] for r in rows)
    assert cluster["n_articles"] == 2


def test_cluster_command_reports_json_and_table(db: str) -> None:
    result = run("cluster", "--db", db, "--json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {"new_events": 0, "clusters_touched": 0,
                                         "clusters_total": 1, "events_clustered": 2,
                                         "multi_article": 1}
    table = run("cluster", "--db", db, "--rebuild")
    assert table.exit_code == 0 and "2 new event mentions clustered" in table.output
    assert "Most reported events" in table.output


def test_compare_command(db: str) -> None:
    with Store(db) as store:
        [cluster] = store.query("SELECT id FROM clusters")
    result = run("compare", cluster["id"], "--db", db, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["scope"]["kind"] == "cluster" and len(data["scope"]["documents"]) == 2
    assert data["parties"] == [] and data["unattributed_claims"] == 2
    text = run("compare", cluster["id"], "--db", db)
    assert text.exit_code == 0 and "attributed to a party" in text.output
    missing = run("compare", "zzz", "--db", db)
    assert missing.exit_code == 1 and "no event, cluster or document" in missing.output


def test_export_command(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    result = run("export", "--db", db, "--format", "gdelt", "--out", str(out))
    assert result.exit_code == 0 and "2 events written" in result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(len(line.split("\t")) == 61 for line in lines)
    bad = run("export", "--db", db, "--format", "csv", "--out", str(tmp_path / "no" / "x.csv"))
    assert bad.exit_code == 2 and "does not exist" in bad.output


def test_eval_ecbplus_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             stub_pipeline) -> None:
    import warta.pipeline

    monkeypatch.setattr(warta.pipeline, "default_pipeline", lambda: stub_pipeline)
    topic = tmp_path / "9"
    topic.mkdir()
    for name, words in (("9_1ecb.xml", "Putin met Biden ."), ("9_2ecb.xml", "Biden met Putin .")):
        tokens = "".join(f'<token t_id="{k + 1}" sentence="0" number="{k}">{w}</token>'
                         for k, w in enumerate(words.split()))
        (topic / name).write_text(
            f'<Document doc_name="{name}">{tokens}<Markables>'
            '<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="2"/></ACTION_OCCURRENCE>'
            '<ACTION_OCCURRENCE m_id="9" instance_id="ACT9"/></Markables><Relations>'
            '<CROSS_DOC_COREF r_id="1" note="ACT9"><source m_id="1"/><target m_id="9"/>'
            "</CROSS_DOC_COREF></Relations></Document>", encoding="utf-8")
    result = run("eval", "--gold", str(tmp_path), "--format", "ecbplus", "--json")
    assert result.exit_code == 0
    scores = json.loads(result.output)
    assert scores["pairwise_f1"] == 1.0 and scores["b3_f1"] == 1.0
    table = run("eval", "--gold", str(tmp_path), "--format", "ecbplus")
    assert table.exit_code == 0 and "pairwise F1 1.000" in table.output


@pytest.mark.parametrize("command", [["cluster"], ["compare", "abc"],
                                     ["export", "--format", "csv"]])
def test_a_missing_database_is_not_created(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "none.duckdb"
    result = run(*command, "--db", str(path))
    assert result.exit_code == 2 and "no database at" in result.output
    assert not path.exists()
