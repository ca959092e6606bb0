"""Fixtures for the REST API and pages: the demo database (the founding article, coded by
the real pipeline once per session) and a hostile database (markup in every text field)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from warta.model import content_id
from warta.store import Store

with warnings.catch_warnings():
    # Starlette's TestClient warns that it prefers another HTTP client; httpx still works.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from warta.api.app import create_app
from warta.api.state import open_state

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vovworld-putin-biden.id.txt"
XSS = '<script>alert("xss")</script>'
ATTR = '" onmouseover="alert(1)" x="'


def build_demo(path: Path) -> None:
    from warta.ingest import read_inputs
    from warta.pipeline import default_pipeline
    from warta.runner import code_items

    store = Store(str(path))
    try:
        items = read_inputs([str(EXAMPLE)], published="2021-12-08", lang=None,
                            max_chars=2_000_000)
        outcomes = list(code_items(items, default_pipeline().process, store=store))
        assert [o.status for o in outcomes] == ["coded"]
        store.flush()
    finally:
        store.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path


@pytest.fixture
def client(demo_db: Path) -> Iterator[TestClient]:
    state = open_state(str(demo_db))
    with TestClient(create_app(state), raise_server_exceptions=False) as test_client:
        yield test_client
    state.close()


@pytest.fixture
def hostile_db(tmp_path: Path, stub_pipeline) -> Path:
    """An article whose text, title, outlet and actors carry script tags and attribute
    breakers, coded by the stub pipeline (Putin met Biden -> CONSULT)."""
    text = (f"Putin met Biden {XSS} today.\nBiden{ATTR} met Putin in Geneva.\n"
            f"<img src=x onerror=alert(2)> Putin met Biden again.")
    from warta.model import Actor, Attribution, Document

    doc = Document(raw=text, origin="hostile.txt", published="2021-12-08",
                   title=f"Title {XSS}", outlet=f"Outlet{ATTR}",
                   meta={"input_key": content_id(text)})
    doc = stub_pipeline.process(doc)
    doc.title, doc.outlet = f"Title {XSS}", f"Outlet{ATTR}"
    for event in doc.events:
        party = Actor(XSS, f"Kremlin{ATTR}", "RUSGOV", "RUS", "GOV", "test", 0, 5)
        event.attribution = Attribution(party=party, text=f"according to {XSS}", start=0,
                                        end=5, quote=ATTR)
        event.issues = [f"issue{ATTR}"]
    path = tmp_path / "hostile.duckdb"
    store = Store(str(path))
    store.write(doc)
    store.close()
    return path
