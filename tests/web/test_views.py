"""The web UI's queries, chart specs, downloads and error pages, without a browser (the demo
database: the founding article coded by `warta code`)."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from warta.store import Store, export, queries
from warta.store.queries import DocumentQuery, EventQuery
from warta.web import chart
from warta.web.download import export_filtered
from warta.web.errors import describe

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vovworld-putin-biden.id.txt"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from warta.cli import cli

    db = tmp_path_factory.mktemp("views") / "demo.duckdb"
    result = CliRunner().invoke(cli, ["code", str(EXAMPLE), "--published", "2021-12-08",
                                      "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def con(demo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(demo_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def negated_db(demo_db: Path, tmp_path: Path) -> Path:
    """The demo database with its THREATEN event negated (as if the text denied it)."""
    path = tmp_path / "negated.duckdb"
    shutil.copy(demo_db, path)
    with duckdb.connect(str(path)) as connection:
        assert connection.execute("UPDATE events SET modality = 'negated' "
                                  "WHERE plover = 'THREATEN'").fetchall()[0][0] == 1
    return path


@pytest.fixture
def client(demo_db: Path) -> Iterator[TestClient]:
    from warta.api.app import create_app
    from warta.api.state import open_state

    state = open_state(str(demo_db))
    with TestClient(create_app(state), raise_server_exceptions=False) as test_client:
        yield test_client
    state.close()


# -- downloads -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "gdelt", "plover", "jsonl"])
def test_an_unfiltered_download_is_the_export_of_the_whole_store(con, demo_db, tmp_path, fmt):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, copy)
    expected = tmp_path / f"all.{fmt}"
    with Store(str(copy)) as store:
        n = export.export(store, fmt, str(expected))
    directory, path, got = export_filtered(con, EventQuery(), fmt)
    try:
        assert got == n > 0
        assert path.read_bytes() == expected.read_bytes()
    finally:
        shutil.rmtree(directory)
    assert not directory.exists()


def test_a_filtered_download_holds_the_matching_events_only(con):
    total = queries.list_events(con, EventQuery(plover="THREATEN"))["total"]
    directory, path, n = export_filtered(con, EventQuery(plover="THREATEN"), "parquet")
    try:
        rows = duckdb.connect().execute("SELECT plover FROM read_parquet(?)",
                                        [str(path)]).fetchall()
    finally:
        shutil.rmtree(directory)
    assert n == len(rows) == total >= 1 and {r[0] for r in rows} == {"THREATEN"}


def test_download_route_names_the_file_and_refuses_unknown_formats(client):
    response = client.get("/download", params={"format": "gdelt", "plover": "THREATEN"})
    assert response.status_code == 200
    assert 'filename="warta-events.gdelt.tsv"' in response.headers["content-disposition"]
    assert all(len(line.split("\t")) == 61 for line in response.text.splitlines())
    refused = client.get("/download", params={"format": "xls"},
                         headers={"accept": "text/html"})
    assert refused.status_code == 422
    assert "The download format is not valid: give csv, parquet, gdelt or plover." in (
        refused.text)


# -- counts: negated and denied events apart -------------------------------------------------

def test_summary_counts_negated_events_apart(con, negated_db):
    before = queries.event_summary(con, EventQuery())
    assert before["not_asserted"] == 0 and before["asserted"] == before["total"]
    assert sum(r["n"] for r in before["plover"]) == before["total"]
    with duckdb.connect(str(negated_db), read_only=True) as negated:
        after = queries.event_summary(negated, EventQuery())
        listed = queries.list_events(negated, EventQuery(modality="not_asserted"))
    assert after["not_asserted"] == 1 and after["total"] == before["total"]
    assert "THREATEN" not in {r["plover"] for r in after["plover"]}
    assert sum(r["n"] for r in after["quad_class"]) == before["total"] - 1
    assert [e["plover"] for e in listed["items"]] == ["THREATEN"]


def test_dyad_timeline_leaves_negated_events_out_of_cooperation_and_conflict(negated_db):
    with duckdb.connect(str(negated_db), read_only=True) as negated:
        timeline = queries.dyad_timeline(negated, "RUS", "USA")
        dyads = queries.list_dyads(negated)
    december = next(p for p in timeline["points"] if p["period"] == "2021-12-08")
    assert december["not_asserted"] == 1
    assert december["cooperation"] + december["conflict"] + december["not_asserted"] == (
        december["n"])
    threat = next(e for e in december["events"] if e["plover"] == "THREATEN")
    scores = [e["goldstein"] for e in december["events"] if e is not threat]
    assert december["mean_goldstein"] == round(sum(scores) / len(scores), 2)
    pair = next(d for d in dyads if {d["a"], d["b"]} == {"RUS", "USA"})
    assert pair["not_asserted"] == 1
    assert pair["cooperation"] + pair["conflict"] + pair["not_asserted"] == pair["n"]


# -- chart specs ----------------------------------------------------------------------------

def test_chart_specs_have_tooltips_links_and_a_time_axis(con):
    summary = queries.event_summary(con, EventQuery())

    def link(**changes):
        return "/?" + "&".join(f"{k}={v}" for k, v in changes.items() if v is not None)

    types = chart.type_chart(summary, link)
    assert {v["href"] for v in types["data"]["values"]} >= {"/?plover=THREATEN"}
    assert types["encoding"]["tooltip"]
    quads = chart.quad_chart(summary, link)
    assert quads["data"]["values"][-1] == {"quad": "negated or denied", "n": 0,
                                           "href": "/?modality=not_asserted"}
    time = chart.time_chart(summary)
    assert time["encoding"]["x"]["type"] == "temporal"
    world = chart.map_chart(summary)
    shapes, places = world["layer"]
    assert shapes["data"]["url"] == chart.WORLD
    # The Geneva meeting is one reciprocal record, one event on the map.
    assert shapes["transform"][0]["from"]["data"]["values"] == [{"id": "756", "events": 1,
                                                                 "code": "CHE"}]
    assert places["data"]["values"][0]["place"] == "Geneva"
    assert (Path(chart.__file__).parent / "static" / chart.WORLD.removeprefix("/static/")
            ).is_file()


def test_time_chart_picks_the_period_from_the_span():
    def summary(*days: str) -> dict:
        return {"dates": [{"date": d, "precision": "day", "quad_class": 1, "n": 1}
                          for d in days]}

    assert chart.time_chart(summary("2021-01-01", "2021-02-01"))["title"]["text"] == (
        "Events per day")
    assert chart.time_chart(summary("2021-01-01", "2021-09-01"))["title"]["text"] == (
        "Events per week")
    assert chart.time_chart(summary("2018-08-11", "2021-06-01"))["title"]["text"] == (
        "Events per month")
    assert chart.time_chart({"dates": []}) is None


# -- articles --------------------------------------------------------------------------------

def test_article_search_and_filters(con):
    def titles(**kw) -> list[str]:
        return [d["title"] for d in queries.list_documents(
            con, query=DocumentQuery(**kw))["items"]]

    assert titles(q="jenewa") == titles() and len(titles()) == 1
    assert titles(q="no such words anywhere") == []
    assert titles(language="en") == [] and titles(language="id") == titles()
    assert titles(published_from="2021-12") == titles(published_to="2021-12-08") == titles()
    assert titles(published_from="2022") == []
    with pytest.raises(ValueError):
        queries.list_documents(con, query=DocumentQuery(sort="text"))


# -- pages -----------------------------------------------------------------------------------

def test_error_sentences_name_the_parameter_and_what_it_takes():
    assert describe({"loc": ["query", "b"], "msg": "Field required"}) == (
        "The second actor (b) is missing: give an actor or country code of letters and "
        "digits, e.g. USA.")
    assert describe({"loc": ["query", "date_from"],
                     "msg": "String should match pattern '^...$'"}) == (
        "The earliest date (From) is not valid: give a date as YYYY, YYYY-MM or YYYY-MM-DD "
        "(2021-12-08).")
    assert describe({"loc": ["query", "zzz"], "msg": "Bad thing"}) == (
        "The value ‘zzz’ is not valid (bad thing).")


def test_pages_carry_charts_sort_links_and_docs_assets(client):
    html = client.get("/", params={"sort": "goldstein", "order": "desc"}).text
    for name in ("types", "quads", "time", "map"):
        assert f'data-chart="spec-{name}"' in html
    assert 'href="?sort=goldstein&amp;order=asc"' in html  # the active column turns round
    assert 'aria-sort="descending"' in html
    assert 'href="/download?sort=goldstein&amp;order=desc&amp;format=csv"' in html
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/docs.js").status_code == 200
    # The API keeps its problem details.
    problem = client.get("/api/dyads/RUS/USA/timeline", params={"interval": "year"})
    assert problem.headers["content-type"] == "application/problem+json"


def test_a_reciprocal_event_is_one_row_marked_both_ways(client, con):
    [(event_id, n_consult)] = con.execute(
        "SELECT min(id) FILTER (WHERE reciprocal), count(*) FROM events "
        "WHERE plover = 'CONSULT'").fetchall()
    assert event_id is not None
    html = client.get("/", params={"plover": "CONSULT"}).text
    assert html.count("↔ reciprocal") == con.execute(
        "SELECT count(*) FROM events WHERE plover = 'CONSULT' AND reciprocal").fetchone()[0]
    assert html.count('<tr data-ev-id=') == n_consult  # one row per record, none doubled
    detail = client.get(f"/events/{event_id}").text
    assert '<span title="a reciprocal event: one record, no direction">↔</span>' in detail


def test_every_web_asset_is_package_data():
    """The vendored scripts, styles, shapes and licences ship in the wheel: each file under
    warta/web/static and templates matches a package-data pattern of pyproject.toml."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["*"]
    files = [p for folder in ("static", "templates")
             for p in (root / "warta" / "web" / folder).rglob("*") if p.is_file()]
    assert len(files) > 20
    missing = [str(p.relative_to(root)) for p in files
               if not any(fnmatch.fnmatch(p.name, pattern) for pattern in patterns)]
    assert missing == []
    vendor = root / "warta" / "web" / "static" / "vendor"
    for name in ("vega/LICENSE-vega.txt", "vega/LICENSE-vega-lite.txt",
                 "vega/LICENSE-vega-embed.txt", "swagger-ui/LICENSE.txt",
                 "world-atlas/LICENSE.txt", "README.md"):
        assert (vendor / name).is_file(), name
    total = sum(p.stat().st_size for p in vendor.rglob("*") if p.is_file())
    assert total < 4_000_000  # a few MB at most


def test_chart_specs_cannot_close_their_script_block(client):
    hostile = '</script><script>alert(1)</script>'
    html = client.get("/", params={"q": "", "party": "", "outlet": "", "actor": "RUS",
                                   "plover": "CONSULT", "dyad": "", "x": hostile}).text
    assert "<script>alert(1)" not in html
    blocks = html.split('<script type="application/json"')[1:]
    assert len(blocks) == 4
    for block in blocks:
        body = block.split(">", 1)[1].split("</script>", 1)[0]
        assert "<" not in body  # tojson writes \u003c


def test_the_chart_macro_escapes_markup_in_a_spec():
    from warta.web.pages import TEMPLATES

    macro = TEMPLATES.env.get_template("macros.html").module.chart_box
    html = str(macro("x", {"title": "</script><script>alert(1)</script>", "n": "a&b's"}))
    assert "</script><script>" not in html and "\\u003c/script\\u003e" in html
    assert html.count("</script>") == 1
