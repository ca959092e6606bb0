"""The event model decides: every actor pair of a sentence is a candidate, the model its judge.

The cascade: only sentences with at least one actor mention reach the model. Their candidates
are every unordered pair of actor mentions (text order, bounded by `MAX_ACTORS` and
`MAX_PAIR_TOKENS`) and every single actor (an event with no target). The trigger lexicons'
events (`extract.py`) are hints, never gates:

- a lexicon event whose pair the model gives the same root stands (method `lexicon+model`,
  its trigger span and CAMEO code kept, the model's calibrated probability its confidence);
- one the model gives another root with p ≥ RETYPE_THRESHOLD is re-typed (method `model`);
  one it judges NONE is dropped only at p ≥ DROP_THRESHOLD (as measured so far, neither is
  worth it: both thresholds are above 1);
  otherwise it stands with method `lexicon` and the model's probability of its root;
- a candidate the model gives a root and no lexicon event covers becomes a new event (method
  `model`), its trigger the most salient predicate between (or after) its actors;
- a lexicon event whose actors the model never saw (no actor on one side) stays as it was
  (method `lexicon`).

Modality, attribution and the modality rewrite of CAMEO codes work as for lexicon events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from warta.events.arguments import in_frame, members
from warta.events.attribution import Frame
from warta.events.extract import (
    SentenceView,
    _arg_key,
    _event_id,
    _type_fields,
    attribution_at,
    to_actor,
    walk_sentences,
)
from warta.events.modality import coded
from warta.model import Document, Event, Mention, Sentence
from warta.ontology import GENERAL_CODES, RECIPROCAL_ROOTS, lookup
from warta.resources import LanguagePack, Resources
from warta.text.phrases import Match

_ACTORISH = ("actor", "pronoun", "group", "role")
MAX_ACTORS = 6  # per sentence; beyond it the candidates grow quadratically
# Calibrated probabilities the model needs: to add an event of its own, to drop a lexicon
# event (NONE), to re-type one. Below them the lexicon's event stands as it was (method
# "lexicon"): the model overrules the lexicon only when it is sure. Chosen by `warta-train
# tune` on held-out training documents (annotations/reports/thresholds.json), never on the
# test split: adding at 0.7 was best in both languages; dropping lexicon events lowered
# end-to-end F1 at every threshold tried (0.5-0.9) and re-typing them gained one event of
# 96 in English and none in Indonesian, so as shipped the model does neither (> 1): it adds
# events and grades the lexicon's.
ADD_THRESHOLD = 0.7
DROP_THRESHOLD = 1.01
RETYPE_THRESHOLD = 1.01
MAX_PAIR_TOKENS = 40  # a pair further apart than this is not one event
NONE = "NONE"
# Word classes of the language pack that are never an event's predicate.
_FUNCTION_CLASSES = ("clause_breaks", "locative_preps", "target_preps", "source_preps",
                     "passive_agent", "conjunctions", "between", "date_preps", "list_fillers",
                     "possessive_markers", "negation", "future", "conditional", "hedge",
                     "person_pronouns", "group_references", "past_markers", "future_markers")


@dataclass(frozen=True, slots=True)
class Candidate:
    sentence: int
    first: Mention
    second: Mention | None

    def key(self, sent: Sentence) -> tuple[str, tuple[int, int], tuple[int, int] | None]:
        a = (self.first.start - sent.start, self.first.end - sent.start)
        b = None if self.second is None else (self.second.start - sent.start,
                                              self.second.end - sent.start)
        return sent.text, a, b


def actor_mentions(sent_mentions: list[Mention], frames: list[Frame],
                   sent: Sentence | None = None, pack: LanguagePack | None = None
                   ) -> list[Mention]:
    """The individual actors of a sentence, in text order (a frame's party is not one, nor an
    actor named as a topic: "masalah Iran", "the issue of Ukraine")."""
    topics = pack.words.get("topic_nouns", frozenset()) if pack else frozenset()
    out: dict[tuple[int, int], Mention] = {}
    for m in sent_mentions:
        if m.kind not in (*_ACTORISH, "compound") or m.locative or in_frame(m, frames):
            continue
        if sent is not None and topics:
            before = [t.lower for t in sent.tokens if t.end <= m.start][-1:]
            if before and before[0] in topics:
                continue
        for sub in members(m):
            if sub.kind in _ACTORISH and not sub.locative:
                out.setdefault((sub.start, sub.end), sub)
    ordered = sorted(out.values(), key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for m in ordered:  # nested mentions: the outer one
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept[:MAX_ACTORS]


def compound_of(sent_mentions: list[Mention]) -> dict[tuple[int, int], tuple[int, int]]:
    """Member span → the span of the compound it belongs to ("Russia and China")."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for m in sent_mentions:
        if m.kind == "compound":
            for sub in members(m):
                if (sub.start, sub.end) != (m.start, m.end):
                    out.setdefault((sub.start, sub.end), (m.start, m.end))
    return out


