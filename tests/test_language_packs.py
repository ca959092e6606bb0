"""Languages come from the installed packs: a pack in a directory named by $WARTA_LANG_PATH is
a supported language for the pipeline, the CLI and the API, with no change to warta's code."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from warta.api.coding import CannotCodeArticle, article_document
from warta.cli import cli
from warta.model import Document
from warta.pipeline import Pipeline
from warta.resources import Resources, head_titles, load_pack, supported_languages

# A minimal Malay pack, as a user would start one: a header, one trigger, a few words.
PACK = {
    "pack.yaml": "code: ms\nname: Malay\nconfusables: [id]\n",
    "triggers.yaml": ('- cameo: "040"\n  forms: ["bertemu", "bertemu dengan"]\n'
                      "  reciprocal: true\n"),
    "words.yaml": "conjunctions: [dan]\nlocative_preps: [di]\nweekdays: {isnin: 0}\n",
}
MALAY = ("Perdana Menteri Anwar Ibrahim bertemu dengan Presiden Joko Widodo di Putrajaya pada "
         "hari Isnin untuk membincangkan kerjasama ekonomi antara kedua-dua negara.")


@pytest.fixture
def malay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pack = tmp_path / "packs" / "ms"
    pack.mkdir(parents=True)
    for name, text in PACK.items():
        (pack / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("WARTA_LANG_PATH", str(tmp_path / "packs"))
    return pack


def test_without_the_pack_malay_is_not_supported() -> None:
    assert "ms" not in supported_languages()
    doc = Pipeline(Resources(use_model=False)).process(Document(raw=MALAY, language_hint="ms"))
    assert doc.skip_reason is not None and "unsupported language: ms" in doc.skip_reason


def test_a_pack_in_a_directory_of_packs_is_a_language(malay: Path) -> None:
    assert supported_languages() == ("en", "id", "ms")
    assert load_pack("ms").name == "Malay" and load_pack("ms").confusables == ("id",)
    doc = Pipeline(Resources(use_model=False)).process(Document(raw=MALAY, language_hint="ms",
                                                                published="2024-01-10"))
    assert doc.skip_reason is None and doc.language == "ms"
    meetings = [e for e in doc.events if e.plover == "CONSULT"]
    assert meetings and meetings[0].trigger_text.startswith("bertemu")
    assert {meetings[0].source.code, meetings[0].target.code} <= {"MYSGOV", "IDNGOV", None}


def test_detection_considers_the_new_language(malay: Path) -> None:
    doc = Pipeline(Resources(use_model=False)).process(Document(raw=MALAY))
    assert doc.language == "ms" and doc.skip_reason is None


def test_the_cli_and_the_api_accept_the_new_language(malay: Path, tmp_path: Path) -> None:
    article = tmp_path / "anwar.txt"
    article.write_text(MALAY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["code", str(article), "--lang", "ms", "--no-model",
                                      "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert '"language": "ms"' in result.output
    assert article_document(MALAY, language="ms").language_hint == "ms"
    with pytest.raises(CannotCodeArticle, match="unsupported language 'xx'"):
        article_document(MALAY, language="xx")
    refused = CliRunner().invoke(cli, ["code", str(article), "--lang", "xx"])
    assert refused.exit_code == 2 and "installed: en, id, ms" in refused.output


def test_head_titles_are_read_from_the_english_pack() -> None:
    assert {"president", "prime minister", "head of government"} <= head_titles()


def test_the_web_form_offers_every_installed_language(malay: Path, tmp_path: Path) -> None:
    import warnings

    from warta.api.app import create_app
    from warta.api.state import open_state
    from warta.store import Store

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette's TestClient prefers another client
        from fastapi.testclient import TestClient
    db = tmp_path / "empty.duckdb"
    Store(str(db)).close()
    state = open_state(str(db))
    try:
        with TestClient(create_app(state)) as client:
            page = client.get("/code").text
    finally:
        state.close()
    for code, name in (("en", "English"), ("id", "Indonesian"), ("ms", "Malay")):
        assert f'<option value="{code}">{name}</option>' in page
