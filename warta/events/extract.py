"""The lexicons' events: each trigger of a sentence, its arguments, modality and type.

Triggers come from the pack's lexicon (`triggers.yaml`); their source and target from
`arguments.py` (word order, prepositions, voice, coordination); modality and the rewrite of
announced or conditional acts from `modality.py`; attribution from the sentence's frames or
the one carried through the paragraph (`attribution.py`). Compound actors give one event per
member; reciprocal types (meet, discuss, agree) give both directions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace

from warta.events.arguments import members, pick_arguments
from warta.events.attribution import Frame, find_frames, frame_for, quote_in
from warta.events.modality import coded
from warta.model import Actor, Attribution, Document, Event, Mention, Sentence
from warta.ontology import RECIPROCAL_ROOTS, lookup
from warta.resources import LanguagePack, Resources, Trigger
from warta.text.phrases import Match

_ACTORISH = ("actor", "compound", "pronoun", "group", "role")



def to_actor(m: Mention, date: str | None) -> Actor:
    code = m.code
    if code is None and m.entity is not None:
        code = m.entity.code_on(date)
    country = m.country or (code[:3] if code and not code.startswith("IGO") else None)
    sector = m.sector or (code[3:6] if code and len(code) > 3 else None)
    return Actor(text=m.text, name=m.name, code=code, country=country, sector=sector,
                 resolution=m.resolution, start=m.start, end=m.end,
                 entity_id=m.entity.id if m.entity else None)


def _arg_key(m: Mention | None) -> str:
    """Identity of an argument: its span plus who it stands for (group members share a span)."""
    if m is None:
        return "-"
    who = m.entity.id if m.entity is not None else (m.code or m.text)
    return f"{m.start}:{m.end}:{who}"


def _event_id(doc_id: str, *parts: object) -> str:
    return hashlib.sha1("|".join([doc_id, *map(str, parts)]).encode()).hexdigest()[:16]


def _type_fields(code: str) -> dict[str, object]:
    info = lookup(code)
    return {"plover": info.plover, "cameo": code, "cameo_base": code[:3],
            "cameo_root": code[:2], "quad_class": info.quad_class, "goldstein": info.goldstein,
            "context": info.context}


def party_actor(m: Mention, date: str | None) -> Actor:
    """The attributing party; a joint statement ("Kremlin dan Gedung Putih") keeps all names."""
    parts = members(m)
    if len(parts) == 1:
        return to_actor(parts[0], date)
    names = "; ".join(p.name or p.text for p in parts)
    codes = {to_actor(p, date).code for p in parts}
    code = codes.pop() if len(codes) == 1 else None
    return Actor(text=m.text, name=names, code=code, country=None, sector=None,
                 resolution="joint", start=m.start, end=m.end)


def attribution_of(frame: Frame, sent: Sentence, date: str | None,
                   inherited: bool = False) -> Attribution:
    return Attribution(party=party_actor(frame.party, date) if frame.party else None,
                       text=frame.text, start=frame.start, end=frame.end,
                       quote=quote_in(sent), inherited=inherited)


def attribution_at(t_start: int, sent: Sentence, frames: list[Frame], carried: Frame | None,
                   date: str | None) -> Attribution | None:
    """Who a trigger at `t_start` is attributed to: the sentence's frame that governs it, else
    the frame carried from an earlier sentence of the paragraph."""
    frame = frame_for(t_start, frames)
    if frame is not None:
        return attribution_of(frame, sent, date)
    return attribution_of(carried, sent, date, inherited=True) if carried else None


def argument_pairs(source: Mention | None, target: Mention | None,
                   trig: Trigger) -> list[tuple[Mention | None, Mention | None]]:
    """(source, target) of each event a trigger's arguments make: compounds give one per
    member, a reciprocal trigger both directions."""
    srcs = members(source) if source else [None]
    tgts = members(target) if target else [None]
    if target is None and source is not None and len(srcs) > 1 and (
            trig.reciprocal or trig.plover in RECIPROCAL_ROOTS):
        # "Rusia dan AS membahas ..." / "kedua pemimpin membahas": the members meet each other.
        return [(a, b) for a in srcs for b in srcs if a is not b]
    pairs: list[tuple[Mention | None, Mention | None]] = []
    for s in srcs:
        for t in tgts:
            if s is not None and t is not None and s.entity is not None and \
                    t.entity is not None and s.entity.id == t.entity.id:
                continue  # one person on both sides
            pairs.append((s, t))
            if trig.reciprocal and s is not None and t is not None:
                pairs.append((t, s))
    return pairs


def sentence_events(doc: Document, sent: Sentence, sent_mentions: list[Mention],
                    pack: LanguagePack, carried: Frame | None = None,
                    frames: list[Frame] | None = None,
                    hits: list[Match] | None = None) -> list[Event]:
    words = [t.lower for t in sent.tokens]
    if hits is None:
        hits = pack.word_matcher.find_all(words)
    # Sports reports, markets and other non-political contexts use the same verbs
    # ("menyerang", "attack", "menahan imbang"): a sentence with a discard cue codes nothing.
    if any("discard_context" in m.payloads for m in hits):
        return []
    actors = [m for m in sent_mentions if m.kind in _ACTORISH]
    if frames is None:
        frames = find_frames(sent, sent_mentions, pack, hits)
    events: list[Event] = []
    for match in pack.triggers.find(words):
        trig: Trigger = match.payloads[0]
        t_start = sent.tokens[match.start].start
        t_end = sent.tokens[match.end - 1].end
        # A trigger inside an actor's name ("Dewan Keamanan") is not an event.
        if trig.voice == "block" or any(a.start <= t_start and t_end <= a.end for a in actors):
            continue
        picked = pick_arguments(sent, match, trig, actors, frames, pack)
        if picked is None or picked == (None, None):
            continue
        if picked[0] is None:
            # "Dia ditahan", "was shot dead": an act whose doer is not named is no event
            # (docs/annotation.md); PLOVER's event is someone's act on someone.
            continue
        modality, code = coded(sent, match, trig.cameo, pack, hits)
        attribution = attribution_at(t_start, sent, frames, carried, doc.published)
        for s, t in argument_pairs(*picked, trig):
            ev = Event(
                id=_event_id(doc.id, sent.index, t_start, _arg_key(s), _arg_key(t)),
                trigger_text=sent.text[t_start - sent.start:t_end - sent.start],
                trigger_start=t_start, trigger_end=t_end, sentence=sent.index,
                source=to_actor(s, doc.published) if s else None,
                target=to_actor(t, doc.published) if t else None,
                mode=trig.mode or lookup(code).mode,
                modality=modality, reciprocal=trig.reciprocal, attribution=attribution,
                method="lexicon", **_type_fields(code),  # type: ignore[arg-type]
            )
            events.append(replace(ev, confidence=_confidence(ev)))
    return events


def _confidence(ev: Event) -> float:
    score = 0.55
    if ev.source and ev.source.code:
        score += 0.15
    if ev.target and ev.target.code:
        score += 0.15
    if ev.source is None or ev.target is None:
        score -= 0.1
    if ev.modality in ("conditional", "negated", "denied"):
        score -= 0.05
    return round(max(0.05, min(0.95, score)), 3)


@dataclass(slots=True)
class SentenceView:
    """A sentence with what every event decision reads: its mentions, word-class matches,
    attribution frames, and the frame carried over from earlier in its paragraph."""

    sent: Sentence
    mentions: list[Mention]
    hits: list[Match]
    frames: list[Frame]
    carried: Frame | None

    @property
    def discarded(self) -> bool:
        """Sports, markets and other non-political contexts share the political verbs."""
        return any("discard_context" in m.payloads for m in self.hits)


def walk_sentences(doc: Document, pack: LanguagePack) -> Iterator[SentenceView]:
    """The document's sentences in order, each matched once; a frame that governs the rest of
    its sentence ("Menurut Gedung Putih, ... . Dia juga ...") goes on governing the paragraph
    until another frame replaces it."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    carried: Frame | None = None
    paragraph = -1
    for sent in doc.sentences:
        if sent.paragraph != paragraph:
            carried, paragraph = None, sent.paragraph
        mentions = by_sentence.get(sent.index, [])
        hits = pack.word_matcher.find_all([t.lower for t in sent.tokens])
        frames = find_frames(sent, mentions, pack, hits)
        yield SentenceView(sent, mentions, hits, frames, carried)
        framing = [f for f in frames if f.scope == "after" and f.party is not None]
        if framing:
            carried = framing[-1]


def extract_events(doc: Document, res: Resources) -> Document:
    pack = res.pack(doc.language or "en")
    events: list[Event] = []
    for view in walk_sentences(doc, pack):
        events.extend(sentence_events(doc, view.sent, view.mentions, pack, view.carried,
                                      view.frames, view.hits))
    return replace(doc, events=events)
