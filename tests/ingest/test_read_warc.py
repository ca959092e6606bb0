"""WARC: HTML responses are coded, every other record is skipped with its reason."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warta.ingest import read_inputs
from warta.model import Document, Skipped

PARAGRAPH = ("<p>President Joe Biden met President Vladimir Putin in Geneva on Wednesday. The "
             "two leaders discussed arms control and cyber security for more than three hours, "
             "officials said, and agreed to return their ambassadors to their posts.</p>")
PAGE = ("<html><head><title>Biden and Putin meet in Geneva</title></head><body><article>"
        "<h1>Biden and Putin meet in Geneva</h1>"
        + "".join(PARAGRAPH.replace("Wednesday", day) for day in ("Monday", "Tuesday", "Friday"))
        + "</article></body></html>"
        ).encode()


def response(writer: WARCWriter, uri: str, body: bytes, content_type: str,
             status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                  http_headers=headers))


def write_warc(path: Path) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "t"}))
        response(writer, "https://news.example/geneva", PAGE, "text/html; charset=utf-8")
        response(writer, "https://news.example/report.pdf", b"%PDF-1.4", "application/pdf")
        response(writer, "https://news.example/gone", b"", "text/html", "404 Not Found")
        request = io.BytesIO(b"GET /geneva HTTP/1.1\r\n\r\n")
        writer.write_record(writer.create_warc_record("https://news.example/geneva", "request",
                                                      payload=request))


def test_html_responses_are_documents_and_other_records_skipped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    items = list(read_inputs([str(path)]))
    docs = [item for item in items if isinstance(item, Document)]
    skipped = [item.reason for item in items if isinstance(item, Skipped)]
    assert len(docs) == 1
    assert docs[0].url == "https://news.example/geneva"
    assert "Vladimir Putin in Geneva" in docs[0].raw
    assert len(items) == 5  # every record accounted for
    assert any(r.startswith("WARC warcinfo record") for r in skipped)
    assert any("application/pdf response" in r for r in skipped)
    assert any(r.startswith("HTTP 404") for r in skipped)
    assert any(r.startswith("WARC request record") for r in skipped)


def test_a_truncated_warc_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    items = list(read_inputs([str(cut)]))
    # warcio reads a cut gzip member as a short record: what came before is still coded.
    assert any(isinstance(item, Document) for item in items)
    assert all(isinstance(item, Document | Skipped) for item in items)
