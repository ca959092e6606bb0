"""The coding loop across store look-up chunks."""

from __future__ import annotations

from pathlib import Path

from warta.model import Document, Skipped, content_id
from warta.runner import LOOKUP_CHUNK, Totals, code_items
from warta.store import Store


def document(text: str, origin: str) -> Document:
    return Document(raw=text, origin=origin, meta={"input_key": content_id(text)})


def test_repeat_in_a_later_chunk_is_already_coded(tmp_path: Path, stub_pipeline) -> None:
    items: list[Document | Skipped] = [
        document(f"Putin met Biden {n}.", f"{n}.txt") for n in range(LOOKUP_CHUNK + 5)
    ]
    items.append(document("Putin met Biden 0.", "again.txt"))
    items.append(Skipped("x.bin", "binary file: not text"))
    totals = Totals()

    with Store(str(tmp_path / "events.duckdb")) as store:
        for outcome in code_items(items, stub_pipeline.process, store=store):
            totals.add(outcome)
        counts = store.counts()

    assert (totals.coded, totals.already, len(totals.skipped)) == (LOOKUP_CHUNK + 5, 1, 1)
    assert (counts["documents"], counts["skipped"]) == (LOOKUP_CHUNK + 5, 1)


def test_without_a_store_every_input_is_coded(stub_pipeline) -> None:
    items = [document("Putin met Biden.", "a.txt"), document("Putin met Biden.", "b.txt")]
    outcomes = list(code_items(items, stub_pipeline.process))
    assert [o.status for o in outcomes] == ["coded", "coded"]


def test_repeated_event_ids_are_made_unique_for_every_output(stub_pipeline) -> None:
    def duplicating(doc: Document) -> Document:
        doc = stub_pipeline.process(doc)
        doc.events[1].id = doc.events[0].id
        return doc

    [outcome] = code_items([document("Putin met Biden. Biden met Putin.", "a.txt")], duplicating)

    first = outcome.records[0]["id"]
    assert [r["id"] for r in outcome.records] == [first, first + "-2"]
