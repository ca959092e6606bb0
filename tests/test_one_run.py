"""Every door codes and stores the same way (warta.run.code_run): `warta code --db`,
`warta watch` from a local feed, `POST /api/code` with storing and `warta.code_text` give the
same event records; the three that store give the same runs and the same clusters."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

import warta
from warta.api.app import create_app
from warta.api.state import open_state
from warta.cli import cli
from warta.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's TestClient prefers another HTTP client
    from fastapi.testclient import TestClient

PUBLISHED = "2021-06-16"
# Short, synthetic reports of one meeting: two in English, one in Indonesian, so that the
# clusters span articles and languages.
ARTICLES = {
    "geneva-a": ("President Joe Biden met Russian President Vladimir Putin in Geneva on "
                 "Wednesday. The two leaders discussed arms control and cyber security."),
    "geneva-b": ("Vladimir Putin and Joe Biden held talks in Geneva on Wednesday. Putin said "
                 "the meeting was constructive."),
    "jenewa": ("Presiden Amerika Serikat Joe Biden bertemu Presiden Rusia Vladimir Putin di "
               "Jenewa pada Rabu. Kedua pemimpin membahas pengendalian senjata."),
}


def coding(record: dict[str, Any]) -> dict[str, Any]:
    """The record without where the input came from (a file, a feed link, a post)."""
    provenance = {key: value for key, value in record["provenance"].items()
                  if key not in ("origin", "url", "title", "outlet")}
    return {**record, "provenance": provenance, "cluster": None}


def stored(db: Path) -> tuple[list[dict[str, Any]], set[frozenset[str]], tuple[int, ...]]:
    """Events (as coded), clusters (as sets of event ids) and the runs' summed tallies."""
    import json

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT id, record, cluster FROM events ORDER BY id").fetchall()
        runs = con.execute("SELECT sum(n_coded), sum(n_events), sum(n_skipped), "
                           "sum(n_already), count(*) FILTER (WHERE status != 'finished') "
                           "FROM runs").fetchone()
    clusters: dict[str, set[str]] = {}
    for event_id, _, cluster in rows:
        assert cluster is not None, f"{event_id} was not clustered"
        clusters.setdefault(cluster, set()).add(event_id)
    records = [coding(json.loads(record)) for _, record, _ in rows]
    assert runs is not None
    return records, {frozenset(ids) for ids in clusters.values()}, tuple(runs)


@pytest.fixture(scope="module")
def feed_server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the http.server API
            base = f"http://127.0.0.1:{self.server.server_port}"
            if self.path == "/feed.xml":
                items = "".join(f"<item><link>{base}/{name}</link><pubDate>Wed, 16 Jun 2021 "
                                f"10:00:00 GMT</pubDate></item>" for name in ARTICLES)
                body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                        f"{items}</channel></rss>").encode()
                kind = "application/rss+xml"
            else:
                body, kind = ARTICLES[self.path.strip("/")].encode(), "text/plain; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def through_cli(tmp: Path) -> Path:
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    db = tmp / "cli.duckdb"
    result = CliRunner().invoke(cli, ["code", str(corpus), "--db", str(db), "--published",
                                      PUBLISHED, "-q"])
    assert result.exit_code == 0, result.output
    return db


def through_watch(tmp: Path, server: str) -> Path:
    feeds = tmp / "feeds.txt"
    feeds.write_text(f"{server}/feed.xml\n")
    db = tmp / "watch.duckdb"
    result = CliRunner().invoke(cli, ["watch", str(feeds), "--db", str(db), "--once",
                                      "--per-host", "0", "--retries", "0", "-q"])
    assert result.exit_code == 0, result.output
    return db


def through_api(tmp: Path) -> Path:
    db = tmp / "api.duckdb"
    Store(str(db)).close()
    state = open_state(str(db), allow_store=True)
    try:
        with TestClient(create_app(state)) as client:
            for text in ARTICLES.values():
                response = client.post("/api/code", json={"text": text, "store": True,
                                                          "published": PUBLISHED})
                assert response.status_code == 200, response.text
                assert response.json()["stored"] is True
    finally:
        state.close()
    return db


def test_every_door_gives_the_same_records_runs_and_clusters(
        tmp_path: Path, feed_server: str) -> None:
    cli_db = through_cli(tmp_path)
    records, clusters, runs = stored(cli_db)
    assert len(records) >= 3 and runs == (3, len(records), 0, 0, 0)
    assert any(len(ids) > 1 for ids in clusters)  # one meeting, reported more than once
    for db in (through_watch(tmp_path, feed_server), through_api(tmp_path)):
        assert stored(db) == (records, clusters, runs)

    by_code_text = sorted((coding(r) for text in ARTICLES.values()
                           for r in warta.code_text(text, published=PUBLISHED)),
                          key=lambda r: r["id"])
    assert by_code_text == records


def test_an_article_posted_again_is_answered_from_the_same_coding(tmp_path: Path) -> None:
    db = through_api(tmp_path)
    text = ARTICLES["geneva-a"]
    state = open_state(str(db), allow_store=True)
    try:
        with TestClient(create_app(state)) as client:
            first = client.post("/api/code", json={"text": text, "published": PUBLISHED})
            again = client.post("/api/code", json={"text": text, "store": True,
                                                   "published": PUBLISHED})
    finally:
        state.close()
    assert again.status_code == 200 and again.json()["stored"] is True
    assert again.json()["events"] == first.json()["events"]
    with duckdb.connect(str(db), read_only=True) as con:
        last = con.execute("SELECT n_coded, n_already, status FROM runs ORDER BY id DESC "
                           "LIMIT 1").fetchone()
    assert last == (0, 1, "finished")  # recorded as a run that found it already coded
