"""Cleaning: page chrome is dropped, datelines name the outlet, whitespace is normalised."""

from __future__ import annotations

import pytest

from warta.model import Document
from warta.resources import load_resources
from warta.text.clean import clean


@pytest.fixture(scope="module")
def res():
    return load_resources()


def test_indonesian_chrome_lines_are_dropped(res) -> None:
    raw = ("Presiden Joko Widodo menerima Perdana Menteri Australia di Istana Merdeka.\n\n"
           "Baca juga\n\nKomentar\n\nYang lain\n")
    doc = clean(Document(raw=raw), res)
    assert doc.text == "Presiden Joko Widodo menerima Perdana Menteri Australia di Istana Merdeka."
    assert doc.meta["dropped_chrome"] == ["Baca juga", "Komentar", "Yang lain"]


def test_english_chrome_lines_are_dropped(res) -> None:
    raw = ("The United States imposed new sanctions on Myanmar's military leaders.\n"
           "Read more\nShare this\nShare on Facebook\nTweet\n")
    doc = clean(Document(raw=raw), res)
    assert doc.text == "The United States imposed new sanctions on Myanmar's military leaders."
    assert "Read more" in doc.meta["dropped_chrome"]
    assert "Share on Facebook" in doc.meta["dropped_chrome"]


def test_chrome_word_inside_a_sentence_is_kept(res) -> None:
    raw = "Kementerian menolak memberi komentar tentang laporan itu."
    doc = clean(Document(raw=raw), res)
    assert doc.text == raw
    assert "dropped_chrome" not in doc.meta


def test_only_chrome_is_skipped_as_empty(res) -> None:
    doc = clean(Document(raw="Komentar\n\nYang lain\nRead more\n"), res)
    assert doc.skip_reason is not None
    assert "empty" in doc.skip_reason


@pytest.mark.parametrize(("raw", "outlet", "body"), [
    ("(VOVWORLD) - Vietnam dan Laos menandatangani perjanjian kerja sama pertahanan.",
     "VOVWORLD", "Vietnam dan Laos menandatangani perjanjian kerja sama pertahanan."),
    ("JAKARTA, KOMPAS.com - Menteri Luar Negeri Retno Marsudi tiba di Kuala Lumpur.",
     "KOMPAS.com", "Menteri Luar Negeri Retno Marsudi tiba di Kuala Lumpur."),
    ("WASHINGTON (Reuters) - The State Department criticised China's military drills.",
     "Reuters", "The State Department criticised China's military drills."),
    # Title-case places with their outlet, also as tokenised corpora (IndoSum) write them.
    ("Jakarta, CNN Indonesia -- Pemerintah Kenya menangkap penasihat oposisi.",
     "CNN Indonesia", "Pemerintah Kenya menangkap penasihat oposisi."),
    ("Jakarta , CNN Indonesia - - Pemerintah Kenya menangkap penasihat oposisi .",
     "CNN Indonesia", "Pemerintah Kenya menangkap penasihat oposisi ."),
    ("Solo ( ANTARA News ) - Menteri Dalam Negeri Tjahjo Kumolo hadir.",
     "ANTARA News", "Menteri Dalam Negeri Tjahjo Kumolo hadir."),
])
def test_dateline_names_the_outlet_and_is_stripped(res, raw: str, outlet: str, body: str) -> None:
    doc = clean(Document(raw=raw), res)
    assert doc.outlet == outlet
    assert doc.text == body


def test_dateline_place_is_recorded(res) -> None:
    doc = clean(Document(raw="JAKARTA, KOMPAS.com - Presiden tiba di Bali."), res)
    assert doc.meta["dateline_place"] == "JAKARTA"
    assert doc.meta["dateline"] == "JAKARTA, KOMPAS.com -"


def test_outlet_given_by_the_caller_wins(res) -> None:
    doc = clean(Document(raw="WASHINGTON (Reuters) - The talks ended.", outlet="Yahoo News"), res)
    assert doc.outlet == "Yahoo News"
    assert doc.text == "The talks ended."


@pytest.mark.parametrize("raw", [
    "Putin, Biden - dua pemimpin itu bertemu di Jenewa.",
    "Presiden Joko Widodo, Menteri - menteri dan gubernur hadir.",
])
def test_names_before_a_dash_are_no_dateline(res, raw: str) -> None:
    doc = clean(Document(raw=raw), res)
    assert doc.outlet is None and doc.text == raw


def test_ordinary_first_word_is_not_a_dateline(res) -> None:
    raw = "Prime Minister Anwar Ibrahim - who took office in 2022 - visited Jakarta."
    doc = clean(Document(raw=raw), res)
    assert doc.outlet is None
    assert doc.text == raw


def test_headline_becomes_title_and_whitespace_is_normalised(res) -> None:
    raw = ("Jokowi dan Albanese Bahas Kerja Sama Ekonomi\r\n\r\n"
           "Presiden  Joko Widodo\u00a0bertemu Perdana Menteri Australia.\t\n")
    doc = clean(Document(raw=raw), res)
    assert doc.title == "Jokowi dan Albanese Bahas Kerja Sama Ekonomi"
    assert doc.text.split("\n\n") == ["Jokowi dan Albanese Bahas Kerja Sama Ekonomi",
                                      "Presiden Joko Widodo bertemu Perdana Menteri Australia."]


def test_document_id_is_a_hash_of_the_cleaned_text(res) -> None:
    a = clean(Document(raw="China and Japan discussed maritime security.\nRead more"), res)
    b = clean(Document(raw="China and Japan discussed maritime security.\n\nShare this\n"), res)
    assert a.id and a.id == b.id
