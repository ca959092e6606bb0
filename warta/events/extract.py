"""Events: triggers → arguments (source, target) → modality → CAMEO/PLOVER type.

Source and target come from word order, prepositions, passive voice and coordination:
the first actor of the trigger's clause is its subject (the source in the active voice, the
target in the passive, whose agent follows "oleh"/"by"); the target is the first actor after
the trigger in the same clause; compound actors give one event per member; reciprocal types
(meet, discuss, agree) give both directions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace

from warta.events.attribution import Frame, find_frames, frame_for, quote_in
from warta.events.modality import clause_bounds, coded
from warta.model import Actor, Attribution, Document, Event, Mention, Sentence
from warta.ontology import RECIPROCAL_ROOTS, lookup
from warta.resources import LanguagePack, Resources, Trigger
from warta.text.phrases import Match

_ACTORISH = ("actor", "compound", "pronoun", "group", "role")

_TARGET_WINDOW = 12  # tokens after the trigger in which its target may stand
_ADJACENT = 2  # tokens ("akan", "will", "juga") that may stand between subject and verb
_DIRECT_OBJECT = 3  # tokens between a verb and an object reached without a preposition


def members(m: Mention) -> list[Mention]:
    """The individual actors a mention stands for (compounds and groups expand)."""
    if m.kind in ("compound", "group"):
        out: list[Mention] = []
        for sub in m.members:
            out.extend(members(sub))
        return out
    return [m]


def to_actor(m: Mention, date: str | None) -> Actor:
    code = m.code
    if code is None and m.entity is not None:
        code = m.entity.code_on(date)
    country = m.country or (code[:3] if code and not code.startswith("IGO") else None)
    sector = m.sector or (code[3:6] if code and len(code) > 3 else None)
    return Actor(text=m.text, name=m.name, code=code, country=country, sector=sector,
                 resolution=m.resolution, start=m.start, end=m.end,
                 entity_id=m.entity.id if m.entity else None)


def _in_frame(m: Mention, frames: list[Frame]) -> bool:
    return any(f.start <= m.start and m.end <= f.end for f in frames)


def _gap(sent: Sentence, left_end: int, right_start: int) -> list[str]:
    """Lowercased tokens strictly between two character offsets."""
    return [t.lower for t in sent.tokens if t.start >= left_end and t.end <= right_start]


def _pick_arguments(sent: Sentence, match: Match, trig: Trigger, actors: list[Mention],
                    frames: list[Frame], pack: LanguagePack) -> tuple[Mention | None,
                                                                      Mention | None] | None:
    """(source, target) for a trigger, or None when a noun trigger has no actor of its own."""
    t_start = sent.tokens[match.start].start
    t_end = sent.tokens[match.end - 1].end
    cond = pack.words.get("conditional", frozenset())
    c_start, c_end = clause_bounds(sent, match.start, match.end, pack, cond)
    topics = pack.words.get("topic_nouns", frozenset())
    # Actors inside a frame are its party; an actor after "masalah"/"the issue of" is a topic.
    free = [a for a in actors if not _in_frame(a, frames)
            and _gap(sent, sent.start, a.start)[-1:] not in ([t] for t in topics)]
    before = [a for a in free if a.end <= t_start]
    in_clause = [a for a in before if a.start >= c_start]
    adjacent_before = before[-1] if before and len(_gap(sent, before[-1].end, t_start)) <= \
        _ADJACENT else None
    subject = adjacent_before or (in_clause[0] if in_clause else (before[-1] if before
                                                                    else None))
    if subject is None:
        # "X said that (it) will ..." – the frame's party is the subject of its clause.
        framed = [f.party for f in frames if f.party is not None and f.end <= t_start]
        subject = framed[-1] if framed else None
    window_end = sent.tokens[min(match.end + _TARGET_WINDOW, len(sent.tokens)) - 1].end
    after = [a for a in free if t_end <= a.start <= min(c_end, window_end)]
    targets = pack.words.get("target_preps", frozenset())
    not_targets = pack.words.get("source_preps", frozenset())
    agents = pack.words.get("passive_agent", frozenset())
    between = pack.words.get("between", frozenset())

    def object_of(cands: list[Mention]) -> Mention | None:
        for a in cands:
            gap = _gap(sent, t_end, a.start)
            if gap and gap[-1] in not_targets | agents:
                continue
            if any(w in targets for w in gap) or len(gap) <= _DIRECT_OBJECT:
                return a
        return None

    if trig.voice == "passive":
        # The patient of a passive verb stands right before it ("X menyatakan Y ditangkap").
        patient = adjacent_before or subject
        agent = next((a for a in after if _gap(sent, t_end, a.start)[-1:] and
                      _gap(sent, t_end, a.start)[-1] in agents), None)
        return agent, patient
    if trig.voice == "nominal":
        last_word = match_last_word(sent, match)
        if last_word in between or (after and _gap(sent, t_end, after[0].start)[:1] and
                                    _gap(sent, t_end, after[0].start)[0] in between):
            # "konferensi virtual antara X dan Y" / "talks between X and Y".
            if after and after[0].kind in ("compound", "group"):
                return after[0], None
            return None
        if last_word in targets:
            # "serangan terhadap X", "talks with X": the object follows, the agent precedes.
            target = after[0] if after and len(_gap(sent, t_end, after[0].start)) <= 1 else None
            if target is None:
                return None
            return (adjacent_before or subject), target
        # A noun trigger needs its own actor: "KTT Rusia-AS", "the Russian attack".
        own_after = after[0] if after and not _gap(sent, t_end, after[0].start) else None
        possessive = pack.words.get("possessive_markers", frozenset())
        own_before = before[-1] if before and all(
            w in possessive for w in _gap(sent, before[-1].end, t_start)) else None
        own = own_after or own_before
        if own is None:
            return None
        rest = [a for a in after if a is not own]
        return own, object_of(rest)
    if subject is not None and len(members(subject)) > 1 and (
            trig.reciprocal or (trig.plover in RECIPROCAL_ROOTS and object_of(after) is None)):
        # "Kedua pihak membahas dialog AS-Rusia": the members talk to each other; what
        # follows a reciprocal verb of a plural subject is its topic.
        return subject, None
    return subject, object_of(after)


def match_last_word(sent: Sentence, match: Match) -> str:
    return sent.tokens[match.end - 1].lower


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
        if trig.voice == "block":
            continue
        t_start = sent.tokens[match.start].start
        t_end = sent.tokens[match.end - 1].end
        # A trigger inside an actor's name ("Dewan Keamanan") is not an event.
        if any(a.start <= t_start and t_end <= a.end for a in actors):
            continue
        picked = _pick_arguments(sent, match, trig, actors, frames, pack)
        if picked is None or picked == (None, None):
            continue
        source, target = picked
        modality, code = coded(sent, match, trig.cameo, pack, hits)
        srcs = members(source) if source else [None]
        tgts = members(target) if target else [None]
        pairs: list[tuple[Mention | None, Mention | None]] = []
        mutual = trig.reciprocal or trig.plover in RECIPROCAL_ROOTS
        if target is None and source is not None and len(srcs) > 1 and mutual:
            # "Rusia dan AS membahas ..." / "kedua pemimpin membahas": the members meet each other.
            pairs = [(a, b) for a in srcs for b in srcs if a is not b]
        else:
            for s in srcs:
                for t in tgts:
                    if s is not None and t is not None and s.entity is not None and \
                            t.entity is not None and s.entity.id == t.entity.id:
                        continue
                    pairs.append((s, t))
                    if trig.reciprocal and s is not None and t is not None:
                        pairs.append((t, s))
        date_hint = doc.published
        text = sent.text[t_start - sent.start:t_end - sent.start]
        frame = frame_for(t_start, frames)
        attribution = attribution_of(frame, sent, date_hint) if frame else (
            attribution_of(carried, sent, date_hint, inherited=True) if carried else None)
        if attribution is not None and carried is not None and frame is None:
            attribution.quote = quote_in(sent)
        for s, t in pairs:
            ev = Event(
                id=_event_id(doc.id, sent.index, t_start, _arg_key(s), _arg_key(t)),
                trigger_text=text, trigger_start=t_start, trigger_end=t_end,
                sentence=sent.index,
                source=to_actor(s, date_hint) if s else None,
                target=to_actor(t, date_hint) if t else None,
                mode=trig.mode or lookup(code).mode,
                modality=modality, reciprocal=trig.reciprocal, attribution=attribution,
                method="lexicon", **_type_fields(code),  # type: ignore[arg-type]
            )
            ev.confidence = _confidence(ev)
            events.append(ev)
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
