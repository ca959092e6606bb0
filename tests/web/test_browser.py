"""The web UI in a real browser (Debian's Chromium through Playwright) over the demo database.

Skipped when Chromium is absent, except in CI (CI=true), where a missing browser is a failure:
.ci/run installs it. Screenshots of each page go to test-output/screenshots/.
"""

from __future__ import annotations

import os
import re
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
    context = browser.new_context(viewport={"width": 1400, "height": 900},
                                  accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    errors: list[str] = []

    def console(msg) -> None:
        # A blocked script or style (CSP) or a JavaScript error shows up as a console error;
        # an error page's own status (a 404 or 422 document) is reported there too, and is
        # what those pages are for.
        if msg.type == "error" and not (msg.text.startswith("Failed to load resource")
                                        and msg.location.get("url") == opened.url):
            errors.append(msg.text)

    opened.on("console", console)
    opened.on("pageerror", lambda err: errors.append(str(err)))
    # Every asset comes from this server, and all of them load.
    opened.on("request", lambda req: errors.append(f"external request {req.url}")
              if not req.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    opened.on("response", lambda res: errors.append(f"{res.status} {res.url}")
              if "/static/" in res.url and res.status >= 400 else None)
    yield opened
    context.close()
    assert errors == []


def _charts_drawn(page: Page, count: int) -> None:
    """Wait until `count` Vega charts are drawn (app.js marks each) and none failed."""
    expect(page.locator("[data-chart]")).to_have_count(count)
    # No wait_for_function: its polling evaluates a string, which the page's CSP refuses.
    expect(page.locator("[data-chart]:not([data-rendered])")).to_have_count(0)
    expect(page.locator("[data-chart][data-rendered=error]")).to_have_count(0)


def _hover_until_tooltip(page: Page, selector: str,
                         kinds: tuple[str, ...] = ("rect", "symbol", "shape")) -> str:
    """Move the mouse over a chart's marks until Vega's tooltip shows; its text."""
    marks = page.locator(", ".join(f"{selector} svg .mark-{kind} path" for kind in kinds))
    tooltip = page.locator("#vg-tooltip-element")
    for index in range(min(marks.count(), 40)):
        mark = marks.nth(index)
        if not mark.bounding_box():
            continue
        mark.hover(force=True)
        if tooltip.is_visible() and "visible" in (tooltip.get_attribute("class") or ""):
            return tooltip.inner_text()
    raise AssertionError(f"no tooltip over {selector}")


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
    page.locator("#article-table tbody a").first.click()
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
    _charts_drawn(page, 1)
    chart = page.locator("#chart-timeline svg")
    expect(chart).to_be_visible()
    # Cooperation and conflict bars on a real time axis: June and December 2021 lie far apart.
    bars = page.locator("#chart-timeline svg .mark-rect path")
    assert bars.count() >= 3
    xs = sorted(box["x"] for box in (bars.nth(i).bounding_box() for i in range(bars.count()))
                if box)
    width = chart.bounding_box()["width"]
    assert xs[-1] - xs[0] > width / 2
    labels = " ".join(page.locator("#chart-timeline svg .role-axis-label text").all_text_contents())
    assert "2021" in labels
    assert "events" in _hover_until_tooltip(page, "#chart-timeline")
    page.locator("#periods a.point").last.click()
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


def test_event_page_charts_counts_and_map(server: str, page: Page):
    page.goto(server + "/")
    _charts_drawn(page, 4)
    counts = page.locator("#quad-counts")
    expect(counts).to_contain_text("1 verbal cooperation")
    expect(counts).to_contain_text("negated or denied")
    expect(page.locator("#type-counts")).to_contain_text("CONSULT")
    tip = _hover_until_tooltip(page, "#chart-types")
    assert "events" in tip and "QuadClass" in tip
    # The time axis is temporal: its labels are dates.
    labels = page.locator("#chart-time svg .role-axis-label text").all_text_contents()
    assert any("2021" in label for label in labels)
    # The map draws Natural Earth's countries (177 shapes) and the gazetteer's Geneva.
    assert page.locator("#chart-map svg .mark-shape path").count() >= 170
    assert page.locator("#chart-map svg .mark-symbol path").count() >= 1
    assert "Geneva" in _hover_until_tooltip(page, "#chart-map", ("symbol",))
    _shot(page, "events-charts")
    # A bar of the type chart filters the table to its type.
    page.locator("#chart-types svg .mark-rect path").last.click(force=True)
    page.wait_for_url("**plover=**")
    plover = page.url.split("plover=")[1].split("&")[0]
    for row in page.locator("#event-table tbody tr").all_inner_texts():
        assert plover in row


def test_sortable_columns(server: str, page: Page):
    page.goto(server + "/")
    page.locator("#event-table thead a.sort", has_text="Goldstein").click()
    page.wait_for_url("**sort=goldstein**")
    cells = page.locator("#event-table tbody tr td:nth-child(4)").all_inner_texts()
    values = [float(c) for c in cells]
    assert values == sorted(values, reverse=True) and values[0] > values[-1]
    page.locator("#event-table thead a.sort", has_text="Goldstein").click()
    page.wait_for_url("**order=asc**")
    values = [float(c) for c in
              page.locator("#event-table tbody tr td:nth-child(4)").all_inner_texts()]
    assert values == sorted(values)
    expect(page.locator("#event-table thead th[aria-sort=ascending]")).to_contain_text(
        "Goldstein")


def test_download_the_filtered_events(server: str, page: Page, tmp_path: Path):
    import csv
    import json

    import duckdb

    page.goto(server + "/?plover=CONSULT")
    total = int(page.locator("h1 small").inner_text().split()[0])
    assert total >= 2
    files = {}
    for label in ("CSV", "Parquet", "GDELT 2.0 (TSV)", "PLOVER (JSON lines)"):
        with page.expect_download() as info:
            page.locator("#downloads a", has_text=label).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        files[label] = path
    with open(files["CSV"], encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # One record per event in each format but GDELT, which writes a reciprocal event's two
    # directions as two rows (CAMEO's model).
    assert len(rows) == total and {r["plover"] for r in rows} == {"CONSULT"}
    with duckdb.connect() as con:
        parquet = con.execute("SELECT plover FROM read_parquet(?)",
                              [str(files["Parquet"])]).fetchall()
    assert len(parquet) == total and {row[0] for row in parquet} == {"CONSULT"}
    gdelt = files["GDELT 2.0 (TSV)"].read_text(encoding="utf-8").splitlines()
    assert total <= len(gdelt) <= 2 * total
    assert all(len(line.split("\t")) == 61 for line in gdelt)
    dyads = [(line.split("\t")[5], line.split("\t")[15]) for line in gdelt]
    assert all((b, a) in dyads for a, b in dyads if a and b)  # each meeting both ways
    assert {line.split("\t")[26] for line in gdelt} == {"040"}  # EventCode: CONSULT
    plover = [json.loads(line) for line in files["PLOVER (JSON lines)"].read_text(
        encoding="utf-8").splitlines()]
    assert len(plover) == total


def test_search_and_filter_the_articles(server: str, page: Page):
    page.goto(server + "/documents")
    rows = page.locator("#article-table tbody tr")
    expect(rows).to_have_count(1)
    page.fill("#article-filters input[name=q]", "Jenewa")  # in the text, not the title
    page.click("#article-filters button[type=submit]")
    page.wait_for_url("**q=Jenewa**")
    expect(rows.first).to_contain_text("Pimpinan Rusia dan AS")
    page.select_option("#article-filters select[name=language]", "id")
    page.fill("#article-filters input[name=published_from]", "2022-01-01")
    page.click("#article-filters button[type=submit]")
    page.wait_for_url("**published_from=2022-01-01**")
    expect(rows.first).to_contain_text("No article matches")
    _shot(page, "articles-search")


def test_api_docs_page_is_served_locally(server: str, page: Page):
    page.goto(server + "/docs")
    operations = page.locator("#swagger-ui .opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 8
    expect(page.locator("#swagger-ui")).to_contain_text("/api/events")
    _shot(page, "docs")


def test_error_pages_speak_to_a_person(server: str, page: Page):
    response = page.goto(server + "/dyad?a=RUS")
    assert response is not None and response.status == 422
    expect(page.locator("#error-title")).to_contain_text("needs different parameters")
    expect(page.locator("#error-problems")).to_contain_text("The second actor (b) is missing")
    assert "Field required" not in page.content() and "query.b" not in page.content()
    expect(page.get_by_role("link", name="the list of dyads, to pick a pair")).to_be_visible()
    _shot(page, "error")
    response = page.goto(server + "/?date_from=yesterday")
    assert response is not None and response.status == 422
    expect(page.locator("#error-problems")).to_contain_text("YYYY-MM-DD")
    response = page.goto(server + "/events/nope")
    assert response is not None and response.status == 404
    expect(page.locator("#error-title")).to_have_text("Not found")


def test_dyads_table_sorts_in_the_browser(server: str, page: Page):
    page.goto(server + "/dyads")
    rows = page.locator("#dyad-table tbody tr")
    assert rows.count() >= 2

    def column(index: int) -> list[str]:
        return [row.locator("td").nth(index).inner_text() for row in rows.all()]

    header = page.locator("#dyad-table thead th").nth(1)
    header.locator("button.sort").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    counts = [int(v) for v in column(1)]
    assert counts == sorted(counts)
    header.locator("button.sort").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    counts = [int(v) for v in column(1)]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    pairs = page.locator("#dyad-table thead th").nth(0).locator("button.sort")
    pairs.click()
    assert column(0) == sorted(column(0), key=str.lower)
    _shot(page, "dyads")


def test_a_dyad_bar_opens_its_period(server: str, page: Page):
    page.goto(server + "/dyad?a=RUS&b=USA")
    _charts_drawn(page, 1)
    bars = page.locator("#chart-timeline svg .mark-rect path")
    bars.first.click(force=True)
    page.wait_for_url("**#p-2021-06-01")


def test_time_axis_keeps_the_day_west_of_greenwich(server: str, browser: Browser):
    """Dates are UTC days: in New York, 2021-12-07 is still 7 December, not the 6th."""
    context = browser.new_context(viewport={"width": 1400, "height": 900},
                                  timezone_id="America/New_York")
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(server + "/?date_from=2021-12-01")
        _charts_drawn(page, 3)  # no map: no December event has a known place
        bars = page.locator("#chart-time svg .mark-rect path")
        tooltip = page.locator("#vg-tooltip-element")
        days = set()
        for index in range(bars.count()):
            bars.nth(index).hover(force=True)
            expect(tooltip).to_have_class(re.compile("visible"))
            days |= set(re.findall(r"\d+ Dec 2021", tooltip.inner_text()))
        assert days == {"7 Dec 2021", "8 Dec 2021"}
        # A bar filters the table to its day.
        bars.first.click(force=True)
        page.wait_for_url("**date_to=2021-12-0*")
        assert "date_from=2021-12-07" in page.url or "date_from=2021-12-08" in page.url
    finally:
        context.close()