def candidates(sent: Sentence, actors: list[Mention],
               compounds: dict[tuple[int, int], tuple[int, int]] | None = None
               ) -> list[Candidate]:
    """Single actors and pairs; two members of one compound are one side, never two."""
    compounds = compounds or {}
    out = [Candidate(sent.index, a, None) for a in actors]
    tok_index = {t.start: k for k, t in enumerate(sent.tokens)}
    for i, a in enumerate(actors):
        for b in actors[i + 1:]:
            ka = tok_index.get(a.start, 0)
            kb = tok_index.get(b.start, ka)
            group = compounds.get((a.start, a.end))
            if _same_party(a, b) or (group is not None and
                                     group == compounds.get((b.start, b.end))):
                continue
            between = [t for t in sent.tokens if t.start >= a.end and t.end <= b.start]
            # Side by side with no word between ("the opposition leader Kizza Besigye",
            # "Presiden AS, Joe Biden"): one actor described twice, not two parties.
            if kb - ka <= MAX_PAIR_TOKENS and any(t.text[:1].isalpha() for t in between):
                out.append(Candidate(sent.index, a, b))
    return out


def _countries(m: Mention) -> set[str]:
    out = set()
    for sub in [m, *m.members]:
        code = sub.code or (sub.entity.code_on(None) if sub.entity else None)
        if code and not code.startswith("IGO"):
            out.add(code[:3])
        elif sub.country:
            out.add(sub.country)
    return out


def _same_party(a: Mention, b: Mention) -> bool:
    """"Kedua pihak" (Putin and Biden) and "Rusia" later in the sentence: a group and one of
    its own members' countries are not two parties to an event."""
    if not (a.members or b.members):
        return False
    return bool(_countries(a) & _countries(b))


def _salient_trigger(sent: Sentence, root: str, first: Mention, second: Mention | None,
                     pack: LanguagePack, triggers: list[Match]) -> Match | None:
    """The predicate of a model event: a trigger of its root between (or after) the actors,
    else any trigger there, else the first content word there."""
    lo = first.end
    hi = second.start if second is not None else first.end + 200
    inside = [k for k, t in enumerate(sent.tokens) if t.start >= lo and t.end <= hi]
    if second is not None and not inside:
        # "X and Y met": the predicate follows the second actor.
        inside = [k for k, t in enumerate(sent.tokens) if t.start >= second.end][:8]
    if not inside:
        inside = [k for k, t in enumerate(sent.tokens) if t.end <= first.start][-8:]
    if not inside:
        return None
    found = [m for m in triggers
             if m.start in inside and m.payloads and getattr(m.payloads[0], "voice", "") != "block"]
    same = [m for m in found if getattr(m.payloads[0], "plover", None) == root]
    if same or found:
        return (same or found)[0]
    function = frozenset().union(*(pack.words.get(c, frozenset()) for c in _FUNCTION_CLASSES))
    for k in inside:
        tok = sent.tokens[k]
        if tok.text[:1].isalpha() and not tok.upper_initial and tok.lower not in function:
            return Match(k, k + 1, [])
    k = inside[0]
    return Match(k, k + 1, [])


