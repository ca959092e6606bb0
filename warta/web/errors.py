"""Error pages that speak to a person: what went wrong, in words, and where to go from here.

The REST API keeps its problem details (application/problem+json); only a browser asking for
a page gets this. The raw input is never echoed back, only the parameter's meaning and what
it takes.
"""

from __future__ import annotations

from typing import Any

from warta.store.queries import MAX_LIMIT

_DATE = "a date as YYYY, YYYY-MM or YYYY-MM-DD (2021-12-08)"
# query parameter -> (what it is, what it takes)
PARAMETERS = {
    "a": ("the first actor (a)", "an actor or country code of letters and digits, e.g. RUS"),
    "b": ("the second actor (b)", "an actor or country code of letters and digits, e.g. USA"),
    "date_from": ("the earliest date (From)", _DATE),
    "date_to": ("the latest date (To)", _DATE),
    "published_from": ("the earliest publication date", _DATE),
    "published_to": ("the latest publication date", _DATE),
    "actor": ("the actor", "an actor code of letters and digits, e.g. RUS or USAGOV"),
    "dyad": ("the dyad", "two actor codes separated by a comma, e.g. RUS,USA"),
    "plover": ("the event type", "a PLOVER type, e.g. THREATEN"),
    "quad_class": ("the QuadClass", "a number from 1 to 4"),
    "language": ("the language", "a language code, e.g. id or en"),
    "modality": ("the modality", "asserted, negated, denied, intended, conditional or "
                                 "proposed"),
    "interval": ("the interval", "day, week or month"),
    "sort": ("the column to sort by", "one of the table's column names"),
    "order": ("the order", "asc or desc"),
    "limit": ("the number of rows per page", f"a whole number from 1 to {MAX_LIMIT}"),
    "offset": ("the position in the list", "a whole number from 0"),
    "format": ("the download format", "csv, parquet, gdelt or plover"),
    "outlet": ("the outlet", "an outlet's name, at most 200 characters"),
    "party": ("the attributed party", "a name or code, at most 200 characters"),
    "q": ("the search text", "at most 200 characters"),
}

TITLES = {
    400: "This request cannot be answered",
    403: "This is not allowed here",
    404: "Not found",
    405: "This page cannot be used that way",
    413: "That is too large",
    415: "That kind of file cannot be read",
    422: "This page needs different parameters",
    500: "Something went wrong on the server",
}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe(error: dict[str, Any]) -> str:
    """One validation error as a sentence: which parameter, and what it takes."""
    loc = [str(part) for part in error.get("loc", ())]
    name = loc[-1] if loc else ""
    msg = str(error.get("msg", ""))
    meaning, takes = PARAMETERS.get(name, (f"the value ‘{name}’" if name else "a value", ""))
    if "required" in msg.lower() or "missing" in msg.lower():
        said = f"{meaning} is missing"
    else:
        said = f"{meaning} is not valid"
    return _sentence(said) + (f": give {takes}." if takes else f" ({msg.lower()}).")


def explain(status: int, detail: str, errors: list[dict[str, Any]] | None,
            path: str) -> dict[str, Any]:
    """The context of the error page: a title, sentences and links onwards."""
    problems = [describe(e) for e in errors or []]
    if status == 404:
        message = _sentence(detail.rstrip(".")) + "." if detail else "No such page."
        message += " It may have been removed, or the address may be mistyped."
    elif status >= 500:
        message = "The server could not answer this request. The server's log has the details."
    elif problems:
        message = ("The page could not be shown because of "
                   + ("this:" if len(problems) == 1 else "these:"))
    else:
        message = _sentence(detail) if detail else "The request could not be answered."
    links = [("/", "the events")]
    if path.startswith("/dyad"):
        links.insert(0, ("/dyads", "the list of dyads, to pick a pair"))
    elif path.startswith("/documents"):
        links.insert(0, ("/documents", "the articles"))
    return {"title": TITLES.get(status, "This request cannot be answered"),
            "message": message, "problems": problems, "links": links}
