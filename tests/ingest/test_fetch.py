"""--timeout is a deadline for the whole request, and feeds are fetched concurrently, against
servers on 127.0.0.1 that drip their answers one byte at a time or wait for each other.

No assertion here measures time: a server that drips for far longer than any timeout notes
whether the client hung up before it finished, and a feed that waits for another is served
only when both were requested at once.
"""

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
from warta.ingest.feeds import read_feeds
from warta.ingest.fetch import Fetcher, FetchError
from warta.model import Document, Skipped
from warta.store import Store

DRIP_BYTES = 400  # at one byte every DRIP_EVERY seconds: 40 s, far beyond the timeouts here
DRIP_EVERY = 0.1
WAIT_FOR_OTHER = 20.0  # seconds feed A waits for feed B to be requested
PAGE = ("<html><head><title>{name}</title></head><body><article><h1>{name}</h1>"
        "<p>Putin met Biden in Geneva on Wednesday for talks on arms control.</p>"
        "<p>Officials from both sides described the meeting as constructive.</p>"
        "</article></body></html>")


class Server(BaseHTTPRequestHandler):
    hung_up: dict[str, threading.Event] = {}
    finished: dict[str, threading.Event] = {}
    requested: dict[str, threading.Event] = {}
    saw_other: dict[str, bool] = {}

    def do_GET(self) -> None:  # the http.server API
        name = self.path.strip("/")
        Server.requested.setdefault(name, threading.Event()).set()
        base = f"http://127.0.0.1:{self.server.server_port}"
        if name == "drip-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(DRIP_BYTES))
            self.end_headers()
            self.drip(name, b"x" * DRIP_BYTES)
        elif name == "drip-headers":
            self.drip(name, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X" * DRIP_BYTES)
        elif name in ("feed-a", "feed-b"):
            if name == "feed-a":  # served only once feed B is being fetched too
                other = Server.requested.setdefault("feed-b", threading.Event())
                Server.saw_other[name] = other.wait(WAIT_FOR_OTHER)
            link = f"{base}/article-{name[-1]}"
            self.reply("application/rss+xml",
                       f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
                       f"<item><title>{name}</title><link>{link}</link>"
                       f"<pubDate>not a date</pubDate></item></channel></rss>")
        elif name.startswith("article-"):
            self.reply("text/html", PAGE.format(name=name))
        else:
            self.send_error(404)

    def drip(self, name: str, data: bytes) -> None:
        try:
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(DRIP_EVERY)
            Server.finished.setdefault(name, threading.Event()).set()
        except (BrokenPipeError, ConnectionResetError):
            Server.hung_up.setdefault(name, threading.Event()).set()

    def reply(self, kind: str, text: str) -> None:
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Server.hung_up, Server.finished, Server.requested, Server.saw_other = {}, {}, {}, {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Server)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def hung_up(name: str) -> bool:
    """Whether the client closed the connection before the drip was over."""
    event = Server.hung_up.setdefault(name, threading.Event())
    # The server notices the closed connection at its next byte or two.
    return event.wait(DRIP_BYTES * DRIP_EVERY) and not Server.finished.get(name)


@pytest.mark.parametrize("name", ["drip-body", "drip-headers"])
def test_a_server_dripping_bytes_is_cut_off_at_the_deadline(server: str, name: str) -> None:
    fetcher = Fetcher(timeout=0.5, retries=0, per_host_interval=0)
    with pytest.raises(FetchError) as caught:
        fetcher.get(f"{server}/{name}")
    fetcher.close()
    # The time recorded is the time spent, not the limit restated.
    assert re.match(r"timed out after \d+\.\d s \(--timeout 0.5 s for the whole response\) "
                    r"after 1 attempts \(\d+\.\d s in all", caught.value.reason)
    assert hung_up(name)


def test_feeds_are_fetched_concurrently(server: str) -> None:
    fetcher = Fetcher(timeout=WAIT_FOR_OTHER + 10, retries=0, per_host_interval=0)
    items = list(read_feeds([f"{server}/feed-a", f"{server}/feed-b"], fetcher=fetcher,
                            workers=2))
    fetcher.close()
    assert Server.saw_other == {"feed-a": True}  # A was still being served when B was asked
    assert [item.url for item in items if isinstance(item, Document)] == [
        f"{server}/article-a", f"{server}/article-b"]  # and the order is the feeds' order
    assert items[0].meta["warnings"] == [{  # type: ignore[union-attr]
        "field": "published", "value": "'not a date'",
        "message": "published: 'not a date' is not a date feedparser can read; left out"}]


def test_with_one_worker_the_waiting_feed_is_what_times_out(server: str) -> None:
    fetcher = Fetcher(timeout=0.5, retries=0, per_host_interval=0)
    items = list(read_feeds([f"{server}/feed-a", f"{server}/feed-b"], fetcher=fetcher,
                            workers=1))
    fetcher.close()
    assert isinstance(items[0], Skipped) and "timed out after" in items[0].reason
    assert isinstance(items[1], Document) and items[1].url == f"{server}/article-b"


def test_watch_timeout_bounds_a_dripping_feed(server: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              stub_pipeline) -> None:
    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server}/drip-body\n{server}/feed-b\n")
    db = tmp_path / "events.duckdb"
    result = CliRunner().invoke(cli, ["watch", str(feeds), "--db", str(db), "--once",
                                      "--timeout", "0.5", "--retries", "0", "--per-host", "0",
                                      "-q"])
    assert result.exit_code == 0, result.output
    assert "1 document coded" in result.output and "1 skipped" in result.output
    assert hung_up("drip-body")
    with Store(str(db)) as store:
        [row] = store.query("SELECT origin, reason FROM skipped")
    assert row["origin"] == f"{server}/drip-body"
    assert row["reason"].startswith("feed not fetched: timed out after")
