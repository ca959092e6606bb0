"""Screenshots of every page of the web UI for docs/img, in real Chromium (Playwright).

    .venv/bin/python scripts/screenshots.py [--out docs/img] [--chromium /usr/bin/chromium]

Codes a small demo corpus into a temporary database (the founding article plus Indonesian and
English documents from annotations/, their sentences joined; Indonesian documents are dated by
the timestamp in their id), serves it on 127.0.0.1 and saves one PNG per page as
web-<page>.png. Nothing leaves the machine: the pages load only the server's own assets.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "vovworld-putin-biden.id.txt"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PASTED = ("Russian President Vladimir Putin met U.S. President Joe Biden in Geneva on "
          "Wednesday. Biden warned Russia of strong economic sanctions if it invades Ukraine.")


def demo_corpus(path: Path, *, per_language: int = 40) -> None:
    """The founding article and annotated documents as warta JSONL input."""
    records = [{"id": "vovworld-putin-biden", "text": EXAMPLE.read_text(encoding="utf-8"),
                "published": "2021-12-08", "outlet": "VOV World", "language": "id",
                "title": "Pimpinan Rusia dan AS melakukan pembicaraan"}]
    for lang in ("id", "en"):
        documents: dict[str, list[str]] = {}
        with open(ROOT / "annotations" / f"events_{lang}.jsonl", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if row.get("events") and row.get("text"):  # Guardian rows: offsets only
                    documents.setdefault(row["doc"], []).append(row["text"])
        for doc, sentences in list(documents.items())[:per_language]:
            record = {"id": doc, "text": " ".join(sentences), "language": lang}
            stamp = doc.split("-", 1)[0]
            if lang == "id" and stamp.isdigit():
                record["published"] = datetime.fromtimestamp(int(stamp), UTC).date().isoformat()
                record["outlet"] = "IndoSum sample"
                record["title"] = doc.split("-", 1)[1].replace("-", " ").capitalize()
            else:
                record["outlet"] = "wire sample"
            records.append(record)
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def code_corpus(corpus: Path, db: Path) -> None:
    from click.testing import CliRunner

    from warta.cli import cli

    result = CliRunner().invoke(cli, ["code", str(corpus), "--db", str(db), "--quiet"])
    if result.exit_code != 0:
        raise SystemExit(f"warta code failed:\n{result.output}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: Path) -> tuple[str, Callable[[], None]]:
    """The app on uvicorn in a thread; its base URL and a function that stops it."""
    import uvicorn

    from warta.api.app import create_app
    from warta.api.state import open_state

    state = open_state(str(db))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(state), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the server did not start")
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(10)
        state.close()

    return f"http://127.0.0.1:{port}", stop


def _ready(page) -> None:
    """Wait for every chart on the page to be drawn (app.js marks each)."""
    from playwright.sync_api import expect

    expect(page.locator("[data-chart]:not([data-rendered])")).to_have_count(0)
    page.wait_for_timeout(300)


def shoot(base: str, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        page.set_default_timeout(15_000)

        def save(name: str, *, full: bool = True) -> None:
            _ready(page)
            path = out / f"web-{name}.png"
            page.screenshot(path=str(path), full_page=full)
            saved.append(path)

        page.goto(base + "/")
        save("events", full=False)
        page.locator("#summary").screenshot(path=str(out / "web-charts.png"))
        saved.append(out / "web-charts.png")
        page.goto(base + "/?plover=THREATEN")
        save("events-threaten", full=False)
        page.locator("#event-table tbody tr a").first.click()
        save("event", full=False)
        page.goto(base + "/documents")
        save("articles", full=False)
        page.goto(base + "/documents?q=Putin")
        page.locator("#article-table tbody a").first.click()
        save("article", full=False)
        page.goto(base + "/dyads")
        save("dyads", full=False)
        page.goto(base + "/dyad?a=RUS&b=USA")
        save("dyad", full=False)
        page.goto(base + "/documents?q=Putin")
        page.get_by_role("link", name="compare readouts").first.click()
        save("compare", full=False)
        page.goto(base + "/code")
        page.fill("#text", PASTED)
        page.select_option("select[name=language]", "en")
        page.fill("input[name=published]", "2021-06-16")
        page.click("#code-form button[type=submit]")
        page.locator("#coded").wait_for()
        save("code", full=False)
        page.goto(base + "/docs")
        page.locator("#swagger-ui .opblock").first.wait_for()
        save("docs", full=False)
        page.goto(base + "/dyad?a=RUS")
        save("error", full=False)
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--per-language", type=int, default=40,
                        help="annotated documents per language in the demo corpus")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="warta-shots-") as scratch:
        corpus, db = Path(scratch) / "corpus.jsonl", Path(scratch) / "demo.duckdb"
        demo_corpus(corpus, per_language=args.per_language)
        code_corpus(corpus, db)
        base, stop = serve(db)
        try:
            for path in shoot(base, args.out, args.chromium):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
