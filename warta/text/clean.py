"""Cleaning: drop page chrome, read the dateline, normalise whitespace.

Runs before language identification, so it uses the boilerplate markers of every language pack.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from warta.model import Document, content_id
from warta.resources import Resources

# "(VOVWORLD) -", "JAKARTA, KOMPAS.com -", "WASHINGTON (Reuters) -", "SAN FRANCISCO —"
_DATELINE = re.compile(
    r"^(?P<all>(?:(?P<place>[A-Z][A-Z .'’-]{1,30}?)\s*,?\s*)?"
    r"(?:\((?P<paren>[^()\n]{2,40})\)|(?P<domain>[A-Za-z][\w-]*(?:\.[a-z]{2,})+))?"
    r"\s*[-–—]{1,2}\s+)"
)
# Title-case forms that name their outlet: "Jakarta (ANTARA News) -", "Jakarta, CNN Indonesia
# --", also as tokenised corpora write them ("Jakarta , CNN Indonesia - -").
_TITLED_DATELINE = re.compile(
    r"^(?P<all>(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\s*"
    r"(?:\(\s*(?P<paren>[^()\n]{2,40}?)\s*\)\s*[-–—](?:\s*[-–—])?"
    # An outlet after a comma only with the double dash ("Putin, Biden - ..." is no dateline).
    r"|,\s*(?P<name>[A-Z][\w.]*(?: [A-Z][\w.]*){0,3})\s*(?:[-–]\s*[-–]|—))\s+)"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


def chrome_key(line: str) -> str:
    return re.sub(r"[\s:|·•»›>\-–—()\[\]]+", " ", line.lower()).strip()


def _dateline(paragraph: str) -> tuple[str, str | None, str | None]:
    """Strip a leading dateline; return (rest, outlet, place)."""
    titled = _TITLED_DATELINE.match(paragraph)
    if titled:
        outlet = (titled.group("paren") or titled.group("name")).strip()
        return paragraph[titled.end("all"):], outlet, titled.group("place")
    m = _DATELINE.match(paragraph)
    if not m or not (m.group("paren") or m.group("domain") or m.group("place")):
        return paragraph, None, None
    place = (m.group("place") or "").strip() or None
    if place and place != place.upper():
        return paragraph, None, None
    outlet = (m.group("paren") or m.group("domain") or "").strip() or None
    return paragraph[m.end("all"):], outlet, place


def clean(doc: Document, res: Resources) -> Document:
    text = unicodedata.normalize("NFC", doc.raw).replace("\r\n", "\n").replace("\r", "\n")
    chrome = res.boilerplate_keys()
    paragraphs: list[str] = []
    outlet = doc.outlet
    meta = dict(doc.meta)
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        if chrome_key(line) in chrome:
            meta.setdefault("dropped_chrome", []).append(line)
            continue
        if len(paragraphs) <= 2 and "dateline" not in meta:
            rest, found_outlet, place = _dateline(line)
            if rest is not line:
                meta["dateline"] = line[: len(line) - len(rest)].strip()
                if place:
                    meta["dateline_place"] = place
                if found_outlet and not outlet:
                    outlet = found_outlet
                line = rest
        paragraphs.append(line)
    title = doc.title
    if not title and len(paragraphs) > 1 and len(paragraphs[0]) < 200 \
            and not paragraphs[0].endswith((".", "!", "?", '"', "”")):
        title = paragraphs[0]
    cleaned = "\n\n".join(paragraphs)
    if not cleaned.strip():
        return replace(doc, text="", skip_reason="empty after cleaning (only page chrome)")
    return replace(doc, text=cleaned, id=doc.id or content_id(cleaned), outlet=outlet,
                   title=title, meta=meta)
