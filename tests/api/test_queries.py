"""The library functions under the API: comparison, highlighting, chart geometry."""

from __future__ import annotations

import duckdb
import pytest

from warta.api import comparison
from warta.store import queries
from warta.web.chart import timeline_chart
from warta.web.highlight import Span, segments


@pytest.fixture
def con(demo_db):
    connection = duckdb.connect(str(demo_db), read_only=True)
    yield connection
    connection.close()


def test_the_comparison_sets_the_two_readouts_side_by_side(con):
    doc_id = con.execute("SELECT id FROM documents").fetchone()[0]
    result = comparison.readout_comparison(con, doc_id)
    parties = {p["party"]: p for p in result["parties"]}
    assert {"Kremlin", "White House"} <= set(parties)
    assert "THREATEN" in parties["White House"]["plover"]
    assert result["subject"] == {"kind": "document", "id": doc_id}
    with pytest.raises(queries.NotFound):
        comparison.readout_comparison(con, "nope")


def test_a_failing_comparison_is_an_error_not_another_answer(con, monkeypatch):
    import warta.api.comparison as api_comparison

    def broken(*_args):
        raise RuntimeError("clustering broke")

    monkeypatch.setattr(api_comparison, "compare", broken)
    doc_id = con.execute("SELECT id FROM documents").fetchone()[0]
    with pytest.raises(RuntimeError, match="clustering broke"):
        comparison.readout_comparison(con, doc_id)


def test_periods_of_any_precision():
    assert queries._period("2021-12-08", "day") == "2021-12-08"
    assert queries._period("2021-12-08", "week") == "2021-12-06"  # the Monday
    assert queries._period("2021-06", "day") == "2021-06-01"
    assert queries._period("2021", "month") == "2021-01"
    assert queries._period("20xx", "day") is None


def test_segments_cut_overlapping_spans():
    text = "Menurut Istana Kremlin, Putin mengusulkan."
    spans = [Span(0, 22, "attribution", "according to: Kremlin", "e1"),
             Span(8, 22, "actor", "RUSGOV", "e1"), Span(24, 29, "actor", "RUSGOV", "e1"),
             Span(30, 41, "trigger", "REQUEST", "e1"), Span(30, 99, "trigger", "bad", "e2")]
    cut = segments(text, spans)
    assert "".join(s.text for s in cut) == text
    kremlin = next(s for s in cut if s.text == "Istana Kremlin")
    assert kremlin.kinds == ["attribution", "actor"] and kremlin.events == ["e1"]
    assert next(s for s in cut if s.text == "mengusulkan").kinds == ["trigger"]
    assert all("e2" not in s.events for s in cut)  # a span past the text is dropped


def test_chart_puts_cooperation_up_and_conflict_down_on_a_time_axis():
    points = [{"period": "2018-08-11", "start": "2018-08-11", "cooperation": 4, "conflict": 0,
               "not_asserted": 1, "mean_goldstein": 5.0},
              {"period": "2021-06-01", "start": "2021-06-01", "cooperation": 1, "conflict": 2,
               "not_asserted": 0, "mean_goldstein": -5.0}]
    spec = timeline_chart({"interval": "day", "points": points})
    main, strip = spec["vconcat"]
    bars, line = main["layer"]
    assert bars["encoding"]["x"]["type"] == "temporal"
    assert [(b["start"], b["n"]) for b in bars["data"]["values"]] == [
        ("2018-08-11", 4), ("2021-06-01", 1), ("2021-06-01", -2)]
    assert bars["data"]["values"][0]["end"] == "2018-08-12"
    assert [g["goldstein"] for g in line["data"]["values"]] == [5.0, -5.0]
    assert line["encoding"]["y"]["scale"]["domain"] == [-10, 10]
    assert strip["data"]["values"] == [{"start": "2018-08-11", "end": "2018-08-12",
                                        "period": "2018-08-11", "href": "#p-2018-08-11",
                                        "n": 1}]
