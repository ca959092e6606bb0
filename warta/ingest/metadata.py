"""Metadata that an input gives but warta cannot use is never dropped silently.

A record's `published: 20170328` (a number), `"2021-13-45"` (no such day), `title: 42` or
`url: 7` is left out of the document, and a warning names the field, the value and what was
used instead. The warnings travel in `Document.meta["warnings"]`; the store keeps them in its
`warnings` table and the run's summary counts and lists them. Under --strict such a document
is skipped with the warnings as its reason instead (`strict_metadata`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from warta.ingest.common import normalise_date
from warta.model import Document, Skipped

Warnings = list[dict[str, str]]
VALUE_SHOWN = 80  # characters of a rejected value kept in the warning


def warn(warnings: Warnings, field: str, value: Any, problem: str, instead: str) -> None:
    shown = repr(value)
    if len(shown) > VALUE_SHOWN:
        shown = shown[:VALUE_SHOWN] + "..."
    warnings.append({"field": field, "value": shown,
                     "message": f"{field}: {shown} {problem}; {instead}"})


def date_field(value: Any, field: str, default: str | None, warnings: Warnings) -> str | None:
    """The ISO date in `value`, else `default` with a warning (nothing given: no warning)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    date = normalise_date(value)
    if date is None:
        instead = f"used {default} (--published) instead" if default else "left out"
        problem = ("is not a date (YYYY-MM-DD)" if isinstance(value, str)
                   else f"is a {type(value).__name__}, not a date string (YYYY-MM-DD)")
        warn(warnings, field, value, problem, instead)
        return default
    return date


def string_field(value: Any, field: str, warnings: Warnings, default: str | None = None
                 ) -> str | None:
    """`value` stripped when it is a string; another type is left out with a warning."""
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip() or default
    instead = f"used {default!r} instead" if default else "left out"
    warn(warnings, field, value, f"is a {type(value).__name__}, not a string", instead)
    return default


def id_field(value: Any, warnings: Warnings) -> str | None:
    """An input's own id as a string: a string (stripped) or a number as written; another
    type (an object, a list, a boolean) is left out with a warning."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    warn(warnings, "id", value, f"is a {type(value).__name__}, not a string or number",
         "left out")
    return None


def strict_metadata(items: Iterable[Document | Skipped]) -> Iterator[Document | Skipped]:
    """--strict: a document whose metadata had to be dropped is skipped, with the reason."""
    for item in items:
        warnings = item.meta.get("warnings") if isinstance(item, Document) else None
        if warnings:
            reason = "; ".join(w["message"] for w in warnings)
            yield Skipped(item.origin or "<unknown>", f"metadata not usable: {reason}")
        else:
            yield item
