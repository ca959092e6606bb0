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


def test_chart_puts_cooperation_up_and_conflict_down():
    points = [{"period": "a", "cooperation": 4, "conflict": 0, "mean_goldstein": 5.0},
              {"period": "b", "cooperation": 1, "conflict": 2, "mean_goldstein": -5.0}]
    chart = timeline_chart(points)
    a, b = chart["columns"]
    assert a["coop_y"] + a["coop_h"] == chart["axis"] and a["conf_h"] == 0
    assert b["conf_y"] == chart["axis"] and b["conf_h"] == chart["half"] / 2
    assert a["gy"] < chart["axis"] < b["gy"]
    assert len(chart["line"].split()) == 2
