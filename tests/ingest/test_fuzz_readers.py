"""Property: a reader yields documents or skips, never raises — for every reader, on random
bytes and on damaged versions of valid inputs (truncated, bytes flipped, bytes inserted).

The default suite runs a bounded number of examples per reader; a longer run is one command:

    WARTA_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/ingest/test_fuzz_readers.py   # make fuzz
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warta.ingest import read_inputs
from warta.ingest.feeds import read_feed
from warta.ingest.fetch import FetchError, Response
from warta.model import Document, Skipped

EXAMPLES = int(os.environ.get("WARTA_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TEXT = "Putin met Biden in Geneva on Wednesday. They talked about Ukraine and cyber security.\n"
PAGE = (f"<html><head><title>Geneva</title><meta name='date' content='2021-06-16'></head>"
        f"<body><article><h1>Geneva</h1><p>{TEXT * 3}</p></article></body></html>")
RECORD = {"text": TEXT, "title": "Geneva", "url": "https://news.example/a",
          "published": "2021-06-16", "language": "en", "id": 7}
JSONL = "".join(json.dumps({**RECORD, "id": n}) + "\n" for n in range(3))
JSONL += json.dumps({"html": PAGE, "published": 20170328, "title": 42}) + "\n"
CSV = f'text,title,published,url\n"{TEXT}",Geneva,2021-06-16,https://news.example/a\n'
CSV += f'"{TEXT} again",Again,2021-13-45,7\n'
FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        + "".join(f"<item><title>a{n}</title><link>https://news.example/{n}</link>"
                  f"<pubDate>Wed, 16 Jun 2021 10:00:00 GMT</pubDate>"
                  f"<description>{TEXT}</description></item>" for n in range(2))
        + f"<item><title>inline</title><description>{TEXT}</description></item>"
        + "</channel></rss>")


def warc(gzipped: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "fuzz"}))
    for uri, body, kind in (("https://news.example/a", PAGE.encode(), "text/html"),
                            ("https://news.example/b.pdf", b"%PDF-1.4", "application/pdf")):
        headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response",
                                                      payload=io.BytesIO(body),
                                                      http_headers=headers))
    return out.getvalue()


COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress,
    ".zst": zstandard.ZstdCompressor().compress,
}
# name -> a valid input of that kind, which the fuzzer damages.
VALID: dict[str, bytes] = {
    "article.txt": TEXT.encode(),
    "page.html": PAGE.encode(),
    "articles.jsonl": JSONL.encode(),
    "articles.csv": CSV.encode(),
    "articles.tsv": CSV.replace(",", "\t").encode(),
    "crawl.warc": warc(gzipped=False),
    "crawl.warc.gz": warc(gzipped=True),
    "sniffed": JSONL.encode(),
    "feed.xml": FEED.encode(),
    **{f"articles.jsonl{suffix}": pack(JSONL.encode()) for suffix, pack in COMPRESSORS.items()},
    **{f"articles.csv{suffix}": pack(CSV.encode()) for suffix, pack in COMPRESSORS.items()},
    "page.html.gz": gzip.compress(PAGE.encode()),
    "article.txt.bz2": bz2.compress(TEXT.encode()),
    "sniffed-gzip": gzip.compress(JSONL.encode()),
}


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` truncated, with bytes flipped and bytes inserted, in any combination."""
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if action == "truncate":
            del data[at:]
        elif action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at:at + draw(st.integers(1, 64))]
    return bytes(data)


def inputs(name: str) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=512), damaged(VALID[name]))


def read_all(name: str, data: bytes, max_chars: int) -> list[Document | Skipped]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(read_inputs([str(path)], max_chars=max_chars,
                                published="2021-12-08"))


def assert_accounted_for(items: list[Document | Skipped]) -> None:
    assert items, "an input must yield at least one document or skip"
    for item in items:
        assert isinstance(item, Document | Skipped)
        if isinstance(item, Skipped):
            assert item.reason and item.origin
        else:
            assert item.raw.strip() and item.meta.get("input_key")


MAX_CHARS = st.sampled_from([20, 400, 2_000_000])


def _property(name: str) -> Callable[..., None]:
    @FUZZ
    @given(data=inputs(name), max_chars=MAX_CHARS)
    def check(data: bytes, max_chars: int) -> None:
        assert_accounted_for(read_all(name, data, max_chars))

    check.__name__ = f"test_{name}_yields_documents_or_skips"
    return check


# One test per reader and kind of input, so that a failure names the reader.
for _name in VALID:
    if _name != "feed.xml":
        globals()[f"test_fuzz_{_name.replace('.', '_').replace('-', '_')}"] = _property(_name)


@FUZZ
@given(data=st.one_of(st.binary(max_size=512), damaged(VALID["articles.jsonl"]),
                      damaged(VALID["sniffed-gzip"]), damaged(VALID["page.html"])),
       max_chars=MAX_CHARS)
def test_fuzz_stdin_yields_documents_or_skips(data: bytes, max_chars: int) -> None:
    assert_accounted_for(list(read_inputs(["-"], stdin=io.BytesIO(data), max_chars=max_chars)))


class FuzzFetcher:
    """Answers every article link with fuzzed bytes and content type, or a fetch error."""

    def __init__(self, body: bytes, content_type: str, fail: bool):
        self.body, self.content_type, self.fail = body, content_type, fail

    def get(self, url: str) -> Response:
        if self.fail:
            raise FetchError(f"HTTP 500 after 1 attempts: {url}")
        return Response(url, self.body, self.content_type)


@FUZZ
@given(feed=inputs("feed.xml"),
       body=st.one_of(st.binary(max_size=256), damaged(PAGE.encode())),
       content_type=st.sampled_from(["text/html", "text/html; charset=nonsense", "text/plain",
                                     "application/pdf", "", "text/html; charset=utf-16"]),
       fail=st.booleans(), max_chars=MAX_CHARS)
def test_fuzz_feeds_yield_documents_or_skips(feed: bytes, body: bytes, content_type: str,
                                             fail: bool, max_chars: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.xml"
        path.write_bytes(feed)
        items = list(read_feed(str(path), fetcher=FuzzFetcher(body, content_type, fail),
                               max_chars=max_chars))
    assert_accounted_for(items)
