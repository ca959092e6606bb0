"""Clustering inside the store: events.cluster, the clusters table, incremental and
order-independent."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from warta.cluster.store import cluster_store, source_of
from warta.model import Document
from warta.store import Store

Make = Callable[..., Document]

# (text, published, outlet, url): the stub pipeline codes "X met Y." as CONSULT X -> Y on the
# publication date.
ARTICLES = [
    ("Putin met Biden.", "2021-12-07", "TASS", None),
    ("Biden met Putin.", "2021-12-08", None, "https://www.reuters.com/world/1"),
    ("Putin met Biden. The call was long.", "2021-12-08", None, "https://reuters.com/world/2"),
    ("Putin met Biden. The talks were long again.", "2022-03-01", "TASS", None),
    ("Jokowi met Putin.", "2021-12-07", "Antara", None),
]


def _documents(make: Make) -> list[Document]:
    docs = []
    for text, published, outlet, url in ARTICLES:
        doc = make(text, origin=f"{published}-{len(docs)}.txt", published=published)
        doc.outlet, doc.url = outlet, url
        docs.append(doc)
    return docs


def _state(store: Store) -> tuple[dict[tuple[str, int], str], list[tuple[Any, ...]]]:
    """Which cluster each (document, sentence) is in, and the clusters table."""
    events = {(r["document_id"], r["sentence_index"]): r["cluster"] for r in store.query(
        "SELECT document_id, sentence_index, cluster FROM events")}
    clusters = [tuple(v for k, v in r.items() if k != "updated_at") for r in store.query(
        "SELECT * FROM clusters ORDER BY id")]
    return events, clusters


def test_the_same_call_reported_by_three_articles_is_one_event(coded_document: Make) -> None:
    docs = _documents(coded_document)
    with Store(":memory:") as store:
        for doc in docs:
            store.write(doc)
        summary = cluster_store(store)
        rows = store.query("SELECT * FROM clusters ORDER BY n_mentions DESC, id")
        events = store.query("SELECT document_id, cluster FROM events")
    assert summary.new_events == 5 and summary.clusters_total == 3
    assert summary.multi_article == 1 and summary.events_clustered == 5
    call = rows[0]
    assert (call["n_mentions"], call["n_articles"], call["n_sources"]) == (3, 3, 2)
    assert call["date_value"] == "2021-12-07" and call["first_document"] == docs[0].id
    assert call["plover"] == "CONSULT" and call["issues"] == ["diplomacy"]
    # Three months later the same pair meeting again is another event.
    later = {r["cluster"] for r in events if r["document_id"] == docs[3].id}
    assert later.isdisjoint({call["id"]})
    assert all(r["cluster"] for r in events)


def test_clustering_again_changes_nothing(coded_document: Make) -> None:
    with Store(":memory:") as store:
        for doc in _documents(coded_document):
            store.write(doc)
        cluster_store(store)
        before = _state(store)
        summary = cluster_store(store)
        assert summary.new_events == 0 and summary.clusters_touched == 0
        assert _state(store) == before
        cluster_store(store, rebuild=True)
        assert _state(store) == before


@pytest.mark.parametrize("order", list(itertools.permutations(range(len(ARTICLES))))[::23])
def test_incremental_runs_in_any_order_give_the_batch_result(
        coded_document: Make, order: tuple[int, ...]) -> None:
    docs = _documents(coded_document)
    with Store(":memory:") as batch:
        for doc in docs:
            batch.write(doc)
        cluster_store(batch)
        expected = _state(batch)
    with Store(":memory:") as store:
        for index in order:  # one run per article, as `warta code --db` does
            store.write(docs[index])
            cluster_store(store)
        assert _state(store) == expected


def test_a_new_article_can_join_an_existing_cluster(coded_document: Make) -> None:
    docs = _documents(coded_document)
    with Store(":memory:") as store:
        store.write(docs[1])
        cluster_store(store)
        [first] = store.query("SELECT id, n_articles FROM clusters")
        store.write(docs[0])  # an earlier report: the cluster is renamed after it
        summary = cluster_store(store)
        rows = store.query("SELECT id, n_articles, first_document FROM clusters")
    assert summary.new_events == 1 and summary.clusters_total == 1
    assert rows[0]["n_articles"] == 2 and rows[0]["first_document"] == docs[0].id
    assert rows[0]["id"] != first["id"]


def test_sources_are_outlets_else_url_hosts_else_the_document() -> None:
    assert source_of("VOVWORLD", None, "d1") == "vovworld"
    assert source_of(None, "https://www.reuters.com/x", "d1") == "reuters.com"
    assert source_of(None, None, "d1") == "document:d1"


def _dated_article(text: str, dates: list[tuple[str | None, str]]) -> Document:
    """One CONSULT Putin-Biden mention per (date, precision), as hand-coded events."""
    from warta.model import Actor, DateValue, Event, content_id

    doc = Document(raw=text, text=text, id=content_id(text), published="2021-12-08",
                   language="en")
    for index, (value, precision) in enumerate(dates):
        doc.events.append(Event(
            id=f"{doc.id}-{index}", plover="CONSULT", cameo="040", cameo_base="040",
            cameo_root="04", quad_class=1, goldstein=1.0, trigger_text="talks",
            trigger_start=index, trigger_end=index + 1, sentence=index,
            source=Actor("Putin", "Vladimir Putin", "RUSGOV", "RUS", "GOV", "dictionary", 0, 1),
            target=Actor("Biden", "Joe Biden", "USAGOV", "USA", "GOV", "dictionary", 0, 1),
            date=DateValue(value, precision, "explicit" if value else "unknown")))
    return doc


def test_mixed_date_precisions_cluster_the_same_in_any_run_order() -> None:
    """Month boundaries, month/year precision and unknown dates: the store only reads the
    events within reach of the new ones, and must still find every link."""
    articles = [
        _dated_article("a", [("2021-11-30", "day")]),
        _dated_article("b", [("2021-12-01", "day")]),  # two days apart, across months
        _dated_article("c", [("2021-12", "month")]),
        _dated_article("d", [(None, "unknown")]),  # bridges everything
        _dated_article("e", [("2022-03-03", "day"), ("2022", "year")]),
    ]
    with Store(":memory:") as batch:
        for doc in articles:
            batch.write(doc)
        cluster_store(batch)
        expected = _state(batch)
    assert len({c for c in expected[0].values()}) == 1  # the unknown date joins them all
    for order in list(itertools.permutations(range(len(articles))))[::29]:
        with Store(":memory:") as store:
            for index in order:
                store.write(articles[index])
                cluster_store(store)
            assert _state(store) == expected, order
    without_bridge = [a for a in articles if a.raw != "d"]
    with Store(":memory:") as store:
        for doc in reversed(without_bridge):
            store.write(doc)
            cluster_store(store)
        clusters = store.query("SELECT n_mentions FROM clusters ORDER BY n_mentions")
    # {a, b, c}: 30 November and 1 December are two days apart, and c is December;
    # {e's two mentions}: March 2022 and the year 2022.
    assert [r["n_mentions"] for r in clusters] == [2, 3]
