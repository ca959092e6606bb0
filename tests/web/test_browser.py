"""The web UI in a real browser (Debian's Chromium through Playwright) over the demo database.

Skipped when Chromium is absent, except in CI (CI=true), where a missing browser is a failure:
.ci/run installs it. Screenshots of each page go to test-output/screenshots/.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "vovworld-putin-biden.id.txt"
SHOTS = ROOT / "test-output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not os.environ.get("CI") and not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is not installed (CI installs it)", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on uvicorn in a thread, over the founding article coded by `warta code`."""
    import uvicorn
    from click.testing import CliRunner

    from warta.api.app import create_app
    from warta.api.state import open_state
    from warta.cli import cli

    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    result = CliRunner().invoke(cli, ["code", str(EXAMPLE), "--published", "2021-12-08",
                                      "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    state = open_state(str(db))
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(create_app(state), host="127.0.0.1", port=port,
                                       log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(10)
    state.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    errors: list[str] = []
    # A blocked script or style (CSP) or a JavaScript error shows up as a console error.
    opened.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    opened.on("pageerror", lambda err: errors.append(str(err)))
    yield opened
    context.close()
    assert errors == []


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_filter_the_event_table(server: str, page: Page):
    page.goto(server + "/")
    rows = page.locator("#event-table tbody tr")
    total = rows.count()
    assert total >= 10
    _shot(page, "events")
    page.select_option("select[name=plover]", "THREATEN")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**plover=THREATEN**")
    assert 1 <= rows.count() < total
    expect(rows.first).to_contain_text("THREATEN")
    expect(rows.first).to_contain_text("White House")
    _shot(page, "events-threaten")
    page.locator("#event-table tbody tr").first.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("THREATEN")
    expect(page.locator("blockquote.sentence")).to_contain_text("eskalasi militer")
    _shot(page, "event")


def test_article_highlights_follow_the_hovered_event(server: str, page: Page):
    page.goto(server + "/documents")
    page.locator("table.events a").first.click()
    expect(page.locator("h1")).to_contain_text("Pimpinan Rusia dan AS")
    triggers = page.locator("#article-text .hl.k-trigger")
    assert triggers.count() >= 5
    assert page.locator("#article-text .hl.k-actor").count() >= 5
    assert page.locator("#article-text .hl.k-date").count() >= 1
    threat = page.locator("#event-list li", has_text="THREATEN").first
    threat.hover()
    lit = page.locator("#article-text .hl.on")
    assert lit.count() >= 2  # its trigger and its actors
    assert "mengenakan" in " ".join(lit.all_inner_texts())
    _shot(page, "article")
    # The page shows the article's own text, never markup from it.
    assert page.locator("#article-text script").count() == 0


def test_readout_comparison(server: str, page: Page):
    page.goto(server + "/documents")
    page.get_by_role("link", name="compare readouts").first.click()
    parties = page.locator("#parties .party")
    expect(parties).to_have_count(2)
    text = " ".join(parties.all_inner_texts())
    assert "According to Kremlin" in text and "According to White House" in text
    expect(parties.filter(has_text="White House")).to_contain_text("THREATEN")
    _shot(page, "compare")


def test_dyad_timeline(server: str, page: Page):
    page.goto(server + "/dyads")
    page.get_by_role("link", name="RUS – USA").click()
    chart = page.locator("svg#timeline")
    expect(chart).to_be_visible()
    assert page.locator("svg#timeline rect.bar").count() >= 3
    page.locator("svg#timeline a.point").last.click()
    page.wait_for_url("**#p-2021-12-08")
    expect(page.locator("#p-2021-12-08")).to_contain_text("THREATEN")
    _shot(page, "dyad")


def test_code_a_pasted_article(server: str, page: Page):
    page.goto(server + "/code")
    page.fill("#text", "Russian President Vladimir Putin met U.S. President Joe Biden in "
                       "Geneva on Wednesday. Biden warned Russia of strong economic sanctions "
                       "if it invades Ukraine. <script>window.hacked = 1</script>")
    page.select_option("select[name=language]", "en")
    page.fill("input[name=published]", "2021-06-16")
    page.click("#code-form button[type=submit]")
    expect(page.locator("#coded")).to_be_visible()
    items = page.locator("#event-list li")
    assert items.count() >= 2
    expect(page.locator("#event-list")).to_contain_text("CONSULT")
    expect(page.locator("#event-list")).to_contain_text("THREATEN")
    assert page.evaluate("window.hacked") is None
    expect(page.locator("#article-text")).to_contain_text("<script>window.hacked = 1</script>")
    _shot(page, "code")