def _model_event(doc: Document, sent: Sentence, root: str, prob: float, source: Mention,
                 target: Mention | None, match: Match, pack: LanguagePack,
                 frames: list[Frame], carried: Frame | None, hits: list[Match]) -> Event:
    t_start = sent.tokens[match.start].start
    t_end = sent.tokens[match.end - 1].end
    modality, code = coded(sent, match, GENERAL_CODES[root], pack, hits)
    date_hint = doc.published
    attribution = attribution_at(t_start, sent, frames, carried, date_hint)
    return Event(
        id=_event_id(doc.id, sent.index, t_start, _arg_key(source), _arg_key(target), "model"),
        trigger_text=sent.text[t_start - sent.start:t_end - sent.start],
        trigger_start=t_start, trigger_end=t_end, sentence=sent.index,
        source=to_actor(source, date_hint),
        target=to_actor(target, date_hint) if target else None,
        mode=lookup(code).mode, modality=modality, attribution=attribution,
        method="model", confidence=round(prob, 3), reciprocal=False,
        **_type_fields(code),  # type: ignore[arg-type]
    )


def _shares_actor(ev: Event, cand: Candidate) -> bool:
    spans = [(m.start, m.end) for m in (cand.first, cand.second) if m is not None]
    actors = [a for a in (ev.source, ev.target) if a is not None]
    return any(a.start < e and s < a.end for a in actors for s, e in spans)


def _decide_sentence(doc: Document, view: SentenceView, cands: list[Candidate],
                     lexicon: list[Event], pack: LanguagePack, scores: dict) -> list[Event]:
    decision = _Decision(doc, view, pack, cands, scores)
    for ev in lexicon:
        decision.judge(ev)
    decision.pair_sources = {(e.source.start, e.plover) for e in decision.out
                             if e.source and e.target}
    for cand in cands:
        decision.consider(cand)
    return decision.result()


def _pair_key(first: int, second: int | None) -> tuple[int, int | None]:
    return (first, None) if second is None else (min(first, second), max(first, second))


