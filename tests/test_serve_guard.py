"""`warta serve` against other sites and other names (issue 13, items 6 and 7): cross-site
posts cannot store articles, a Host that does not name the server is refused (DNS
rebinding), and paging beyond any store is a 422, not a 500.

Kept beside tests/api (whose fixtures code the founding article with the real pipeline):
these need only the stub pipeline.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from warta.api.app import create_app
from warta.api.guard import allowed_hosts
from warta.api.state import ServerState, open_state
from warta.model import Document, content_id
from warta.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's TestClient prefers another HTTP client
    from fastapi.testclient import TestClient

ARTICLE = "Putin met Biden in Geneva. Biden met Jokowi in Jakarta."
EVIL = "http://evil.example"


@pytest.fixture
def state(tmp_path: Path, stub_pipeline) -> Iterator[ServerState]:
    path = tmp_path / "events.duckdb"
    doc = stub_pipeline.process(Document(raw="Putin met Biden.", origin="a.txt",
                                         meta={"input_key": content_id("Putin met Biden.")}))
    with Store(str(path)) as store:
        store.write(doc)
    opened = open_state(str(path), allow_store=True, process=stub_pipeline.process)
    yield opened
    opened.close()


@pytest.fixture
def client(state: ServerState) -> Iterator[TestClient]:
    with TestClient(create_app(state), raise_server_exceptions=False) as test_client:
        yield test_client


def documents(state: ServerState) -> int:
    assert state.store is not None
    return state.store.counts()["documents"]


@pytest.mark.parametrize("headers", [
    {"Origin": EVIL},
    {"Origin": "null"},  # a sandboxed frame, a data: URL
    {"Referer": f"{EVIL}/attack.html"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://testserver"},  # a sibling subdomain
])
def test_a_cross_site_form_cannot_store_an_article(client: TestClient, state: ServerState,
                                                   headers: dict[str, str]) -> None:
    form = client.post("/code", data={"text": ARTICLE, "store": "true"}, headers=headers)
    upload = client.post("/api/code/upload", data={"store": "true"}, headers=headers,
                         files={"file": ("a.txt", ARTICLE.encode(), "text/plain")})
    api = client.post("/api/code", json={"text": ARTICLE, "store": True}, headers=headers)
    for response in (form, upload, api):
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
        assert "cross-site request refused" in response.json()["detail"]
    assert documents(state) == 1  # nothing stored


@pytest.mark.parametrize("headers", [
    {"Origin": "http://testserver"},
    {"Referer": "http://testserver/code"},
    {"Sec-Fetch-Site": "same-origin", "Origin": "null"},  # the browser's verdict wins
    {},  # curl, scripts: no browser, no cross-site page behind the request
])
def test_this_servers_own_pages_and_programs_may_store(client: TestClient, state: ServerState,
                                                       headers: dict[str, str]) -> None:
    response = client.post("/api/code", json={"text": ARTICLE, "store": True}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["stored"] is True
    assert documents(state) == 2


def test_reading_is_not_checked_for_origin(client: TestClient) -> None:
    assert client.get("/api/events", headers={"Origin": EVIL}).status_code == 200


def test_a_host_that_does_not_name_the_server_is_refused(state: ServerState) -> None:
    state.allowed_hosts = allowed_hosts("127.0.0.1", 8000)
    app = create_app(state)
    for base, status in (("http://127.0.0.1:8000", 200), ("http://localhost:8000", 200),
                         ("http://evil.example:8000", 403), ("http://127.0.0.1:9999", 403)):
        with TestClient(app, base_url=base, raise_server_exceptions=False) as client:
            response = client.get("/api/events")
            assert response.status_code == status, base
            # A rebound page's post is refused for its Host before its Origin is looked at.
            posted = client.post("/api/code", json={"text": ARTICLE, "store": True},
                                 headers={"Origin": base})
            assert posted.status_code == (200 if status == 200 else 403), base
    assert "does not name this server" in response.json()["detail"]


def test_the_names_of_a_bound_address() -> None:
    assert allowed_hosts("127.0.0.1", 8000) == {"127.0.0.1:8000", "localhost:8000",
                                                "[::1]:8000"}
    assert allowed_hosts("10.0.0.5", 80) == {"10.0.0.5:80", "10.0.0.5"}
    assert allowed_hosts("0.0.0.0", 8000) is None  # every interface: any name may reach it


def test_serve_checks_the_host_of_the_address_it_binds(tmp_path: Path, state: ServerState,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from warta.api.server import serve

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(app))
    state.close()  # the database is opened again by serve
    serve(str(tmp_path / "events.duckdb"), host="127.0.0.1", port=8123)
    assert served[0].state.warta.allowed_hosts == allowed_hosts("127.0.0.1", 8123)


@pytest.mark.parametrize("path", ["/api/events", "/api/documents", "/", "/documents"])
def test_an_offset_beyond_any_store_is_a_422(client: TestClient, path: str) -> None:
    response = client.get(f"{path}?offset=99999999999999999999")
    assert response.status_code == 422
    assert client.get(f"{path}?offset=1000000000000").status_code == 200  # the largest
