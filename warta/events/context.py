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
from warta.mirrors import merge_mirrors
from warta.model import Actor, DateValue, Document, Event, Mention, Place, Sentence
from warta.ontology import RECIPROCAL_ROOTS
from warta.resources import LanguagePack, Resources
from warta.when import find_dates


def _nearest(items: list, pos: int):  # items have .start
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
    """The document with new events that carry their context; its own events are untouched
    (a Document can be coded again, and a batch that fails on one keeps the others)."""
    pack = res.pack(doc.language or "en")
    events = _sentence_context(doc, pack)
    events = _share_within_document(events)
    events = _implicit_targets(events, doc, pack)
    recode = _Recoder(doc)
    # Last: a mutual act's two directions become one record (warta/mirrors.py).
    return replace(doc, events=merge_mirrors(
        [recode(_dated(ev, doc.published)) for ev in events]))


def _sentence_context(doc: Document, pack: LanguagePack) -> list[Event]:
    """Each event with the date, place and issues of its own sentence (and clause)."""
    sentences = {s.index: s for s in doc.sentences}
    places: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if m.kind == "place" and m.locative:
            places.setdefault(m.sentence, []).append(m)
    found: dict[int, tuple[list[DateValue], list[str]]] = {}
    out: list[Event] = []
    for ev in doc.events:
        sent = sentences.get(ev.sentence)
        if sent is None:
            out.append(ev)
            continue
        if sent.index not in found:
            found[sent.index] = (
                [d for d in find_dates(sent, pack, doc.published) if d.value],
                sorted({p.id for m in pack.issues.find_all([t.lower for t in sent.tokens])
                        for p in m.payloads}))
        dates, issues = found[sent.index]
        out.append(_in_sentence(ev, sent, pack, dates, places.get(sent.index, []), issues))
    return out


def _in_sentence(ev: Event, sent: Sentence, pack: LanguagePack, dates: list[DateValue],
                 places: list[Mention], issues: list[str]) -> Event:
    first = next(k for k, t in enumerate(sent.tokens) if t.start >= ev.trigger_start)
    last = next(k for k, t in enumerate(sent.tokens) if t.end >= ev.trigger_end) + 1
    c_start, c_end = clause_bounds(sent, first, last, pack)
    # The trigger's own clause first; else a date earlier in the sentence
    # ("pada 7 Desember setelah konferensi ...").
    date = _nearest([x for x in dates if c_start <= (x.start or 0) < c_end],
                    ev.trigger_start) or _nearest(
        [x for x in dates if (x.end or 0) <= ev.trigger_start], ev.trigger_start)
    place = _nearest([x for x in places if c_start <= x.start < c_end], ev.trigger_start)
    return replace(ev, date=date or ev.date, place=_place(place) if place else ev.place,
                   issues=list(issues))


def _dated(ev: Event, published: str | None) -> Event:
    """An event no sentence dates happened on the publication date, as far as is known."""
    if ev.date is not None:
        return ev
    return replace(ev, date=DateValue(
        value=published, precision="day" if published else "unknown",
        method="publication" if published else "unknown"))


class _Recoder:
    """Codes of dated roles depend on the event's date: resolve them again once it is known
    (dictionary persons' mentions, indexed by span on first use)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.dated: dict[tuple[int, int], Mention] | None = None

    def __call__(self, ev: Event) -> Event:
        date = ev.date.value if ev.date else None
        if not date:
            return ev
        source, target = self.actor(ev.source, date), self.actor(ev.target, date)
        if source is ev.source and target is ev.target:
            return ev
        return replace(ev, source=source, target=target)

    def actor(self, actor: Actor | None, date: str) -> Actor | None:
        if actor is None or actor.resolution not in ("dictionary", "surname"):
            return actor
        if self.dated is None:
            self.dated = {(m.start, m.end): m for m in self.doc.mentions
                          if m.entity is not None and m.code is None}
        m = self.dated.get((actor.start, actor.end))
        if m is None:
            return actor
        fresh = to_actor(m, date)
        return replace(actor, code=fresh.code, country=fresh.country, sector=fresh.sector)


def _share_within_document(events: list[Event]) -> list[Event]:
    """Mentions of one meeting in a document share its date and the issues discussed."""
    groups: dict[tuple[str, frozenset[str]], list[int]] = {}
    for index, ev in enumerate(events):
        key = _dyad_key(ev)
        if key is not None and ev.plover in RECIPROCAL_ROOTS:
            groups.setdefault(key, []).append(index)
    out = list(events)
    for members in groups.values():
        group = [events[i] for i in members]
        dated = [e.date for e in group if e.date is not None and e.date.method != "publication"]
        issues = sorted({i for e in group for i in e.issues})
        for index, ev in zip(members, group, strict=True):
            if ev.date is None and dated:
                d = dated[0]
                ev = replace(ev, date=DateValue(d.value, d.precision, "document", d.text,
                                                d.start, d.end))
            if ev.plover == "CONSULT":
                ev = replace(ev, issues=list(issues))
            out[index] = ev
    return out


def _main_meeting(events: list[Event]) -> tuple[frozenset[str], dict[str, Actor]] | None:
    """The document's most reported two-party CONSULT, with its parties' actors."""
    pairs: Counter[frozenset[str]] = Counter()
    actors: dict[str, Actor] = {}
    for ev in events:
        if ev.plover == "CONSULT" and ev.source and ev.target:
            a, b = _actor_key(ev.source), _actor_key(ev.target)
            if a != b:
                pairs[frozenset((a, b))] += 1
                actors.setdefault(a, ev.source)
                actors.setdefault(b, ev.target)
    return (pairs.most_common(1)[0][0], actors) if pairs else None


def _during_the_meeting(ev: Event, events: list[Event], main: frozenset[str],
                        doc: Document, pack: LanguagePack) -> bool:
    """Evidence in the act's own sentence that it happened in the meeting: the meeting is
    reported there too, or the sentence refers to it ("dalam pembicaraan itu", "during the
    call"). "Modi met Kishida ... Later, Modi warned that India would respond" has neither."""
    for other in events:
        if other.sentence == ev.sentence and other.plover == "CONSULT" and other.source \
                and other.target and frozenset((_actor_key(other.source),
                                                _actor_key(other.target))) == main:
            return True
    sent = next((s for s in doc.sentences if s.index == ev.sentence), None)
    if sent is None:
        return False
    words = [t.lower for t in sent.tokens]
    return any("meeting_references" in m.payloads
               for m in pack.word_matcher.find_all(words))


def _implicit_targets(events: list[Event], doc: Document, pack: LanguagePack) -> list[Event]:
    """A targetless act by one party of the document's main meeting, in a sentence that
    places it in the meeting, targets the other party."""
    meeting = _main_meeting(events)
    if meeting is None:
        return events
    main, actors = meeting
    out: list[Event] = []
    for ev in events:
        key = _actor_key(ev.source) if ev.source is not None else None
        if key is None or ev.target is not None or key not in main or \
                not _during_the_meeting(ev, events, main, doc, pack):
            out.append(ev)
            continue
        other = actors[next(k for k in main if k != key)]
        target = replace(other, resolution=f"implicit: counterpart of "
                                           f"{ev.source.name or key} in the document's meeting")
        out.append(replace(ev, target=target,
                           confidence=round(max(0.05, ev.confidence - 0.05), 3)))
    return out
