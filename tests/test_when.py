"""Dates resolved against the publication date, with their precision (warta.when)."""

from __future__ import annotations

from datetime import date

import pytest

from warta.model import DateValue, Document
from warta.resources import load_resources
from warta.text.clean import clean
from warta.text.segment import segment
from warta.when import find_dates, month_length

PUBLISHED = "2021-12-08"  # a Wednesday


@pytest.fixture(scope="module")
def res():
    return load_resources()


def _dates(res, text: str, lang: str, published: str | None = PUBLISHED
           ) -> list[DateValue]:
    doc = segment(clean(Document(raw=text, language=lang), res), res)
    out: list[DateValue] = []
    for sent in doc.sentences:
        found = find_dates(sent, res.pack(lang), published)
        for d in found:
            assert d.start is not None and d.end is not None
            assert doc.text[d.start:d.end] == d.text
        out.extend(found)
    return out


def _one(res, text: str, lang: str, published: str | None = PUBLISHED
         ) -> tuple[str | None, str, str]:
    found = _dates(res, text, lang, published)
    assert len(found) == 1, found
    return found[0].value, found[0].precision, found[0].text or ""


@pytest.mark.parametrize(("text", "lang", "value", "precision", "span"), [
    # day and month without a year: the most recent such day before publication
    ("Kedua menteri luar negeri bertemu pada 07 Desember malam.", "id",
     "2021-12-07", "day", "07 Desember malam"),
    ("The foreign ministers spoke by phone on December 7.", "en",
     "2021-12-07", "day", "December 7"),
    ("They met on 7 December 2021 in Canberra.", "en", "2021-12-07", "day", "7 December 2021"),
    ("Perjanjian itu ditandatangani 15 Agustus 2020 di Hanoi.", "id",
     "2020-08-15", "day", "15 Agustus 2020"),
    ("The treaty was signed on August 15, 2020.", "en", "2020-08-15", "day", "August 15, 2020"),
    # month with a past marker
    ("KTT itu digelar di Jenewa pada bulan Juni lalu.", "id", "2021-06", "month",
     "bulan Juni lalu"),
    ("The summit took place in Geneva last June.", "en", "2021-06", "month", "last June"),
    ("Kunjungan itu berlangsung pada Mei lalu.", "id", "2021-05", "month", "Mei lalu"),
    ("KTT ASEAN digelar Juni 2021.", "id", "2021-06", "month", "Juni 2021"),
    # relative days and weekdays
    ("Kemarin, Jepang memprotes latihan militer China.", "id", "2021-12-07", "day", "Kemarin"),
    ("Yesterday, Japan protested against the Chinese drills.", "en", "2021-12-07", "day",
     "Yesterday"),
    ("Menlu akan berkunjung ke Tokyo besok.", "id", "2021-12-09", "day", "besok"),
    ("Perdana Menteri tiba di Canberra Selasa lalu.", "id", "2021-12-07", "day", "Selasa lalu"),
    ("The talks were held on Tuesday.", "en", "2021-12-07", "day", "Tuesday"),
    ("The prime minister arrived last Tuesday.", "en", "2021-12-07", "day", "last Tuesday"),
    ("They met on Friday.", "en", "2021-12-03", "day", "Friday"),
    # years
    ("Kesepakatan itu diteken pada 2019.", "id", "2019", "year", "2019"),
    ("The deal was signed in 2019.", "en", "2019", "year", "2019"),
    ("Hubungan kedua negara memburuk tahun lalu.", "id", "2020", "year", "tahun lalu"),
    # future
    ("Pertemuan berikutnya dijadwalkan bulan depan.", "id", "2022-01", "month", "bulan depan"),
    ("They will meet again next month.", "en", "2022-01", "month", "next month"),
])
def test_dates_resolve_against_publication(res, text: str, lang: str, value: str,
                                           precision: str, span: str) -> None:
    assert _one(res, text, lang) == (value, precision, span)


@pytest.mark.parametrize(("text", "lang"), [
    ("Kedua delegasi bertemu pekan lalu di Bangkok.", "id"),
    ("The two delegations met in Bangkok last week.", "en"),
])
def test_last_week_has_week_precision(res, text: str, lang: str) -> None:
    value, precision, _ = _one(res, text, lang)
    assert precision == "week"
    assert value is not None
    assert date(2021, 11, 29) <= date.fromisoformat(value) <= date(2021, 12, 5)


def test_explicit_dates_are_explicit_and_relative_ones_relative(res) -> None:
    explicit = _dates(res, "The treaty was signed on August 15, 2020.", "en")[0]
    relative = _dates(res, "The foreign ministers spoke on December 7.", "en")[0]
    assert explicit.method == "explicit"
    assert relative.method == "relative"


@pytest.mark.parametrize(("text", "lang"), [
    ("Mereka bertemu 7 Desember.", "id"),
    ("They met on December 7.", "en"),
])
def test_day_month_read_into_the_previous_year_across_new_year(res, text: str, lang: str
                                                              ) -> None:
    assert _one(res, text, lang, published="2022-01-05")[:2] == ("2021-12-07", "day")


def test_last_weekday_on_that_weekday_is_a_week_earlier(res) -> None:
    # Published on a Tuesday: "Selasa lalu" is the Tuesday before.
    assert _one(res, "Presiden tiba Selasa lalu.", "id", published="2021-12-07")[:2] == \
        ("2021-11-30", "day")


def test_last_june_read_in_january_is_the_previous_year(res) -> None:
    assert _one(res, "KTT digelar pada bulan Juni lalu.", "id", published="2022-01-05")[:2] == \
        ("2021-06", "month")


def test_without_publication_date_relative_dates_are_unknown(res) -> None:
    value, precision, _ = _one(res, "The talks were held last week.", "en", published=None)
    assert (value, precision) == (None, "unknown")


def test_explicit_date_needs_no_publication_date(res) -> None:
    assert _one(res, "Perjanjian itu ditandatangani 15 Agustus 2020.", "id",
                published=None)[:2] == ("2020-08-15", "day")


def test_sentence_without_date(res) -> None:
    assert _dates(res, "China and Japan discussed maritime security.", "en") == []
    assert _dates(res, "China dan Jepang membahas keamanan maritim.", "id") == []


@pytest.mark.parametrize(("text", "lang"), [
    ("Mereka bertemu dua pekan lalu.", "id"),
    ("They met two weeks ago.", "en"),
])
def test_counted_units(res, text: str, lang: str) -> None:
    value, precision, _ = _one(res, text, lang)
    assert (value, precision) == ("2021-11-24", "week")


def test_month_length() -> None:
    assert month_length("2021-02") == 28
    assert month_length("2024-02") == 29
    assert month_length("2021-12-07") == 31
