"""Language identification: Indonesian and English are coded, other languages are skipped."""

from __future__ import annotations

import pytest

from warta.model import Document
from warta.resources import load_resources
from warta.text.clean import clean
from warta.text.langid import detect, identify_language


@pytest.fixture(scope="module")
def res():
    return load_resources()


def _identify(res, text: str, hint: str | None = None) -> Document:
    return identify_language(clean(Document(raw=text, language_hint=hint), res), res)


@pytest.mark.parametrize(("text", "code"), [
    ("Presiden Joko Widodo bertemu dengan Perdana Menteri Malaysia di Istana Bogor untuk "
     "membahas perbatasan kedua negara.", "id"),
    ("Menteri Luar Negeri Retno Marsudi mengecam serangan militer terhadap warga sipil di "
     "Myanmar dan menyerukan dialog.", "id"),
    ("President Joko Widodo met the Malaysian prime minister at the Bogor palace to discuss "
     "the border between the two countries.", "en"),
    ("The European Union will impose new sanctions on Belarus if the crackdown on protesters "
     "continues, diplomats said.", "en"),
])
def test_supported_languages_are_identified(res, text: str, code: str) -> None:
    doc = _identify(res, text)
    assert doc.skip_reason is None
    assert doc.language == code
    assert 0 < doc.meta["language_confidence"] <= 1


@pytest.mark.parametrize(("text", "code"), [
    ("El presidente de Francia, Emmanuel Macron, se reunió el martes con el canciller alemán "
     "en París para hablar de la guerra en Ucrania.", "es"),
    ("Der französische Präsident Emmanuel Macron hat sich am Dienstag in Paris mit dem "
     "Bundeskanzler getroffen, um über den Krieg zu sprechen.", "de"),
])
def test_unsupported_language_is_skipped_with_its_name(res, text: str, code: str) -> None:
    doc = _identify(res, text)
    assert doc.language == code
    assert doc.skip_reason is not None
    assert doc.skip_reason.startswith(f"unsupported language: {code}")


def test_hint_of_a_supported_language_is_trusted(res) -> None:
    doc = _identify(res, "Jokowi bertemu Albanese.", hint="id")
    assert doc.language == "id" and doc.skip_reason is None


def test_hint_of_an_unsupported_language_skips(res) -> None:
    doc = _identify(res, "Le président a rencontré le chancelier.", hint="fr")
    assert doc.language == "fr"
    assert doc.skip_reason is not None and "unsupported language: fr" in doc.skip_reason


def test_detect_prefers_a_supported_language(res) -> None:
    code, conf = detect("Kedua pemimpin membahas kerja sama ekonomi dan keamanan maritim.",
                        res.languages)
    assert code == "id"
    assert conf > 0


def test_pipeline_stops_at_an_unsupported_language(process_text) -> None:
    doc = process_text("El gobierno de España condenó el ataque contra la embajada y pidió "
                       "una investigación independiente.")
    assert doc.skip_reason is not None and "es" in doc.skip_reason
    assert doc.sentences == [] and doc.events == []
