"""Segmentation: paragraphs, sentences (abbreviations do not end them) and token offsets."""

from __future__ import annotations

import pytest

from warta.model import Document
from warta.resources import load_resources
from warta.text.clean import clean
from warta.text.segment import segment


@pytest.fixture(scope="module")
def res():
    return load_resources()


def _sentences(res, text: str, lang: str) -> list[str]:
    doc = segment(clean(Document(raw=text, language=lang), res), res)
    return [s.text for s in doc.sentences]


def test_english_titles_do_not_end_sentences(res) -> None:
    text = ("Mr. Blinken met Dr. Tedros in Geneva. They talked about the U.S. funding of the "
            "WHO. Gen. Milley did not attend.")
    assert _sentences(res, text, "en") == [
        "Mr. Blinken met Dr. Tedros in Geneva.",
        "They talked about the U.S. funding of the WHO.",
        "Gen. Milley did not attend.",
    ]


def test_indonesian_abbreviations_do_not_end_sentences(res) -> None:
    text = ("Kedutaan itu terletak di Jl. Merdeka Barat No. 5, Jakarta. Dr. Retno Marsudi "
            "menerima Duta Besar Jepang di sana. Brigjen. Ahmad memimpin pengamanan.")
    assert _sentences(res, text, "id") == [
        "Kedutaan itu terletak di Jl. Merdeka Barat No. 5, Jakarta.",
        "Dr. Retno Marsudi menerima Duta Besar Jepang di sana.",
        "Brigjen. Ahmad memimpin pengamanan.",
    ]


def test_initials_do_not_end_sentences(res) -> None:
    assert _sentences(res, "President Joseph R. Biden spoke with Xi. Both sides agreed.",
                      "en") == ["President Joseph R. Biden spoke with Xi.", "Both sides agreed."]


def test_closing_quote_stays_with_its_sentence(res) -> None:
    text = 'Menlu berkata, "Kami menolak klaim itu." Juru bicara tidak menjawab.'
    assert _sentences(res, text, "id") == ['Menlu berkata, "Kami menolak klaim itu."',
                                           "Juru bicara tidak menjawab."]


def test_clock_time_does_not_end_a_sentence(res) -> None:
    text = "Presiden tiba pukul 10.00 WIB. Ia langsung menuju Istana Bogor."
    assert _sentences(res, text, "id") == ["Presiden tiba pukul 10.00 WIB.",
                                           "Ia langsung menuju Istana Bogor."]


def test_paragraphs_and_offsets_point_into_the_cleaned_text(res) -> None:
    raw = ("China and Japan held talks in Tokyo. Both sides agreed to meet again.\n\n"
           "Read more\n\nThe next round is due in March.")
    doc = segment(clean(Document(raw=raw, language="en"), res), res)
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1]
    for sent in doc.sentences:
        assert doc.text[sent.start:sent.end] == sent.text
        assert [t.text for t in sent.tokens] == [doc.text[t.start:t.end] for t in sent.tokens]
    assert [s.index for s in doc.sentences] == [0, 1, 2]
