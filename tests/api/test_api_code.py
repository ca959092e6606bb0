"""POST /api/code: coded and returned, stored only when asked and allowed; limits."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from warta.api.app import create_app
from warta.api.state import open_state

ENGLISH = ("Russian President Vladimir Putin met U.S. President Joe Biden in Geneva on "
           "Wednesday. Biden warned Russia of strong economic sanctions if it invades Ukraine.")


@pytest.fixture
def writable(demo_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A server started with --allow-store, over a copy of the demo database."""
    path = tmp_path / "writable.duckdb"
    shutil.copy(demo_db, path)
    state = open_state(str(path), allow_store=True)
    with TestClient(create_app(state), raise_server_exceptions=False) as test_client:
        yield test_client
    state.close()


def _documents(client: TestClient) -> int:
    return client.get("/api/documents").json()["total"]


def test_codes_a_posted_article_without_storing_it(client):
    response = client.post("/api/code", json={"text": ENGLISH, "published": "2021-06-16"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] is False
    assert body["document"]["language"] == "en"
    kinds = {(e["type"]["plover"], e["modality"]) for e in body["events"]}
    assert ("CONSULT", "asserted") in kinds and ("THREATEN", "conditional") in kinds
    text = body["document"]["text"]
    for event in body["events"]:
        trigger = event["provenance"]["trigger"]
        assert text[trigger["start"]:trigger["end"]] == trigger["text"]
    assert _documents(client) == 1


def test_codes_posted_html(client):
    html = (f"<html><head><title>Summit</title></head><body><article><h1>Summit</h1>"
            f"<p>{ENGLISH}</p></article></body></html>")
    body = client.post("/api/code", json={"html": html, "language": "en"}).json()
    assert "<p>" not in body["document"]["text"]
    assert any(e["type"]["plover"] == "CONSULT" for e in body["events"])


def test_storing_needs_the_flag_and_the_server_option(client, writable):
    refused = client.post("/api/code", json={"text": ENGLISH, "store": True})
    assert refused.status_code == 403
    assert "--allow-store" in refused.json()["detail"]
    assert _documents(client) == 1
    shown = writable.post("/api/code", json={"text": ENGLISH}).json()
    assert shown["stored"] is False and _documents(writable) == 1
    stored = writable.post("/api/code", json={"text": ENGLISH, "store": True}).json()
    assert stored["stored"] is True and _documents(writable) == 2
    doc = writable.get(f"/api/documents/{stored['document']['id']}").json()
    assert len(doc["events"]) == len(stored["events"])


def test_upload_of_text_and_html_files(client):
    ok = client.post("/api/code/upload", files={"file": ("a.txt", ENGLISH.encode(), "text/plain")},
                     data={"language": "en"})
    assert ok.status_code == 200 and ok.json()["events"]
    html = f"<html><body><p>{ENGLISH}</p></body></html>".encode()
    page = client.post("/api/code/upload", files={"file": ("a.html", html, "text/html")})
    assert page.status_code == 200 and page.json()["events"]


@pytest.mark.parametrize("name, data, media, status", [
    ("report.pdf", b"%PDF-1.4 ...", "application/pdf", 415),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", 415),
    ("binary.txt", b"\x00\x01\x02\x03" * 100, "text/plain", 422),
    ("latin1.txt", "Putin bertemu Biden di Jenewa, caf\xe9".encode("latin-1"), "text/plain", 422),
    ("article.exe", b"MZ\x90\x00", "text/plain", 415),
])
def test_uploads_are_type_checked(client, name, data, media, status):
    response = client.post("/api/code/upload", files={"file": (name, data, media)})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_bodies_over_the_limit_get_413(client):
    big = {"text": "Putin met Biden. " * 70_000}
    response = client.post("/api/code", json=big)
    assert response.status_code == 413
    problem = response.json()
    assert problem["status"] == 413 and "limit" in problem["detail"]

    def chunks():  # no Content-Length: the limit holds while streaming
        for _ in range(40):
            yield b"x" * 50_000

    streamed = client.post("/api/code", content=chunks(),
                           headers={"content-type": "application/json"})
    assert streamed.status_code == 413


@pytest.mark.parametrize("payload, status", [
    ({}, 422),
    ({"text": "a", "html": "<p>a</p>"}, 422),
    ({"text": "   "}, 422),
    ({"text": ENGLISH, "language": "xx"}, 422),
    ({"text": ENGLISH, "published": "someday"}, 422),
    ({"text": "Der russische Präsident hat sich am Mittwoch in Genf mit dem amerikanischen "
              "Präsidenten getroffen, um über die Sicherheit in Europa zu sprechen."}, 422),
])
def test_articles_that_cannot_be_coded_are_explained(client, payload, status):
    response = client.post("/api/code", json=payload)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"]


def test_an_upload_name_is_never_read_as_a_path(client):
    response = client.post("/api/code/upload",
                           files={"file": ("../../../../etc/hostname", b"Putin met Biden.",
                                           "text/plain")})
    assert response.status_code == 200
    assert response.json()["document"]["text"] == "Putin met Biden."
