"""Background mentions: an event the article recalls from well before it was published.

"ISIS captured Mosul in 2014", in a 2019 article, is history the article gives as background,
not news of 2014 (GDELT codes what an article reports as happening). An event is historical
when its date, at whatever precision, ends more than `HISTORICAL_DAYS` before the article's
publication date. Events without their own date (dated by publication) never are.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

HISTORICAL_DAYS = 365


def period(value: str | None) -> tuple[date, date] | None:
    """The first and last day of an ISO date of day, month or year precision."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1), date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date(year, month, int(parts[2][:2]))
        return day, day
    except ValueError:
        return None


def is_historical(date_value: str | None, date_method: str | None,
                  published: str | None, days: int = HISTORICAL_DAYS) -> bool:
    """Whether the event's own date ends more than `days` before the publication date."""
    if date_method == "publication" or not published:
        return False
    event = period(date_value)
    pub = period(published)
    if event is None or pub is None:
        return False
    return event[1] < pub[0] - timedelta(days=days)
