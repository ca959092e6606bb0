"""Context of each event: date, place, issues; then what the document as a whole tells.

Within a document, the mentions of one meeting share what any of them says: a date found in
one sentence and the issues discussed across sentences belong to the meeting. A statement
whose target is not named ("warned of strong measures") during a two-party meeting is aimed at
the counterpart of that meeting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from warta.events.extract import to_actor
from warta.events.modality import clause_bounds
from warta.model import Actor, DateValue, Document, Event, Mention, Place
from warta.ontology import RECIPROCAL_ROOTS
from warta.resources import Resources
from warta.when import find_dates


def _nearest(items: list, pos: int):  # noqa: ANN001, ANN202 - items have .start
    return min(items, key=lambda x: abs((x.start or 0) - pos)) if items else None


def _place(m: Mention) -> Place:
    lat, lon, gid = m.geo if m.geo else (None, None, None)
    return Place(text=m.text, name=m.name or m.text, country=m.country, lat=lat, lon=lon,
                 start=m.start, end=m.end, geonameid=gid)


def _dyad_key(ev: Event) -> tuple[str, frozenset[str]] | None:
    if ev.source is None or ev.target is None:
        return None
    a = ev.source.entity_id or ev.source.code or ev.source.text
    b = ev.target.entity_id or ev.target.code or ev.target.text
    return ev.plover, frozenset((a, b))


def _actor_key(actor: Actor) -> str:
    return actor.entity_id or actor.code or actor.text


def add_context(doc: Document, res: Resources) -> Document:
    pack = res.pack(doc.language or "en")
    events = list(doc.events)
    by_sentence: dict[int, list[Event]] = {}
    for ev in events:
        by_sentence.setdefault(ev.sentence, []).append(ev)
    places: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if m.kind == "place" and m.locative:
            places.setdefault(m.sentence, []).append(m)
    for sent in doc.sentences:
        evs = by_sentence.get(sent.index)
        if not evs:
            continue
        dates = [d for d in find_dates(sent, pack, doc.published) if d.value]
        issues = sorted({p.id for m in pack.issues.find_all([t.lower for t in sent.tokens])
                         for p in m.payloads})
        for ev in evs:
            first = next(k for k, t in enumerate(sent.tokens) if t.start >= ev.trigger_start)
            last = next(k for k, t in enumerate(sent.tokens) if t.end >= ev.trigger_end) + 1
            c_start, c_end = clause_bounds(sent, first, last, pack)
            # The trigger's own clause first; else a date earlier in the sentence
            # ("pada 7 Desember setelah konferensi ...").
            d = _nearest([x for x in dates if c_start <= (x.start or 0) < c_end],
                         ev.trigger_start) or _nearest(
                [x for x in dates if (x.end or 0) <= ev.trigger_start], ev.trigger_start)
            if d is not None:
                ev.date = d
            p = _nearest([x for x in places.get(sent.index, []) if c_start <= x.start < c_end],
                         ev.trigger_start)
            if p is not None:
                ev.place = _place(p)
            ev.issues = issues
    _share_within_document(events)
    _implicit_targets(doc, events)
    # Mentions whose code depends on the date (dictionary persons), indexed by span on demand.
    dated: dict[tuple[int, int], Mention] | None = None
    for ev in events:
        if ev.date is None:
            ev.date = DateValue(value=doc.published, precision="day" if doc.published
                                else "unknown", method="publication" if doc.published
                                else "unknown")
        # Codes of dated roles depend on the event's date: resolve again now it is known.
        for actor in (ev.source, ev.target):
            if actor is not None and actor.resolution in ("dictionary", "surname") \
                    and ev.date.value:
                if dated is None:
                    dated = {(m.start, m.end): m for m in doc.mentions
                             if m.entity is not None and m.code is None}
                _recode(dated, actor, ev.date.value)
    return replace(doc, events=events)


def _recode(dated: dict[tuple[int, int], Mention], actor: Actor, date: str) -> None:
    """Resolve a dictionary person's code again for the event's own date."""
    m = dated.get((actor.start, actor.end))
    if m is not None:
        fresh = to_actor(m, date)
        actor.code, actor.country, actor.sector = fresh.code, fresh.country, fresh.sector


def _share_within_document(events: list[Event]) -> None:
    """Mentions of one meeting in a document share its date and the issues discussed."""
    groups: dict[tuple[str, frozenset[str]], list[Event]] = {}
    for ev in events:
        key = _dyad_key(ev)
        if key is not None and ev.plover in RECIPROCAL_ROOTS:
            groups.setdefault(key, []).append(ev)
    for group in groups.values():
        dated = [e.date for e in group if e.date is not None and e.date.method != "publication"]
        issues = sorted({i for e in group for i in e.issues})
        for ev in group:
            if ev.date is None and dated:
                d = dated[0]
                ev.date = DateValue(d.value, d.precision, "document", d.text, d.start, d.end)
            if ev.plover == "CONSULT":
                ev.issues = issues


def _implicit_targets(doc: Document, events: list[Event]) -> None:
    """A targetless act by one party of the document's main meeting targets the other party."""
    pairs: Counter[frozenset[str]] = Counter()
    actors: dict[str, Actor] = {}
    for ev in events:
        if ev.plover == "CONSULT" and ev.source and ev.target:
            a, b = _actor_key(ev.source), _actor_key(ev.target)
            if a != b:
                pairs[frozenset((a, b))] += 1
                actors.setdefault(a, ev.source)
                actors.setdefault(b, ev.target)
    if not pairs:
        return
    main = pairs.most_common(1)[0][0]
    for ev in events:
        if ev.source is None or ev.target is not None:
            continue
        key = _actor_key(ev.source)
        if key in main:
            other_key = next(k for k in main if k != key)
            other = actors[other_key]
            ev.target = Actor(text=other.text, name=other.name, code=other.code,
                              country=other.country, sector=other.sector,
                              resolution=f"implicit: counterpart of {ev.source.name or key} "
                                         f"in the document's meeting",
                              start=other.start, end=other.end, entity_id=other.entity_id)
            ev.confidence = round(max(0.05, ev.confidence - 0.05), 3)
