"""Dates: find date expressions and resolve them against the publication date, with precision.

Handles explicit dates ("07 Desember malam", "December 7, 2021", "Juni 2021"), months with a
past/future marker ("bulan Juni lalu", "last June"), weekdays ("Selasa lalu", "on Tuesday"),
relative days ("kemarin", "yesterday") and units ("pekan lalu", "last week", "tahun lalu").
All words come from the language pack (months, weekdays, relative_days, relative_units,
past_markers, future_markers, dayparts).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from warta.model import DateValue, Sentence, Token
from warta.resources import LanguagePack

_FUTURE_SLACK = 7  # days: an explicit day/month this far past publication is read as last year


def _iso(d: date) -> str:
    return d.isoformat()


def _pub(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _day(tok: Token) -> int | None:
    t = tok.lower.rstrip(".")
    for suffix in ("st", "nd", "rd", "th"):
        if t.endswith(suffix) and t[:-2].isdigit():
            t = t[:-2]
    if t.isdigit() and 1 <= int(t) <= 31 and len(t) <= 2:
        return int(t)
    return None


def _year(tok: Token | None) -> int | None:
    if tok is not None and tok.lower.isdigit() and len(tok.lower) == 4 and \
            1900 <= int(tok.lower) <= 2100:
        return int(tok.lower)
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int | None, pub: date | None, marker: str | None) -> int | None:
    if pub is None:
        return None
    y = pub.year
    if marker == "past":
        if (month, day or 1) >= (pub.month, pub.day) or (day is None and month >= pub.month):
            y -= 1
        return y
    if marker == "future":
        if (month, day or 31) <= (pub.month, pub.day):
            y += 1
        return y
    candidate = _safe_date(y, month, day or 1)
    if candidate and (candidate - pub).days > _FUTURE_SLACK and day is not None:
        y -= 1
    elif day is None and month > pub.month + 1:
        y -= 1
    return y


class _Scanner:
    def __init__(self, sent: Sentence, pack: LanguagePack, pub: date | None):
        self.toks = sent.tokens
        self.words = [t.lower.rstrip(".") if len(t.lower) > 1 else t.lower for t in sent.tokens]
        self.sent = sent
        self.pack = pack
        self.pub = pub
        self.past = pack.words.get("past_markers", frozenset())
        self.future = pack.words.get("future_markers", frozenset())
        self.dayparts = pack.words.get("dayparts", frozenset())
        self.preps = pack.words.get("locative_preps", frozenset()) | pack.words.get(
            "date_preps", frozenset())

    def word(self, k: int) -> str:
        return self.words[k] if 0 <= k < len(self.words) else ""

    def marker(self, k: int) -> str | None:
        """Past/future marker at k, including two-word ones ("yang lalu")."""
        for n in (2, 1):
            phrase = " ".join(self.words[k:k + n])
            if len(self.words[k:k + n]) == n:
                if phrase in self.past:
                    return "past"
                if phrase in self.future:
                    return "future"
        return None

    def value(self, i: int, j: int, value: str | None, precision: str, method: str) -> DateValue:
        s, e = self.toks[i].start, self.toks[j - 1].end
        return DateValue(value=value, precision=precision, method=method,
                         text=self.sent.text[s - self.sent.start:e - self.sent.start],
                         start=s, end=e)

    def scan(self) -> list[DateValue]:
        out: list[DateValue] = []
        k = 0
        n = len(self.words)
        while k < n:
            found = self.at(k)
            if found is None:
                k += 1
                continue
            dv, k = found
            out.append(dv)
        return out

    def _tail(self, j: int) -> int:
        """Swallow a daypart ("malam", "evening") after a day."""
        return j + 1 if self.word(j) in self.dayparts else j

    def at(self, k: int) -> tuple[DateValue, int] | None:
        """The date expression that starts at token k, with the token after it; the forms
        are tried in order, the first that reads one wins."""
        for form in (self._day_month, self._month_day, self._month_relative, self._weekday,
                     self._relative_day, self._relative_unit, self._year_after_prep):
            found = form(k)
            if found is not None:
                return found
        return None

    def _day_month(self, k: int) -> tuple[DateValue, int] | None:
        """7 December [2021] / 07 Desember malam."""
        months = self.pack.months
        day = _day(self.toks[k])
        if day is None or self.word(k + 1) not in months:
            return None
        month = months[self.word(k + 1)]
        j = k + 2
        year = _year(self.toks[j] if j < len(self.toks) else None)
        if year:
            j += 1
        j = self._tail(j)
        return self._day_value(k, j, year, month, day), j

    def _day_value(self, i: int, j: int, year: int | None, month: int, day: int) -> DateValue:
        """A day with or without its year (then the nearest one before publication)."""
        method = "explicit" if year else "relative"
        year = year or _year_for(month, day, self.pub, None)
        d = _safe_date(year, month, day) if year else None
        return self.value(i, j, _iso(d) if d else None, "day" if d else "unknown", method)

    def _month_day(self, k: int) -> tuple[DateValue, int] | None:
        """December 7[, 2021] / Dec. 7 / Juni 2021 / June 2021."""
        w, months = self.word(k), self.pack.months
        if w not in months or not self.toks[k].upper_initial or k + 1 >= len(self.toks):
            return None
        month = months[w]
        day = _day(self.toks[k + 1])
        if day is None:
            year = _year(self.toks[k + 1])
            if year:
                return self.value(k, k + 2, f"{year:04d}-{month:02d}", "month", "explicit"), k + 2
            return None
        j = k + 2
        if self.word(j) == "," and _year(self.toks[j + 1] if j + 1 < len(self.toks) else None):
            j += 1
        year = _year(self.toks[j] if j < len(self.toks) else None)
        if year:
            j += 1
        return self._day_value(k, j, year, month, day), j

    def _month_relative(self, k: int) -> tuple[DateValue, int] | None:
        """bulan Juni lalu / last June / Juni lalu / in June."""
        w, months = self.word(k), self.pack.months
        if w not in months or not self.toks[k].upper_initial:
            return None
        month = months[w]
        marker, before, prev = self.marker(k + 1), self.marker(k - 1), self.word(k - 1)
        i = k - 1 if prev in self.pack.relative_units or before else k
        if not (marker or before or prev in self.pack.relative_units or prev in self.preps):
            return None
        j = k + 1 + (len(self._marker_words(k + 1)) if marker else 0)
        year = _year_for(month, None, self.pub, marker or before)
        value = f"{year:04d}-{month:02d}" if year else None
        return self.value(i, j, value, "month" if value else "unknown", "relative"), j

    def _weekday(self, k: int) -> tuple[DateValue, int] | None:
        """Selasa lalu / last Tuesday / on Tuesday / Selasa (7/12)."""
        w, weekdays, pub = self.word(k), self.pack.weekdays, self.pub
        if w not in weekdays or not self.toks[k].upper_initial:
            return None
        marker = self.marker(k + 1) or self.marker(k - 1)
        i = k - 1 if self.marker(k - 1) else k
        j = k + 1 + (len(self._marker_words(k + 1)) if self.marker(k + 1) else 0)
        j = self._tail(j)
        if pub is None:
            return self.value(i, j, None, "unknown", "relative"), j
        delta = (pub.weekday() - weekdays[w]) % 7
        if marker == "future":
            d = pub + timedelta(days=(weekdays[w] - pub.weekday()) % 7 or 7)
        else:
            d = pub - timedelta(days=delta if delta or marker != "past" else 7)
        return self.value(i, j, _iso(d), "day", "relative"), j

    def _relative_day(self, k: int) -> tuple[DateValue, int] | None:
        """kemarin / yesterday / hari ini / today."""
        for size in (2, 1):
            phrase = " ".join(self.words[k:k + size])
            if len(self.words[k:k + size]) == size and phrase in self.pack.relative_days:
                j = self._tail(k + size)
                if self.pub is None:
                    return self.value(k, j, None, "unknown", "relative"), j
                d = self.pub + timedelta(days=self.pack.relative_days[phrase])
                return self.value(k, j, _iso(d), "day", "relative"), j
        return None

    def _relative_unit(self, k: int) -> tuple[DateValue, int] | None:
        """pekan lalu / last week / tahun depan / next year / dua pekan lalu / 3 days ago."""
        w = self.word(k)
        if w not in self.pack.relative_units:
            return None
        marker = self.marker(k + 1)
        i, j = k, k + 1 + (len(self._marker_words(k + 1)) if marker else 0)
        if not marker and self.marker(k - 1):
            marker, i, j = self.marker(k - 1), k - 1, k + 1
        if not marker:
            return None
        # "dua pekan lalu", "3 days ago": a count before the unit multiplies it.
        count = self._count(i - 1)
        if count is not None:
            i -= 1
        return self._unit(i, j, self.pack.relative_units[w] * (count or 1), marker), j

    def _year_after_prep(self, k: int) -> tuple[DateValue, int] | None:
        """pada 2019 / in 2019."""
        year = _year(self.toks[k])
        if year and self.word(k - 1) in self.preps:
            return self.value(k, k + 1, f"{year:04d}", "year", "explicit"), k + 1
        return None

    def _count(self, k: int) -> int | None:
        w = self.word(k)
        if w.isdigit() and len(w) <= 3:
            return int(w)
        return self.pack.numbers.get(w)

    def _marker_words(self, k: int) -> list[str]:
        for n in (2, 1):
            phrase = " ".join(self.words[k:k + n])
            if len(self.words[k:k + n]) == n and (phrase in self.past or phrase in self.future):
                return self.words[k:k + n]
        return []

    def _unit(self, i: int, j: int, days: int, marker: str) -> DateValue:
        pub = self.pub
        if pub is None:
            return self.value(i, j, None, "unknown", "relative")
        sign = -1 if marker == "past" else 1
        if days >= 365:
            return self.value(i, j, f"{pub.year + sign:04d}", "year", "relative")
        if days >= 28:
            m = pub.month + sign
            y = pub.year + (m - 1) // 12
            m = (m - 1) % 12 + 1
            return self.value(i, j, f"{y:04d}-{m:02d}", "month", "relative")
        d = pub + timedelta(days=sign * days)
        return self.value(i, j, _iso(d), "week" if days >= 7 else "day", "relative")


def find_dates(sent: Sentence, pack: LanguagePack, published: str | None) -> list[DateValue]:
    return _Scanner(sent, pack, _pub(published)).scan()


def month_length(value: str) -> int:
    y, m = int(value[:4]), int(value[5:7])
    return calendar.monthrange(y, m)[1]