class _Decision:
    """One sentence's events as the model decides them: the lexicon's judged, its own added."""

    def __init__(self, doc: Document, view: SentenceView, pack: LanguagePack,
                 cands: list[Candidate], scores: dict):
        self.doc, self.view, self.pack, self.scores = doc, view, pack, scores
        self.triggers = pack.triggers.find([t.lower for t in view.sent.tokens])
        self.judged = {_pair_key(c.first.start, c.second.start if c.second else None):
                       (c, scores[c.key(view.sent)]) for c in cands}
        self.out: list[Event] = []
        self.covered: set[tuple[int, int | None]] = set()
        self.retyped: set[tuple[int, int | None]] = set()
        self.pair_sources: set[tuple[int, str]] = set()

    def judge(self, ev: Event) -> None:
        """A lexicon event: confirmed, graded, dropped or re-typed by the model."""
        found = None if ev.source is None else self.judged.get(
            _pair_key(ev.source.start, ev.target.start if ev.target else None))
        if found is None:
            self.out.append(ev)  # the model was not asked (an actor it does not see)
            return
        cand, sc = found
        label, prob = sc.best
        key = _pair_key(cand.first.start, cand.second.start if cand.second else None)
        self.covered.add(key)
        if label == NONE and prob >= DROP_THRESHOLD:
            return
        if label == ev.plover:
            self.out.append(replace(ev, method="lexicon+model", confidence=round(prob, 3)))
        elif label == NONE or prob < RETYPE_THRESHOLD:
            # Unsure: the lexicon's event stands, with the model's belief in its root.
            self.out.append(replace(ev, method="lexicon",
                                    confidence=round(sc.roots.get(ev.plover, 0.0), 3)))
        elif key not in self.retyped:
            # Another root: the model's type, at the most salient predicate for it (once for
            # the pair, though a reciprocal lexicon event had two records).
            self.retyped.add(key)
            source = cand.first if cand.second is None or sc.reversed < 0.5 else cand.second
            target = None if cand.second is None else (
                cand.second if source is cand.first else cand.first)
            self._add(cand, label, prob, source, target)

    def consider(self, cand: Candidate) -> None:
        """A candidate no lexicon event covers: a model event when the model is sure."""
        if _pair_key(cand.first.start, cand.second.start if cand.second else None) \
                in self.covered:
            return
        sc = self.scores[cand.key(self.view.sent)]
        label, prob = sc.best
        if label == NONE or prob < ADD_THRESHOLD:
            return
        if cand.second is None:
            if (cand.first.start, label) in self.pair_sources or any(
                    e.plover == label for e in self.out):
                # The same act is already coded in this sentence: a lone actor of the same
                # type is its target or its topic ("discussed North Korea's programme").
                return
            source, target = cand.first, None
        else:
            reversed_ = sc.reversed >= 0.5 and label not in RECIPROCAL_ROOTS
            source, target = (cand.second, cand.first) if reversed_ else (cand.first,
                                                                          cand.second)
        if label in RECIPROCAL_ROOTS and any(
                e.plover == label and _shares_actor(e, cand) for e in self.out):
            # "Russia and the US discussed ... Iran's nuclear programme": the meeting is
            # already coded; another partner of the same act is most often its topic.
            return
        if self._add(cand, label, prob, source, target, once=True) and target is not None:
            self.pair_sources.add((source.start, label))

    def _add(self, cand: Candidate, label: str, prob: float, source: Mention,
             target: Mention | None, once: bool = False) -> bool:
        sent = self.view.sent
        match = _salient_trigger(sent, label, cand.first, cand.second, self.pack, self.triggers)
        if match is None:
            return False
        t_start = sent.tokens[match.start].start
        if once and any(e.source is not None and e.source.start == source.start and
                        e.trigger_start == t_start for e in self.out):
            return False  # the same words by the same actor are already one event
        self.out.append(_model_event(self.doc, sent, label, prob, source, target, match,
                                     self.pack, self.view.frames, self.view.carried,
                                     self.view.hits))
        return True

    def result(self) -> list[Event]:
        # A single-actor event made redundant by a pair event of the same source and root.
        out = self.out
        return [e for e in out if not (e.target is None and e.method == "model" and e.source
                                       and any(o.target is not None and o.source is not None
                                               and o.source.start == e.source.start
                                               and o.plover == e.plover for o in out))]


def _model_ready(res: Resources) -> bool:
    if not res.use_model:
        return False
    from warta.events.model import available

    return available()


def decide_events(doc: Document, res: Resources) -> Document:
    if not doc.sentences or not _model_ready(res):
        return doc
    from warta.events.model import PairClassifier

    pack = res.pack(doc.language or "en")
    lexicon: dict[int, list[Event]] = {}
    for ev in doc.events:
        lexicon.setdefault(ev.sentence, []).append(ev)
    # The cascade: only sentences with an actor, outside a discarded context, have
    # candidates; all of the document's are scored in one call (cached across calls).
    views = list(walk_sentences(doc, pack))
    cands: dict[int, list[Candidate]] = {}
    for v in views:
        if v.mentions and not v.discarded:
            actors = actor_mentions(v.mentions, v.frames, v.sent, pack)
            cands[v.sent.index] = candidates(v.sent, actors, compound_of(v.mentions))
    keys = [c.key(doc.sentences[i]) for i, cs in cands.items() for c in cs]
    scores = dict(zip(keys, PairClassifier.load().score(keys), strict=True))
    events: list[Event] = []
    for v in views:
        lex = lexicon.get(v.sent.index, [])
        if v.sent.index in cands:
            events.extend(_decide_sentence(doc, v, cands[v.sent.index], lex, pack, scores))
        else:
            events.extend(lex)
    return replace(doc, events=events)
