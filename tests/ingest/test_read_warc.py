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
    [_, page, *_] = list(read_inputs([str(whole)]))
    items = list(read_inputs([str(cut)]))
    # warcio reads a cut gzip member as a short record: the records before the break come
    # out as they do from the whole file (the info record, then the page, text and all).
    assert [type(item).__name__ for item in items[:2]] == ["Skipped", "Document"]
    assert items[0].reason.startswith("WARC warcinfo record")
    assert (items[1].url, items[1].raw) == (page.url, page.raw)
    assert "Vladimir Putin in Geneva" in items[1].raw and len(items) < 5


# The audit's reproduction (issue 13, item 1): a response whose headers say 99,999 bytes and
# that has no target URI; warcio's own header parser raised AttributeError on it.
MALFORMED = (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n"
             b"HTTP/1.1 200 OK\r\n\r\n<html>trunc")


def test_a_malformed_warc_is_skipped_with_its_offset_and_the_run_goes_on(tmp_path: Path
                                                                         ) -> None:
    (tmp_path / "a-good.txt").write_text("Putin met Biden in Geneva.")
    (tmp_path / "b-broken.warc").write_bytes(MALFORMED)
    (tmp_path / "c-good.txt").write_text("Biden met Jokowi in Jakarta.")
    items = list(read_inputs([str(tmp_path)]))
    assert [type(item).__name__ for item in items] == ["Document", "Skipped", "Document"]
    reason = items[1].reason
    assert items[1].origin == str(tmp_path / "b-broken.warc")
    assert reason.startswith("damaged WARC after record 0, at byte 0: AttributeError")


def test_a_malformed_record_after_good_ones_keeps_them_and_names_its_offset(tmp_path: Path
                                                                            ) -> None:
    good = tmp_path / "good.warc"
    with good.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        response(writer, "https://news.example/geneva", PAGE, "text/html; charset=utf-8")
    size = good.stat().st_size
    mixed = tmp_path / "mixed.warc"
    mixed.write_bytes(good.read_bytes() + MALFORMED)
    items = list(read_inputs([str(mixed)]))
    assert isinstance(items[0], Document) and items[0].url == "https://news.example/geneva"
    [damage] = items[1:]
    assert isinstance(damage, Skipped) and damage.origin == str(mixed)
    assert f"after record 1, at byte {size}:" in damage.reason


def test_warta_code_records_the_malformed_warc_and_exits_0(tmp_path: Path, monkeypatch,
                                                          stub_pipeline) -> None:
    from click.testing import CliRunner

    import warta.cli
    import warta.run
    from warta.store import Store

    monkeypatch.setattr(warta.run, "make_pipeline", lambda: stub_pipeline)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "x.warc").write_bytes(MALFORMED)
    (tmp_path / "corpus" / "y.txt").write_text("Putin met Biden in Geneva.")
    db = tmp_path / "x.duckdb"
    result = CliRunner().invoke(warta.cli.cli, ["code", str(tmp_path / "corpus"), "--db",
                                                str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    with Store(str(db)) as store:
        assert store.counts()["documents"] == 1
        [row] = store.query("SELECT origin, reason FROM skipped")
        runs = store.query("SELECT finished_at FROM runs")
    assert row["origin"].endswith("x.warc") and "at byte 0" in row["reason"]
    assert runs[0]["finished_at"] is not None  # the run was finished, not abandoned


def test_a_response_longer_than_a_document_can_be_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        response(writer, "https://news.example/huge", b"<html><body>" + b"x" * 5000,
                 "text/html")
        response(writer, "https://news.example/geneva", PAGE, "text/html")
    items = list(read_inputs([str(path)], max_chars=100))
    assert isinstance(items[0], Skipped)
    assert items[0].reason.startswith("too long: a response of more than 4004 bytes")
    assert isinstance(items[1], Skipped) and "too long" in items[1].reason  # PAGE > 100 too
