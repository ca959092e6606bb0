"""The DuckDB store: schema, idempotent writes, skipped inputs, errors that name the fix."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from warta.model import Document, Skipped, event_record
from warta.store import Store, StoreError

MEETING = "Putin met Biden. The talks lasted two hours. Biden met Jokowi."
OTHER = "Jokowi met Putin."

Make = Callable[..., Document]


@pytest.fixture
def store(tmp_path: Path):
    with Store(str(tmp_path / "events.duckdb")) as opened:
        yield opened


def test_new_database_has_the_schema_and_no_rows(store: Store) -> None:
    assert store.counts() == {
        "documents": 0, "events": 0, "mentions": 0, "actors": 0, "skipped": 0,
        "warnings": 0, "runs": 0,
    }


def test_written_document_is_in_every_table(store: Store, coded_document: Make) -> None:
    doc = coded_document(MEETING)

    store.write(doc)

    assert store.counts() == {
        "documents": 1, "events": 2, "mentions": 4, "actors": 3, "skipped": 0,
        "warnings": 0, "runs": 0,
    }
    [row] = store.query("SELECT * FROM documents")
    assert row["id"] == doc.id and row["input_key"] == doc.meta["input_key"]
    assert (row["text"], row["n_sentences"], row["n_events"]) == (MEETING, 3, 2)
    first = store.events()[0]
    assert (first["plover"], first["cameo"], first["source_code"], first["target_code"]) == (
        "CONSULT", "040", "RUSGOV", "USAGOV")
    assert (first["source_text"], first["source_start"], first["source_end"]) == ("Putin", 0, 5)
    assert (first["date_value"], first["date_precision"]) == ("2021-12-08", "day")
    assert first["issues"] == ["diplomacy"]
    assert first["record"] == event_record(doc, doc.events[0])


def test_mentions_and_actors_rows(store: Store, coded_document: Make) -> None:
    store.write(coded_document(MEETING))

    mentions = store.query('SELECT kind, text, "start", "end", code, name FROM mentions '
                           'ORDER BY "start"')
    actors = store.query("SELECT code, name, country FROM actors ORDER BY code")

    assert mentions[0] == {"kind": "actor", "text": "Putin", "start": 0, "end": 5,
                           "code": "RUSGOV", "name": "Vladimir Putin"}
    assert [a["code"] for a in actors] == ["IDNGOV", "RUSGOV", "USAGOV"]


def test_writing_the_same_document_twice_changes_nothing(
        tmp_path: Path, coded_document: Make) -> None:
    path = str(tmp_path / "events.duckdb")
    with Store(path) as store:
        store.write(coded_document(MEETING))
        store.write(coded_document(MEETING))  # in the same batch
        store.flush()
        store.write(coded_document(MEETING, origin="copy.txt"))  # after a flush
        before = store.counts()
    with Store(path) as store:  # in a later run
        store.write(coded_document(MEETING))
        assert store.counts() == before
    assert (before["documents"], before["events"], before["mentions"]) == (1, 2, 4)


def test_known_input_keys_sees_buffered_and_stored_documents(tmp_path: Path,
                                                             coded_document: Make) -> None:
    path = str(tmp_path / "events.duckdb")
    doc = coded_document(MEETING)
    key = doc.meta["input_key"]
    with Store(path) as store:
        assert store.known_input_keys([key]) == set()
        store.write(doc)
        assert store.known_input_keys([key]) == {key}  # still buffered
        store.flush()
        assert store.known_input_keys([key, "", "unknown"]) == {key}
    with Store(path) as store:
        assert store.known_input_keys([key, "unknown"]) == {key}


def test_an_actor_is_one_row_however_often_seen(store: Store, coded_document: Make) -> None:
    first, second = coded_document(MEETING), coded_document(OTHER, origin="other.txt")
    store.write(first)
    store.write(second)

    [putin] = store.query("SELECT * FROM actors WHERE code = 'RUSGOV'")

    assert putin == {"code": "RUSGOV", "name": "Vladimir Putin", "country": "RUS",
                     "sector": "GOV", "first_seen_document": first.id}


def test_skipped_inputs_are_recorded_once(store: Store) -> None:
    store.write_skipped(Skipped("a.bin", "binary file: not text"))
    store.write_skipped(Skipped("a.bin", "binary file: not text"))
    store.flush()
    store.write_skipped(Skipped("a.bin", "binary file: not text"))
    store.write_skipped(Skipped("b.txt", "empty file"), input_key="k")

    rows = store.query("SELECT origin, reason, input_key FROM skipped ORDER BY origin")

    assert rows == [
        {"origin": "a.bin", "reason": "binary file: not text", "input_key": None},
        {"origin": "b.txt", "reason": "empty file", "input_key": "k"},
    ]


def test_coding_an_input_clears_its_earlier_skip(store: Store, coded_document: Make) -> None:
    store.write_skipped(Skipped("article.txt", "too long: 70 characters > limit 10; "
                                "raise --max-chars"))
    store.flush()
    store.write(coded_document(MEETING, origin="article.txt"))
    assert store.counts()["skipped"] == 0


def test_documents_with_clashing_event_ids_are_accounted_as_skipped(
        store: Store, coded_document: Make) -> None:
    first, second = coded_document(MEETING), coded_document(OTHER, origin="other.txt")
    second.events[0].id = first.events[0].id  # a pipeline bug

    store.write(first)
    store.write(second)

    assert store.counts()["documents"] == 1
    assert [(s.origin, n) for s, n in store.rejected] == [("other.txt", 1)]
    [skip] = store.query("SELECT origin, reason FROM skipped")
    assert skip["origin"] == "other.txt" and skip["reason"].startswith("internal error")


def test_repeated_event_ids_within_a_document_keep_every_event(
        store: Store, coded_document: Make) -> None:
    doc = coded_document(MEETING)
    doc.events[1].id = doc.events[0].id

    store.write(doc)

    ids = [row["id"] for row in store.events()]
    assert ids == [doc.events[0].id, doc.events[0].id + "-2"]


def test_small_batches_flush_as_they_fill(tmp_path: Path, coded_document: Make) -> None:
    path = str(tmp_path / "events.duckdb")
    with Store(path, batch_size=2) as store:
        for n in range(5):
            store.write(coded_document(f"Putin met Biden {n}.", origin=f"{n}.txt"))
    with Store(path) as store:
        assert store.counts()["documents"] == 5


def test_events_limit_and_order(store: Store, coded_document: Make) -> None:
    store.write(coded_document(MEETING))
    events = store.events(limit=1)
    assert len(events) == 1 and events[0]["sentence_index"] == 0


def test_runs_are_recorded(store: Store) -> None:
    run = store.start_run(["code", "corpus/"])
    store.finish_run(run, n_coded=2, n_events=5, n_skipped=1, n_already=3)
    [row] = store.query("SELECT * FROM runs")
    assert row["argv"] == '["code", "corpus/"]' and row["finished_at"] is not None
    assert (row["n_coded"], row["n_events"], row["n_skipped"], row["n_already"]) == (2, 5, 1, 3)


def test_missing_directory_is_a_store_error_naming_file_and_fix(tmp_path: Path) -> None:
    path = str(tmp_path / "no" / "such" / "events.duckdb")
    with pytest.raises(StoreError) as error:
        Store(path)
    assert path in str(error.value) and "create it first" in str(error.value)


def test_directory_as_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="it is a directory; give a file path"):
        Store(str(tmp_path))


def test_file_that_is_not_a_database_is_a_store_error_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 500)
    with pytest.raises(StoreError, match="is not a DuckDB database"):
        Store(str(path))
    assert path.read_text() == "not a database\n" * 500


def test_a_large_document_is_committed_at_once_not_held_for_the_batch(
        tmp_path: Path, coded_document: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    import warta.store.duckdb_store as duckdb_store

    monkeypatch.setattr(duckdb_store, "ROW_BUDGET", 50)
    path = tmp_path / "events.duckdb"
    with Store(str(path), batch_size=200) as store:
        store.write(coded_document(OTHER))  # small: waits for the batch
        store.write(coded_document("Putin met Biden. " * 30))  # 30 events, 60 mentions
        # Another connection sees what is committed, not what is buffered.
        with duckdb.connect(str(path)) as other:
            counts = other.execute("SELECT (SELECT count(*) FROM documents), "
                                   "(SELECT count(*) FROM events)").fetchone()
        assert counts == (2, 31)


def test_ctrl_c_during_a_flush_leaves_no_half_written_batch(
        store: Store, coded_document: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    store.write(coded_document(MEETING))
    real = Store._insert
    calls = []

    def interrupted(self: Store, table: str, *args, **kwargs) -> None:
        calls.append(table)
        if len(calls) == 2:  # after the documents, before their events
            raise KeyboardInterrupt
        real(self, table, *args, **kwargs)

    monkeypatch.setattr(Store, "_insert", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.flush()
    monkeypatch.setattr(Store, "_insert", real)
    store.flush()  # the interrupted run's last flush commits the whole batch
    counts = store.counts()
    assert (counts["documents"], counts["events"], counts["mentions"]) == (1, 2, 4)


def test_runs_are_marked_finished_or_interrupted(store: Store) -> None:
    first, second = store.start_run(["code", "a"]), store.start_run(["code", "b"])
    assert store.query("SELECT status FROM runs ORDER BY id") == [{"status": "running"}] * 2
    store.finish_run(first, n_coded=1, n_events=2, n_skipped=0, n_already=0)
    store.finish_run(second, n_coded=0, n_events=0, n_skipped=0, n_already=0,
                     status="interrupted")
    assert [r["status"] for r in store.query("SELECT status FROM runs ORDER BY id")] == [
        "finished", "interrupted"]


def test_ctrl_c_during_a_flush_commits_the_batch_then_interrupts(
        tmp_path: Path, coded_document: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import signal

    path = str(tmp_path / "events.duckdb")
    store = Store(path)
    store.write(coded_document(MEETING))
    insert = store._insert

    def insert_after_ctrl_c(*args, **kwargs):  # type: ignore[no-untyped-def]
        os.kill(os.getpid(), signal.SIGINT)  # arrives mid-transaction, as DuckDB runs
        return insert(*args, **kwargs)

    monkeypatch.setattr(store, "_insert", insert_after_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        store.flush()
    monkeypatch.undo()
    # Committed by the interrupted flush itself, not left for a later one (counts() would
    # flush first, so the tables are read directly).
    assert store._pending == {}
    stored = store._connection.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)").fetchone()
    assert stored == (1, len(coded_document(MEETING).events))
    store.close()


def _as_version_1(path: Path, coded_document: Make) -> str:
    """A database as warta wrote it before schema 2: no documents.source_id, and a meeting
    stored in both directions (two records, A→B and B→A, one trigger)."""
    from dataclasses import replace

    doc = coded_document("Putin met Biden.")
    [meeting] = doc.events
    doc.events = [meeting, replace(meeting, id=meeting.id + "-mirror", source=meeting.target,
                                   target=meeting.source)]
    with Store(str(path)) as store:
        store.write(doc)
    import duckdb

    with duckdb.connect(str(path)) as con:
        # DuckDB alters no table that an index depends on: drop it for the change, as
        # the migration must (warta/store/schema.py MIGRATIONS).
        con.execute("DROP INDEX documents_input_key")
        con.execute("ALTER TABLE documents DROP COLUMN source_id")
        con.execute("CREATE INDEX documents_input_key ON documents (input_key)")
        con.execute("UPDATE warta_meta SET value = '1' WHERE key = 'schema_version'")
    return str(path)


def test_an_older_database_is_brought_up_to_date_when_opened(tmp_path: Path,
                                                             coded_document: Make) -> None:
    path = _as_version_1(tmp_path / "old.duckdb", coded_document)
    with Store(path) as store:
        [version] = store.query("SELECT value FROM warta_meta WHERE key = 'schema_version'")
        assert version["value"] == "2"
        # The two directions are one record, marked reciprocal, its source named first.
        events = store.query("SELECT source_code, target_code, reciprocal, record "
                             "FROM events")
        assert [(e["source_code"], e["target_code"], e["reciprocal"]) for e in events] == [
            ("RUSGOV", "USAGOV", True)]
        record = events[0]["record"]
        assert (json.loads(record) if isinstance(record, str) else record)["reciprocal"] is True
        [doc] = store.query("SELECT n_events, source_id FROM documents")
        assert (doc["n_events"], doc["source_id"]) == (1, None)
    with Store(path) as store:  # opened again: nothing left to do, nothing lost
        assert store.counts()["events"] == 1


def test_the_server_refuses_an_older_database_and_names_the_fix(tmp_path: Path,
                                                                coded_document: Make) -> None:
    from warta.api.state import DatabaseError, open_state

    path = _as_version_1(tmp_path / "old.duckdb", coded_document)
    with pytest.raises(DatabaseError, match="older warta.*warta cluster --db"):
        open_state(path)
