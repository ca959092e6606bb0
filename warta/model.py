"""warta's one data model.

Every stage reads and writes these types. Spans are character offsets into the *cleaned*
document text (`Document.text`), so every field of an event can be traced back to the
characters it came from.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str
    upper_initial: bool


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    tokens: list[Token] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    """A real-world actor: from the dictionary, or learnt from the document (appositive)."""

    id: str
    type: str  # person | organization | country | group
    name: str
    code: str | None = None  # fixed code (countries, organisations, metonyms)
    roles: list[dict[str, Any]] = field(default_factory=list)  # dated roles of persons
    country: str | None = None
    sector: str | None = None
    head: bool = False  # head of state/government (for "the Russian leader")

    def code_on(self, date: str | None) -> str | None:
        """The CAMEO code that applies on `date` (ISO, any precision): dated roles first."""
        if self.roles:
            chosen = choose_role(self.roles, date)
            if chosen is not None:
                return chosen["code"]
        return self.code


def choose_role(roles: list[dict[str, Any]], date: str | None) -> dict[str, Any] | None:
    """The role whose interval holds `date`; failing that the latest role that began before it."""
    if not roles:
        return None
    if date is None:
        # No date: the most recent role is the best guess for current news.
        return max(roles, key=lambda r: r.get("start") or "")
    day = date if len(date) == 10 else (date + "-15" if len(date) == 7 else date + "-07-01")
    holding = [
        r for r in roles
        if (r.get("start") or "0000") <= day and (r.get("end") is None or day <= r["end"])
    ]
    if holding:
        # Prefer the most specific (latest-starting) role, e.g. a government post over "elite".
        return max(holding, key=lambda r: (r.get("start") or "", r["code"].endswith("GOV")))
    before = [r for r in roles if (r.get("start") or "0000") <= day]
    if before:
        return max(before, key=lambda r: r.get("start") or "")
    return min(roles, key=lambda r: r.get("start") or "")


@dataclass(slots=True)
class Mention:
    """A stretch of text that names or refers to an actor, place or date."""

    kind: str  # actor | pronoun | group | place | role
    text: str
    start: int
    end: int
    sentence: int
    entity: Entity | None = None
    code: str | None = None  # code when no entity applies (role + country, metonym)
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    resolution: str = ""  # how it was resolved: dictionary, appositive, role+country, ...
    members: list[Mention] = field(default_factory=list)  # compound / group mentions
    capital: bool = False  # a capital city used as a metonym (actor only outside locatives)
    locative: bool = False  # preceded by "di"/"in": a place, not an actor
    geo: tuple[float | None, float | None, int | None] | None = None  # lat, lon, geonameid
    name_type: str | None = None  # PER / ORG / LOC when the name tagger found it


@dataclass(slots=True)
class Actor:
    text: str
    name: str | None
    code: str | None
    country: str | None
    sector: str | None
    resolution: str
    start: int
    end: int
    entity_id: str | None = None


@dataclass(slots=True)
class DateValue:
    value: str | None  # ISO: YYYY-MM-DD, YYYY-MM, YYYY (None when unknown)
    precision: str  # day | week | month | year | unknown
    method: str  # explicit | relative | publication | document | unknown
    text: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Place:
    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    start: int
    end: int
    geonameid: int | None = None


@dataclass(slots=True)
class Attribution:
    party: Actor | None
    text: str  # the frame as written: "Menurut Istana Kremlin"
    start: int
    end: int
    quote: str | None = None
    inherited: bool = False  # carried over from an earlier sentence of the paragraph


@dataclass(slots=True)
class Event:
    id: str
    plover: str
    cameo: str
    cameo_base: str
    cameo_root: str
    quad_class: int
    goldstein: float
    trigger_text: str
    trigger_start: int
    trigger_end: int
    sentence: int
    source: Actor | None
    target: Actor | None
    mode: str | None = None
    context: str | None = None
    modality: str = "asserted"
    date: DateValue | None = None
    place: Place | None = None
    attribution: Attribution | None = None
    issues: list[str] = field(default_factory=list)
    method: str = "lexicon"
    confidence: float = 0.0
    reciprocal: bool = False
    cluster: str | None = None


@dataclass(slots=True)
class Document:
    raw: str
    id: str = ""
    text: str = ""  # cleaned text; all spans point into it
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date
    language: str | None = None
    language_hint: str | None = None
    origin: str | None = None  # file path / line the document came from
    # The input's own id (a JSONL record's or CSV row's `id`, a feed entry's id): kept as
    # given, beside warta's content hash `id`, so that a document can be found by either.
    source_id: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    skip_reason: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Skipped:
    origin: str
    reason: str
    document_id: str | None = None


def content_id(text: str) -> str:
    """Stable document key: the same content always gets the same id (idempotent runs)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def event_record(doc: Document, event: Event) -> dict[str, Any]:
    """The JSON-serialisable event record (the native JSONL output and the store's source)."""
    rec = asdict(event)
    rec["type"] = {
        "plover": rec.pop("plover"),
        "cameo": rec.pop("cameo"),
        "cameo_base": rec.pop("cameo_base"),
        "cameo_root": rec.pop("cameo_root"),
        "quad_class": rec.pop("quad_class"),
        "goldstein": rec.pop("goldstein"),
        "mode": rec.pop("mode"),
        "context": rec.pop("context"),
    }
    sentence = doc.sentences[event.sentence] if event.sentence < len(doc.sentences) else None
    rec["provenance"] = {
        "document_id": doc.id,
        "source_id": doc.source_id,
        "url": doc.url,
        "outlet": doc.outlet,
        "title": doc.title,
        "published": doc.published,
        "language": doc.language,
        "origin": doc.origin,
        "sentence_index": event.sentence,
        "sentence_text": sentence.text if sentence else None,
        "trigger": {"text": rec.pop("trigger_text"), "start": rec.pop("trigger_start"),
                    "end": rec.pop("trigger_end")},
        "method": rec.pop("method"),
        "confidence": rec.pop("confidence"),
    }
    rec.pop("sentence")
    return rec
