"""Exports: each format is written, read back with DuckDB and compared with the store."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from warta.cluster.store import cluster_store
from warta.model import Document, Place
from warta.store import Store
from warta.store.export import (
    GDELT_COLUMNS,
    ExportError,
    default_path,
    export,
    gdelt_row,
    global_event_id,
)

Make = Callable[..., Document]


@pytest.fixture
def store(tmp_path: Path, coded_document: Make):
    first = coded_document("Putin met Biden. Biden met Jokowi.", origin="a.txt")
    first.outlet, first.url = "VOVWORLD", "https://vovworld.vn/id-ID/a.vov"
    # Quotes, tabs and commas must survive every format.
    first.events[0].trigger_text = 'met\t"virtually", twice'
    first.events[0].place = Place("Jenewa", "Geneva", "CHE", 46.20222, 6.14569, 0, 6, 2660646)
    second = coded_document("Biden met Putin.", origin="b.txt", published="2021-12-09")
    with Store(str(tmp_path / "events.duckdb")) as opened:
        opened.write(first)
        opened.write(second)
        cluster_store(opened)
        yield opened


def _events(store: Store) -> dict[str, dict]:
    return {r["id"]: r for r in store.query("SELECT * FROM events")}


def test_gdelt_has_61_columns_in_gdelt_order(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export(store, "gdelt", str(out)) == 3
    rows = duckdb.sql(
        f"SELECT * FROM read_csv('{out}', delim='\t', header=false, quote='', escape='', "
        "all_varchar=true)").fetchall()
    assert len(rows) == 3 and all(len(r) == 61 for r in rows)
    by_id = {int(r[0]): dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows}
    clusters = {r["id"]: r for r in store.query("SELECT * FROM clusters")}
    for event in _events(store).values():
        row = by_id[global_event_id(event["id"])]
        assert row["Day"] == event["date_value"].replace("-", "")
        assert row["MonthYear"] == row["Day"][:6] and row["Year"] == row["Day"][:4]
        assert row["Actor1Code"] == event["source_code"]
        assert row["Actor1Name"] == event["source_name"].upper()
        assert row["Actor1CountryCode"] == event["source_country"]
        assert row["Actor1Type1Code"] == "GOV"
        assert row["Actor2Code"] == event["target_code"]
        assert (row["EventCode"], row["EventRootCode"]) == ("040", "04")
        assert row["QuadClass"] == "1" and float(row["GoldsteinScale"]) == 1.0
        assert int(row["NumArticles"]) == clusters[event["cluster"]]["n_articles"]
        assert int(row["NumMentions"]) == clusters[event["cluster"]]["n_mentions"]
        assert row["DATEADDED"] is not None and len(row["DATEADDED"]) == 14
    geneva = next(r for r in by_id.values() if r["ActionGeo_FullName"] == "Geneva, Switzerland")
    assert geneva["ActionGeo_CountryCode"] == "SZ"  # GDELT geography uses FIPS codes
    assert geneva["ActionGeo_ADM1Code"].startswith("SZ") and geneva["ActionGeo_Lat"]
    # Actors with a country are located at that country (Type 1, its centroid).
    assert geneva["Actor1Geo_Type"] == "1" and geneva["Actor1Geo_CountryCode"] in ("RS", "US")
    assert geneva["ActionGeo_Type"] == "4" and geneva["ActionGeo_FeatureID"] == "2660646"
    assert geneva["SOURCEURL"] == "https://vovworld.vn/id-ID/a.vov"
    # The call reported by both articles: GDELT's counts come from the cluster.
    assert {r["NumArticles"] for r in by_id.values()} == {"1", "2"}


def test_gdelt_row_dates_and_codes() -> None:
    row = gdelt_row({"id": "e", "date_value": "2021-06", "source_code": "IGOUNO",
                     "source_name": "United Nations", "source_country": None,
                     "target_code": "RUSGOVMIL", "target_country": "RUS", "sentence_index": 5})
    named = dict(zip(GDELT_COLUMNS, row, strict=True))
    assert named["Day"] == "20210601" and 2021.41 < named["FractionDate"] < 2021.42
    assert named["Actor1KnownGroupCode"] == "UNO" and named["Actor1Type1Code"] == "IGO"
    assert (named["Actor2Type1Code"], named["Actor2Type2Code"]) == ("GOV", "MIL")
    assert named["IsRootEvent"] == 0 and named["NumMentions"] == 1


def test_plover_records(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    assert export(store, "plover", str(out)) == 3
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    events = _events(store)
    for record in records:
        event = events[record["id"]]
        assert record["event"] == [event["plover"]] == ["CONSULT"]
        assert record["source"][0]["code"] == event["source_country"]
        assert record["source"][0]["warta"]["cameo_code"] == event["source_code"]
        assert record["recipient"][0]["actor_text"] == event["target_text"]
        assert record["recipient"][0]["raw_text"] == event["target_text"]
        assert record["date"] == event["date_value"]
        assert record["warta"]["cluster"]["id"] == event["cluster"]
        assert record["quad_code"] == 1 and record["event_scale"] == 2.1
    read_back = duckdb.sql(f"SELECT id, event, event_loc FROM read_json('{out}')").fetchall()
    assert {r[0] for r in read_back} == set(events)
    assert any(r[2] and r[2]["cc3"] == "CHE" and r[2]["name"] == "Geneva" for r in read_back)


@pytest.mark.parametrize("fmt,reader", [
    ("parquet", "read_parquet('{}')"),
    ("csv", "read_csv('{}', header=true, all_varchar=false)"),
    ("jsonl", "read_json('{}')"),
])
def test_own_schema_round_trip(store: Store, tmp_path: Path, fmt: str, reader: str) -> None:
    out = tmp_path / f"events.{fmt}"
    assert export(store, fmt, str(out)) == 3
    rows = duckdb.sql(f"SELECT * FROM {reader.format(out)}").fetchall()
    columns = [d[0] for d in duckdb.sql(f"SELECT * FROM {reader.format(out)}").description]
    events = _events(store)
    assert len(rows) == 3
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        event = events[row["id"]]
        for name in ("document_id", "plover", "cameo", "source_code", "target_code",
                     "date_value", "trigger_text", "cluster", "place_country"):
            assert str(row[name]) == str(event[name]), name
        issues = row["issues"].split(";") if fmt == "csv" else list(row["issues"])
        assert issues == list(event["issues"])
        assert row["cluster_articles"] in (1, 2)
        assert row["document_outlet"] in ("VOVWORLD", None)


def test_errors_name_the_path(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export(store, "gdelt", str(tmp_path / "missing" / "x.tsv"))
    with pytest.raises(ExportError, match="unknown format"):
        export(store, "xml", str(tmp_path / "x.xml"))
    assert default_path("data/events.duckdb", "gdelt") == "data/events.gdelt.tsv"


def test_an_unclustered_store_exports_counts_of_one(tmp_path: Path, coded_document: Make
                                                     ) -> None:
    with Store(str(tmp_path / "plain.duckdb")) as plain:
        plain.write(coded_document("Putin met Biden."))
        out = tmp_path / "plain.tsv"
        assert export(plain, "gdelt", str(out)) == 1
        assert export(plain, "parquet", str(tmp_path / "plain.parquet")) == 1
    cells = out.read_text(encoding="utf-8").rstrip("\n").split("\t")
    assert len(cells) == 61 and cells[31:34] == ["1", "1", "1"]


def test_an_old_stores_yield_is_exported_as_the_manuals_category(store: Store,
                                                                 tmp_path: Path) -> None:
    store.query("UPDATE events SET plover = 'YIELD', cameo = '0841'")
    for fmt in ("csv", "jsonl", "plover"):
        out = tmp_path / f"old.{fmt}"
        export(store, fmt, str(out))
        text = out.read_text(encoding="utf-8")
        assert "RETREAT" in text and '"YIELD"' not in text and ",YIELD," not in text, fmt


@pytest.mark.parametrize("value,method,historical", [
    ("2014", "explicit", True), ("2020-11", "relative", True), ("2020-12-01", "explicit", True),
    ("2021-06", "relative", False), ("2014", "publication", False),
])
def test_own_schema_marks_background_mentions(tmp_path: Path, coded_document: Make,
                                              value: str, method: str,
                                              historical: bool) -> None:
    from warta.model import DateValue
    from warta.store.background import is_historical

    doc = coded_document("Putin met Biden.", published="2021-12-08")
    doc.events[0].date = DateValue(value, "year", method)
    with Store(str(tmp_path / "h.duckdb")) as plain:
        plain.write(doc)
        export(plain, "parquet", str(tmp_path / "h.parquet"))
    rows = duckdb.sql(f"SELECT historical FROM read_parquet('{tmp_path / 'h.parquet'}')")
    assert rows.fetchall() == [(historical,)]
    assert is_historical(value, method, "2021-12-08") is historical  # the same rule


def test_a_reciprocal_event_is_one_record_but_two_gdelt_rows(tmp_path: Path,
                                                             coded_document: Make) -> None:
    doc = coded_document("Putin met Biden.")
    doc.events[0].reciprocal = True  # as warta/mirrors.py leaves a meeting: one record
    with Store(str(tmp_path / "r.duckdb")) as store:
        store.write(doc)
        assert export(store, "csv", str(tmp_path / "r.csv")) == 1
        assert export(store, "plover", str(tmp_path / "r.plover.jsonl")) == 1
        assert export(store, "gdelt", str(tmp_path / "r.tsv")) == 2
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
            for line in (tmp_path / "r.tsv").read_text(encoding="utf-8").splitlines()]
    # CAMEO's model: A→B and B→A, each with its own stable GlobalEventID.
    assert [(r["Actor1Code"], r["Actor2Code"]) for r in rows] == [
        ("RUSGOV", "USAGOV"), ("USAGOV", "RUSGOV")]
    assert rows[0]["GlobalEventID"] != rows[1]["GlobalEventID"]
    assert {r["EventCode"] for r in rows} == {"040"}
    plover = json.loads((tmp_path / "r.plover.jsonl").read_text(encoding="utf-8"))
    assert {a["code"] for a in plover["source"]} == {"RUS", "USA"}
    assert plover["recipient"] == []
