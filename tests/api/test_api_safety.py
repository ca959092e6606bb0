"""Safety: escaped article text, problem details instead of tracebacks, read-only serving,
no path reading, localhost by default."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from warta.api.app import create_app
from warta.api.command import serve_command
from warta.api.state import DatabaseError, open_state
from warta.store import queries

XSS = '<script>alert("xss")</script>'  # as in conftest's hostile database
ATTR = '" onmouseover="alert(1)" x="'


@pytest.fixture
def hostile(hostile_db: Path):
    state = open_state(str(hostile_db))
    with TestClient(create_app(state), raise_server_exceptions=False) as test_client:
        yield test_client
    state.close()


def _assert_escaped(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'onmouseover="alert' not in html
    # The hostile text is shown, escaped (each page shows at least one hostile field).
    assert "&lt;script&gt;" in html or "&#34; onmouseover=&#34;" in html


def test_article_text_and_fields_are_escaped_on_every_page(hostile):
    doc_id = hostile.get("/api/documents").json()["items"][0]["id"]
    event_id = hostile.get("/api/events").json()["items"][0]["id"]
    pages = ["/", f"/documents/{doc_id}", "/documents", f"/events/{event_id}",
             f"/compare/{doc_id}", "/?q=script"]
    for path in pages:
        response = hostile.get(path)
        assert response.status_code == 200, path
        _assert_escaped(response.text)
    # The raw text is still there for API clients, as JSON.
    assert XSS in hostile.get(f"/api/documents/{doc_id}").json()["text"]


def test_coded_article_page_escapes_posted_markup(client):
    text = f"Putin met Biden in Geneva. {XSS} Biden{ATTR} warned Russia."
    response = client.post("/code", data={"text": text, "language": "en"})
    assert response.status_code == 200
    _assert_escaped(response.text)


def test_pages_forbid_inline_scripts(client):
    response = client.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "https://" not in response.text and "http://" not in response.text.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_internal_errors_are_problems_without_tracebacks(client, monkeypatch):
    def explode(*_args, **_kwargs):
        raise RuntimeError("secret detail at /srv/private/path.py")

    monkeypatch.setattr(queries, "list_events", explode)
    for accept in ("application/json", "text/html"):
        response = client.get("/api/events", headers={"accept": accept})
        assert response.status_code == 500
        assert response.headers["content-type"] == "application/problem+json"
        assert "secret" not in response.text and "Traceback" not in response.text
    page = client.get("/", headers={"accept": "text/html"})
    assert page.status_code == 500 and "secret" not in page.text
    assert "Traceback" not in page.text


def test_no_endpoint_reads_arbitrary_paths(client):
    for path in ("/static/../pyproject.toml", "/static/..%2f..%2fpyproject.toml",
                 "/documents/..%2f..%2f..%2fetc%2fpasswd", "/api/documents/%2e%2e%2fetc",
                 "/static/%2e%2e/%2e%2e/api/app.py"):
        response = client.get(path)
        assert response.status_code in (404, 422), path
        assert "root:" not in response.text and "[project]" not in response.text


def test_the_store_is_opened_read_only(demo_db: Path):
    state = open_state(str(demo_db))
    try:
        with pytest.raises(duckdb.Error):
            state.connection.execute("DELETE FROM events")
        assert state.allow_store is False
    finally:
        state.close()


def test_serving_a_missing_or_foreign_database_is_refused(tmp_path: Path):
    with pytest.raises(DatabaseError, match="no such database"):
        open_state(str(tmp_path / "missing.duckdb"))
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(DatabaseError, match="not a warta database"):
        open_state(str(other))
    result = CliRunner().invoke(serve_command, ["--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2 and "no database at" in result.output


def test_serve_binds_localhost_read_only_by_default(demo_db: Path, monkeypatch):
    import warta.api.server

    calls = []
    monkeypatch.setattr(warta.api.server, "serve", lambda db, **kw: calls.append((db, kw)))
    result = CliRunner().invoke(serve_command, ["--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert calls == [(str(demo_db), {"host": "127.0.0.1", "port": 8000, "allow_store": False,
                                     "max_bytes": 1_000_000, "log_level": "info"})]


def test_html_error_pages_for_browsers(client):
    response = client.get("/events/nope", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no event" in response.text.lower()
