"""`warta export` options: stdout, and the GDELT table's background and negated events."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from warta.model import DateValue, Document
from warta.store import Store
from warta.store.export_command import export_command

Make = Callable[..., Document]


def _db(tmp_path: Path, coded_document: Make) -> str:
    doc = coded_document("Putin met Biden. Biden met Jokowi.", published="2019-03-26")
    doc.events[1].date = DateValue("2014", "year", "explicit", "2014", 0, 4)
    doc.events[0].modality = "negated"
    path = str(tmp_path / "events.duckdb")
    with Store(path) as store:
        store.write(doc)
        store.write(coded_document("Biden met Putin.", published="2019-03-26"))
    return path


def test_out_dash_writes_to_stdout(tmp_path: Path, coded_document: Make) -> None:
    db = _db(tmp_path, coded_document)
    result = CliRunner().invoke(export_command, ["--db", db, "--format", "plover",
                                                 "--out", "-"])
    assert result.exit_code == 0, result.output
    assert not (Path.cwd() / "-").exists()
    assert result.stdout.count('"event": ["CONSULT"]') == 3
    parquet = CliRunner().invoke(export_command, ["--db", db, "--format", "parquet",
                                                  "--out", "-"])
    assert parquet.exit_code == 2 and "binary" in parquet.output


def test_gdelt_leaves_out_background_and_negated_unless_asked(tmp_path: Path,
                                                             coded_document: Make) -> None:
    db = _db(tmp_path, coded_document)
    runner = CliRunner()
    plain = runner.invoke(export_command, ["--db", db, "--format", "gdelt", "--out", "-"])
    assert plain.exit_code == 0 and len(plain.stdout.splitlines()) == 1
    both = runner.invoke(export_command, ["--db", db, "--format", "gdelt", "--out", "-",
                                          "--include-historical", "--include-negated"])
    lines = both.stdout.splitlines()
    assert len(lines) == 3 and any(line.split("\t")[1] == "20140101" for line in lines)
