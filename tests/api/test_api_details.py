"""One event with provenance, documents, dyad timelines and readout comparison."""

from __future__ import annotations


def _first(client, **params):
    return client.get("/api/events", params={"limit": 1, **params}).json()["items"][0]


def test_event_has_provenance_down_to_the_character(client):
    summary = _first(client, plover="THREATEN")
    body = client.get(f"/api/events/{summary['id']}").json()
    event, document = body["event"], body["document"]
    assert event["id"] == summary["id"]
    provenance = event["provenance"]
    assert provenance["document_id"] == document["id"] == summary["document_id"]
    assert provenance["method"] and 0 < provenance["confidence"] <= 1
    text = client.get(f"/api/documents/{document['id']}").json()["text"]
    trigger = provenance["trigger"]
    assert text[trigger["start"]:trigger["end"]] == trigger["text"]
    source = event["source"]
    assert text[source["start"]:source["end"]] == source["text"]
    assert trigger["text"] in provenance["sentence_text"]
    assert event["modality"] == "conditional"
    assert event["attribution"]["party"]["code"] == "USAGOV"
    assert body["cluster"] is None or body["cluster"]["size"] >= 1


def test_document_has_text_events_and_mentions(client):
    documents = client.get("/api/documents").json()
    assert documents["total"] == 1
    doc_id = documents["items"][0]["id"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["outlet"] == "VOVWORLD" and doc["language"] == "id"
    assert "Komentar" not in doc["text"]  # page chrome was cleaned away
    assert len(doc["events"]) == doc["n_events"]
    assert any(m["text"] == "Gedung Putih" for m in doc["mentions"])
    starts = [(e["provenance"]["sentence_index"]) for e in doc["events"]]
    assert starts == sorted(starts)  # reading order


def test_dyad_timeline_counts_add_up(client):
    total = client.get("/api/events", params={"dyad": "RUS,USA"}).json()["total"]
    timeline = client.get("/api/dyads/RUS/USA/timeline").json()
    points = timeline["points"]
    assert timeline["total"] == total
    assert [p["period"] for p in points] == sorted(p["period"] for p in points)
    assert sum(p["n"] for p in points) + len(timeline["undated"]) == total
    for point in points:
        assert sum(point["quad_class"].values()) == point["n"] == len(point["events"])
        assert point["cooperation"] + point["conflict"] + point["not_asserted"] == point["n"]
        scores = [e["goldstein"] for e in point["events"]]
        assert point["mean_goldstein"] == round(sum(scores) / len(scores), 2)
    december = next(p for p in points if p["period"] == "2021-12-08")
    assert december["conflict"] >= 1  # the warning of economic measures
    months = client.get("/api/dyads/RUS/USA/timeline", params={"interval": "month"}).json()
    assert [p["period"] for p in months["points"]] == ["2021-06", "2021-12"]
    assert client.get("/api/dyads/USA/RUS/timeline").json()["total"] == total
    dyads = client.get("/api/dyads").json()
    assert (dyads[0]["a"], dyads[0]["b"], dyads[0]["n"]) == ("RUS", "USA", total)


def test_readout_comparison_of_the_two_parties(client):
    doc_id = client.get("/api/documents").json()["items"][0]["id"]
    comparison = client.get(f"/api/compare/{doc_id}").json()
    assert comparison["subject"] == {"kind": "document", "id": doc_id}
    parties = {p["party"]: p for p in comparison["parties"]}
    assert set(parties) >= {"Kremlin", "White House"}
    assert "THREATEN" in parties["White House"]["plover"]
    assert "THREATEN" not in parties["Kremlin"]["plover"]
    assert "REQUEST" in parties["Kremlin"]["plover"]
    shared = set(comparison["shared_issues"])
    for party in parties.values():
        assert not shared & set(party["unique_issues"])
        assert set(party["unique_issues"]) <= set(party["issues"])
    # An event of the document compares the same readouts.
    event_id = parties["Kremlin"]["events"][0]["id"]
    by_event = client.get(f"/api/compare/{event_id}").json()
    assert by_event["subject"]["kind"] == "event"
    assert {p["party"] for p in by_event["parties"]} == set(parties)


def test_unknown_ids_are_404_problems(client):
    for path in ("/api/events/nope", "/api/documents/nope", "/api/compare/nope"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert "nope" in response.json()["detail"]


def test_openapi_describes_the_endpoints(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/documents/{document_id}",
                 "/api/dyads/{a}/{b}/timeline", "/api/compare/{subject_id}", "/api/code"):
        assert path in paths
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert names >= {"date_from", "date_to", "actor", "dyad", "plover", "quad_class",
                     "language", "outlet", "party", "q", "sort", "order", "limit", "offset"}
    assert "/" not in paths  # pages are not part of the API
