"""CSV/TSV articles, --csv-text-column, and --include/--exclude globs."""

from __future__ import annotations

from pathlib import Path

from warta.ingest import read_inputs
from warta.model import Document, Skipped


def test_csv_rows_become_documents_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    path.write_text(",date,text,source\n"
                    '1,2019-04-10,"Iraq and the US are in talks, said officials.",Guardian\n'
                    "2,2019-04-11,,Guardian\n")
    first, second = read_inputs([str(path)])
    assert isinstance(first, Document)
    assert (first.raw, first.published, first.outlet, first.origin) == (
        "Iraq and the US are in talks, said officials.", "2019-04-10", "Guardian",
        f"{path}:2")
    assert isinstance(second, Skipped) and second.reason == "line 3: empty text"


def test_csv_text_column_names_the_article_column(tmp_path: Path) -> None:
    path = tmp_path / "articles.tsv"
    path.write_text("headline\tstory\nSummit\tBiden met Putin in Geneva.\n")
    [missing] = read_inputs([str(path)])
    assert isinstance(missing, Skipped) and "--csv-text-column" in missing.reason
    [doc] = read_inputs([str(path)], csv_text_column="story")
    assert isinstance(doc, Document)
    assert (doc.raw, doc.title) == ("Biden met Putin in Geneva.", "Summit")


def test_a_broken_quote_stops_the_file_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('text\n"Biden met Putin."\n"unterminated\n')
    items = list(read_inputs([str(path)]))
    assert isinstance(items[0], Document)
    assert isinstance(items[-1], Skipped) and "malformed CSV" in items[-1].reason


def test_include_and_exclude_globs_filter_directories(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.html", "notes.md"):
        (tmp_path / name).write_text("Biden met Putin in Geneva.")
    origins = lambda items: sorted(Path(i.origin).name for i in items)  # noqa: E731
    assert origins(read_inputs([str(tmp_path)], include=("*.txt",))) == ["a.txt", "b.txt"]
    assert origins(read_inputs([str(tmp_path)], exclude=("*.md", "b.*"))) == ["a.txt", "c.html"]
