"""HTML pages: main text without page chrome, metadata into the Document."""

from __future__ import annotations

import io
from pathlib import Path

from warta.ingest import read_inputs
from warta.model import Document, Skipped, content_id

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <title>Putin and Biden hold video call | VOV World</title>
  <meta property="og:title" content="Putin and Biden hold video call">
  <meta property="og:site_name" content="VOV World">
  <meta property="article:published_time" content="2021-12-08T10:00:00Z">
  <link rel="canonical" href="https://vovworld.vn/en-US/news/putin-biden-1027419.vov">
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
  <article>
    <h1>Putin and Biden hold video call</h1>
    <p>Russian President Vladimir Putin and US President Joe Biden held a video call on
    Tuesday evening to discuss Ukraine, cyber security and Iran's nuclear programme.</p>
    <p>According to the White House, Biden warned that the United States and its allies would
    impose strong economic measures if Russia escalated militarily.</p>
  </article>
  <footer>Comments | Share | Copyright VOV World</footer>
</body>
</html>
"""

NO_SITENAME = """<html><head><title>Jokowi meets Kishida</title>
<link rel="canonical" href="https://www.example.co.id/berita/jokowi-kishida"></head>
<body><article><p>President Joko Widodo met Japanese Prime Minister Fumio Kishida in Jakarta on
Monday, and the two leaders discussed maritime cooperation and investment.</p></article>
</body></html>"""


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_html_page_gives_main_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "putin-biden.html", PAGE)

    [doc] = list(read_inputs([path]))

    assert isinstance(doc, Document)
    assert "held a video call on" in doc.raw
    assert "economic measures" in doc.raw
    assert "Home" not in doc.raw and "Copyright" not in doc.raw
    assert doc.title == "Putin and Biden hold video call"
    assert doc.outlet == "VOV World"
    assert doc.url == "https://vovworld.vn/en-US/news/putin-biden-1027419.vov"
    assert doc.published == "2021-12-08"
    assert doc.meta == {"format": "html", "input_key": content_id(doc.raw)}


def test_cli_date_beats_the_date_guessed_from_the_page(tmp_path: Path) -> None:
    path = write(tmp_path / "putin-biden.htm", PAGE)
    [doc] = list(read_inputs([path], published="2021-12-07", lang="en"))
    assert (doc.published, doc.language_hint) == ("2021-12-07", "en")


def test_outlet_falls_back_to_the_hostname(tmp_path: Path) -> None:
    [doc] = list(read_inputs([write(tmp_path / "jokowi.html", NO_SITENAME)]))
    assert doc.outlet == "example.co.id"
    assert doc.title == "Jokowi meets Kishida"


def test_html_is_sniffed_without_an_html_extension(tmp_path: Path) -> None:
    [doc] = list(read_inputs([write(tmp_path / "saved-page", PAGE)]))
    assert doc.meta["format"] == "html" and doc.outlet == "VOV World"


def test_html_fragment_on_stdin_is_sniffed() -> None:
    fragment = ("<div><p>Prime Minister Fumio Kishida met President Joko Widodo in Jakarta.</p>"
                "<p>They discussed maritime cooperation.</p></div>")
    [doc] = list(read_inputs(["-"], stdin=io.BytesIO(fragment.encode())))
    assert doc.meta["format"] == "html"
    assert "<p>" not in doc.raw and "maritime cooperation" in doc.raw


def test_html_without_main_text_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.html",
                 "<html><head><title>Only a title</title></head><body></body></html>")
    assert list(read_inputs([path])) == [Skipped(path, "no main text found in HTML")]


def test_too_long_html_text_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "long.html", PAGE)
    [skipped] = list(read_inputs([path], max_chars=100))
    assert skipped.reason.startswith("too long:") and skipped.reason.endswith("raise --max-chars")
