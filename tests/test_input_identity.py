"""Inputs keep their identity: a JSONL record's or CSV row's own `id` (and its title) is
read, stored beside warta's content hash, written in every export, shown, and accepted by
the API's look-ups."""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import warta.run
from warta.cli import cli
from warta.store import Store
from warta.store.export import export

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's TestClient prefers another HTTP client
    from fastapi.testclient import TestClient

from warta.api.app import create_app
from warta.api.state import open_state

RECORDS = [
    {"id": "vov-2021-12-08-01", "title": "Putin dan Biden", "text": "Putin met Biden.",
     "published": "2021-12-08"},
    {"id": 17, "text": "Biden met Jokowi.", "published": "2021-12-09"},
    {"text": "Jokowi met Putin.", "published": "2021-12-10"},
]


@pytest.fixture
def coded_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub_pipeline) -> Path:
    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    db = tmp_path / "x.duckdb"
    result = CliRunner().invoke(cli, ["code", str(path), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def test_the_store_keeps_the_inputs_id_and_title(coded_db: Path) -> None:
    with Store(str(coded_db)) as store:
        rows = store.query("SELECT source_id, title FROM documents ORDER BY published")
    assert [(r["source_id"], r["title"]) for r in rows] == [
        ("vov-2021-12-08-01", "Putin dan Biden"), ("17", None), (None, None)]


def test_every_export_carries_the_inputs_id(coded_db: Path, tmp_path: Path) -> None:
    with Store(str(coded_db)) as store:
        for fmt in ("csv", "parquet", "plover", "jsonl"):
            export(store, fmt, str(tmp_path / f"e.{fmt}"))
    with open(tmp_path / "e.csv", encoding="utf-8") as handle:
        ids = {r["document_source_id"] for r in csv.DictReader(handle)}
    assert ids == {"vov-2021-12-08-01", "17", ""}
    parquet = duckdb.sql(f"SELECT document_source_id FROM read_parquet('{tmp_path}/e.parquet')")
    assert {r[0] for r in parquet.fetchall()} == {"vov-2021-12-08-01", "17", None}
    plover = [json.loads(x) for x in (tmp_path / "e.plover").read_text().splitlines()]
    assert {r["warta"]["source_id"] for r in plover} == {"vov-2021-12-08-01", "17", None}
    records = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert {r["document_source_id"] for r in records} == {"vov-2021-12-08-01", "17", None}
    # The full event record beside the flat columns names the input too.
    assert {r["record"]["provenance"]["source_id"] for r in records} == {
        "vov-2021-12-08-01", "17", None}


def test_the_api_finds_a_document_by_the_inputs_id(coded_db: Path) -> None:
    state = open_state(str(coded_db))
    try:
        with TestClient(create_app(state), raise_server_exceptions=False) as client:
            listed = client.get("/api/documents", params={"source_id": "17"}).json()
            [doc] = listed["items"]
            assert doc["source_id"] == "17"
            by_input_id = client.get("/api/documents/vov-2021-12-08-01")
            assert by_input_id.status_code == 200
            body = by_input_id.json()
            assert body["source_id"] == "vov-2021-12-08-01"
            assert client.get(f"/api/documents/{body['id']}").json()["id"] == body["id"]
            missing = client.get("/api/documents/no-such-input")
            assert missing.status_code == 404
            page = client.get(f"/documents/{body['id']}")
            assert "vov-2021-12-08-01" in page.text and "Putin dan Biden" in page.text
    finally:
        state.close()


def test_a_csv_rows_id_is_its_source_id(tmp_path: Path) -> None:
    from warta.ingest import read_inputs

    path = tmp_path / "in.csv"
    path.write_text('id,title,text\nk-1,Geneva,"Putin met Biden."\n,,"Biden met Putin."\n',
                    encoding="utf-8")
    first, second = read_inputs([str(path)])
    assert (first.source_id, first.title) == ("k-1", "Geneva")  # type: ignore[union-attr]
    assert second.source_id is None  # type: ignore[union-attr]


def test_an_id_that_is_not_a_string_or_number_is_left_out_with_a_warning(tmp_path: Path
                                                                          ) -> None:
    from warta.ingest import read_inputs

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": {"x": 1}, "text": "Putin met Biden."}) + "\n",
                    encoding="utf-8")
    [doc] = read_inputs([str(path)])
    assert doc.source_id is None  # type: ignore[union-attr]
    assert [w["field"] for w in doc.meta["warnings"]] == ["id"]
