"""Feeds and `warta watch` against a server on 127.0.0.1 that also hangs, fails and
returns garbage: good articles are coded, the others skipped with the reason."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

import warta.cli
import warta.run
from warta.cli import cli
from warta.ingest.feeds import read_feed
from warta.ingest.fetch import USER_AGENT, Fetcher, FetchError
from warta.model import Document, Skipped
from warta.store import Store

ARTICLE = ("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
           "<p>Putin met Biden in Geneva on Wednesday for talks on arms control.</p>"
           "<p>Jokowi met Putin in Moscow to discuss trade and investment.</p>"
           "<p>Officials from both sides described the meetings as constructive.</p>"
           "</article></body></html>")


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    agents: set[str] = set()

    def do_GET(self) -> None:  # the http.server API
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        Handler.agents.add(self.headers.get("User-Agent", ""))
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/feed.xml":
            items = "".join(
                f"<item><title>{name}</title><link>{base}/{name}</link>"
                f"<pubDate>Wed, 16 Jun 2021 10:00:00 GMT</pubDate></item>"
                for name in ("good", "hang", "error", "garbage", "missing"))
            self.reply(200, "application/rss+xml",
                       f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                       f"{items}</channel></rss>".encode())
        elif self.path == "/good":
            self.reply(200, "text/html; charset=utf-8", ARTICLE.format(title="Geneva").encode())
        elif self.path == "/hang":
            time.sleep(30)  # far beyond any timeout of the tests
            self.reply(200, "text/html", b"<html>too late</html>")
        elif self.path == "/error":
            self.reply(500, "text/plain", b"boom")
        elif self.path == "/garbage":
            self.reply(200, "text/html", bytes(range(256)) * 20)
        elif self.path == "/notafeed":
            self.reply(200, "text/html", b"<html><body>hello</body></html>")
        else:
            self.reply(404, "text/plain", b"not found")

    def reply(self, status: int, kind: str, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the hanging page): expected

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Handler.hits, Handler.agents = {}, set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def fast_fetcher() -> Fetcher:
    return Fetcher(timeout=0.5, retries=1, backoff=0.05, per_host_interval=0.0)


def test_feed_entries_are_fetched_or_skipped_with_reasons(server: str) -> None:
    items = {item.origin.rsplit("/", 1)[1]: item
             for item in read_feed(f"{server}/feed.xml", fetcher=fast_fetcher())}
    good = items["good"]
    assert isinstance(good, Document)
    assert (good.title, good.published, good.url) == ("good", "2021-06-16", f"{server}/good")
    reasons = {name: item.reason for name, item in items.items() if isinstance(item, Skipped)}
    assert re.search(r"timed out after [\d.]+ s \(--timeout 0.5 s for the whole response\) "
                     r"after 2 attempts \([\d.]+ s in all", reasons["hang"])
    assert "HTTP 500 after 2 attempts" in reasons["error"]
    assert "binary content" in reasons["garbage"]
    assert "HTTP 404" in reasons["missing"]
    assert Handler.hits["/error"] == 2 and Handler.hits["/missing"] == 1  # 4xx: no retry
    assert Handler.agents == {USER_AGENT}


def test_a_page_that_is_not_a_feed_is_skipped(server: str) -> None:
    [item] = read_feed(f"{server}/notafeed", fetcher=fast_fetcher())
    assert isinstance(item, Skipped) and "not a feed" in item.reason


def test_per_host_rate_limit_spaces_requests(server: str) -> None:
    fetcher = Fetcher(timeout=1, retries=0, per_host_interval=0.3)
    started = time.monotonic()
    for _ in range(3):
        fetcher.get(f"{server}/good")
    assert time.monotonic() - started >= 0.6
    with pytest.raises(FetchError, match="not an http"):
        fetcher.get("file:///etc/passwd")


def test_watch_once_codes_new_links_and_then_nothing_again(
        server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub_pipeline) -> None:
    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# news\n{server}/feed.xml\n")
    db = tmp_path / "events.duckdb"
    args = ["watch", str(feeds), "--db", str(db), "--once", "--timeout", "0.5",
            "--retries", "0", "--per-host", "0", "-q"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "1 document coded, 2 events, 4 skipped" in first.output
    second = CliRunner().invoke(cli, args)
    assert "0 documents coded" in second.output
    assert Handler.hits["/good"] == 1  # a link already in the store is not fetched again
    with Store(str(db)) as store:
        assert store.counts()["documents"] == 1
        assert store.counts()["skipped"] == 4
