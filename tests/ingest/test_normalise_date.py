from __future__ import annotations

import datetime

import pytest

from warta.ingest import normalise_date


@pytest.mark.parametrize("value, expected", [
    ("2021-12-08", "2021-12-08"),
    ("2021-12-08T10:00:00Z", "2021-12-08"),
    ("2021-12-08T23:30:00-05:00", "2021-12-08"),  # the outlet's local date, as printed
    ("2021-12-08 10:00", "2021-12-08"),
    ("20211208", "2021-12-08"),
    ("2021-06", "2021-06"),
    ("2021", "2021"),
    ("Wed, 08 Dec 2021 10:00:00 GMT", "2021-12-08"),
    (datetime.date(2021, 12, 8), "2021-12-08"),
    (datetime.datetime(2021, 12, 8, 10, 0), "2021-12-08"),
    ("2021-02-30", None),
    ("08/12/2021", None),
    ("yesterday", None),
    ("", None),
    (None, None),
    (20211208, None),
])
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected
