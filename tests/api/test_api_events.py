"""The event listing: every filter, paging and sorting, over the founding article."""

from __future__ import annotations

import duckdb

from warta.api.problems import PROBLEM


def _events(client, **params):
    response = client.get("/api/events", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_lists_every_event_with_total(client, demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        stored = con.execute("SELECT count(*) FROM events").fetchone()[0]
    page = _events(client)
    assert page["total"] == stored >= 10
    assert len(page["items"]) == stored
    first = page["items"][0]
    assert {"id", "plover", "cameo", "quad_class", "goldstein", "source", "target", "date",
            "attribution_party", "issues", "outlet", "language"} <= set(first)


def test_filters_by_plover_root_and_quadclass(client):
    threats = _events(client, plover="threaten")["items"]
    assert threats and {e["plover"] for e in threats} == {"THREATEN"}
    assert threats[0]["source"]["code"].startswith("USA")
    conflict = _events(client, quad_class=3)["items"]
    assert conflict and {e["quad_class"] for e in conflict} == {3}


def test_dyad_matches_both_directions(client):
    items = _events(client, dyad="USA,RUS")["items"]
    directions = {(e["source"]["code"][:3], e["target"]["code"][:3]) for e in items}
    assert directions == {("RUS", "USA"), ("USA", "RUS")}
    assert _events(client, dyad="RUS,USA")["total"] == len(items)


def test_actor_filter_matches_either_side(client):
    items = _events(client, actor="UKR")["items"]
    assert items
    assert all("UKR" in (e["source"]["code"] or "") + (e["target"]["code"] or "")
               for e in items)


def test_date_range_includes_month_precision_dates(client):
    day = _events(client, date_from="2021-12-07", date_to="2021-12-07")["items"]
    assert day and {e["date"] for e in day} == {"2021-12-07"}
    june = _events(client, date_from="2021-06-01", date_to="2021-06-30")["items"]
    assert june and {e["date_precision"] for e in june} == {"month"}


def test_attribution_party_language_outlet_and_text(client):
    kremlin = _events(client, party="Kremlin")["items"]
    assert kremlin and all("Kremlin" in e["attribution_party"] for e in kremlin)
    white_house = _events(client, party="white house")["items"]
    assert {e["plover"] for e in white_house} >= {"THREATEN", "SUPPORT"}
    assert _events(client, language="id")["total"] == _events(client)["total"]
    assert _events(client, language="en")["total"] == 0
    assert _events(client, outlet="vovworld")["total"] == _events(client)["total"]
    text = _events(client, q="ukrainia")["items"]
    assert text and any(e["target"]["code"] == "UKR" for e in text)


def test_pages_do_not_overlap_and_sorting_is_honoured(client):
    total = _events(client)["total"]
    first = client.get("/api/events", params={"limit": 5, "offset": 0}).json()
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert first["next_offset"] == 5 and len(first["items"]) == 5
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    last = client.get("/api/events", params={"limit": 5, "offset": total - 1}).json()
    assert last["next_offset"] is None and len(last["items"]) == 1
    scores = [e["goldstein"] for e in _events(client, sort="goldstein", order="asc")["items"]]
    assert scores == sorted(scores) and scores[0] < 0 < scores[-1]


def test_bad_parameters_are_problem_details(client):
    for params in ({"sort": "id; DROP TABLE events"}, {"quad_class": "7"},
                   {"limit": 0}, {"date_from": "yesterday"}, {"dyad": "RUS"}):
        response = client.get("/api/events", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"].startswith(PROBLEM)
        assert response.json()["status"] == 422
    assert _events(client)["total"] > 0  # nothing was dropped


def test_facets_list_the_values_present(client):
    facets = client.get("/api/facets").json()
    assert "THREATEN" in facets["plover"]
    assert set(facets["party"]) >= {"Kremlin", "White House"}
    assert facets["language"] == ["id"] and facets["outlet"] == ["VOVWORLD"]
