"""A trigger's arguments: who acts (source) and on whom (target), from the words around it.

The first actor of the trigger's clause is its subject (the source in the active voice, the
target in the passive, whose agent follows "oleh"/"by"); the target is the first actor after
the trigger in the same clause, reached through a target preposition or directly; a noun
trigger needs an actor of its own ("the Russian attack", "talks with X", "KTT Rusia-AS").
"""

from __future__ import annotations

from dataclasses import dataclass

from warta.events.attribution import Frame
from warta.events.modality import clause_bounds
from warta.model import Mention, Sentence
from warta.ontology import RECIPROCAL_ROOTS
from warta.resources import LanguagePack, Trigger
from warta.text.phrases import Match

TARGET_WINDOW = 12  # tokens after the trigger in which its target may stand
ADJACENT = 2  # tokens ("akan", "will", "juga") that may stand between subject and verb
DIRECT_OBJECT = 3  # tokens between a verb and an object reached without a preposition

Arguments = tuple[Mention | None, Mention | None]


def members(m: Mention) -> list[Mention]:
    """The individual actors a mention stands for (compounds and groups expand). A group
    whose members are not known ("mereka", "keduanya" with no antecedent) stands for itself:
    the event is still reported, its actor uncoded, rather than lost."""
    if m.kind in ("compound", "group") and m.members:
        out: list[Mention] = []
        for sub in m.members:
            out.extend(members(sub))
        return out
    return [m]


def in_frame(m: Mention, frames: list[Frame]) -> bool:
    return any(f.start <= m.start and m.end <= f.end for f in frames)


def gap(sent: Sentence, left_end: int, right_start: int) -> list[str]:
    """Lowercased tokens strictly between two character offsets."""
    return [t.lower for t in sent.tokens if t.start >= left_end and t.end <= right_start]


@dataclass(slots=True)
class _Scene:
    """The actors around one trigger, as the argument rules read them."""

    sent: Sentence
    match: Match
    pack: LanguagePack
    start: int  # the trigger's characters
    end: int
    before: list[Mention]  # free actors before the trigger
    after: list[Mention]  # free actors after it, in its clause and window
    adjacent: Mention | None  # the actor right before it
    subject: Mention | None

    def words(self, word_class: str) -> frozenset[str]:
        return self.pack.words.get(word_class, frozenset())

    def gap_to(self, actor: Mention) -> list[str]:
        return gap(self.sent, self.end, actor.start)

    def object_of(self, candidates: list[Mention]) -> Mention | None:
        """The first candidate reached through a target preposition or directly."""
        targets, skip = self.words("target_preps"), self.words("source_preps") | self.words(
            "passive_agent")
        for a in candidates:
            words = self.gap_to(a)
            if words and words[-1] in skip:
                continue
            if any(w in targets for w in words) or len(words) <= DIRECT_OBJECT:
                return a
        return None


def _scene(sent: Sentence, match: Match, actors: list[Mention], frames: list[Frame],
           pack: LanguagePack) -> _Scene:
    t_start = sent.tokens[match.start].start
    t_end = sent.tokens[match.end - 1].end
    c_start, c_end = clause_bounds(sent, match.start, match.end, pack,
                                   pack.words.get("conditional", frozenset()))
    topics = pack.words.get("topic_nouns", frozenset())
    # Actors inside a frame are its party; an actor after "masalah"/"the issue of" is a topic.
    free = [a for a in actors if not in_frame(a, frames)
            and gap(sent, sent.start, a.start)[-1:] not in ([t] for t in topics)]
    before = [a for a in free if a.end <= t_start]
    in_clause = [a for a in before if a.start >= c_start]
    adjacent = before[-1] if before and len(gap(sent, before[-1].end, t_start)) <= ADJACENT \
        else None
    subject = adjacent or (in_clause[0] if in_clause else (before[-1] if before else None))
    if before and _participle_after_comma(sent, match, pack):
        # "Boko Haram attacked two villages, killing a pastor": the participle's doer is the
        # subject of the clause it hangs on, not the object just before the comma.
        subject = before[0]
    if subject is None:
        # "X said that (it) will ..." – the frame's party is the subject of its clause.
        framed = [f.party for f in frames if f.party is not None and f.end <= t_start]
        subject = framed[-1] if framed else None
    window_end = sent.tokens[min(match.end + TARGET_WINDOW, len(sent.tokens)) - 1].end
    after = [a for a in free if t_end <= a.start <= min(c_end, window_end)]
    return _Scene(sent, match, pack, t_start, t_end, before, after, adjacent, subject)


def _participle_after_comma(sent: Sentence, match: Match, pack: LanguagePack) -> bool:
    suffixes = pack.words.get("participle_suffixes", frozenset())
    word = sent.tokens[match.start].lower
    return bool(suffixes) and match.start > 0 and sent.tokens[match.start - 1].lower == "," \
        and any(word.endswith(x) for x in suffixes)


def pick_arguments(sent: Sentence, match: Match, trig: Trigger, actors: list[Mention],
                   frames: list[Frame], pack: LanguagePack) -> Arguments | None:
    """(source, target) for a trigger, or None when a noun trigger has no actor of its own."""
    scene = _scene(sent, match, actors, frames, pack)
    if trig.voice == "passive":
        return _passive(scene, actors)
    if trig.voice == "nominal":
        return _nominal(scene)
    subject = scene.subject
    if subject is not None and len(members(subject)) > 1 and (
            trig.reciprocal or (trig.plover in RECIPROCAL_ROOTS
                                and scene.object_of(scene.after) is None)):
        # "Kedua pihak membahas dialog AS-Rusia": the members talk to each other; what
        # follows a reciprocal verb of a plural subject is its topic.
        return subject, None
    # A trigger phrase that holds its object ("mengamankan ... pelaku", "arrested ...
    # protesters"): the actor named inside it is the target.
    target = _inside(scene, actors) or scene.object_of(scene.after)
    if target is None and trig.plover == "REQUEST":
        target = _addressee(scene, actors)
    return subject, target


def _addressee(scene: _Scene, actors: list[Mention]) -> Mention | None:
    """"memberi saran agar Ahok tidak ...": who is asked is the subject of what is asked,
    right after its complementiser (the clause break that ends the trigger's clause)."""
    marks = scene.words("request_complements")
    toks = scene.sent.tokens
    k = scene.match.end
    while k < len(toks) and k < scene.match.end + 3 and toks[k].lower not in marks:
        k += 1
    if k >= len(toks) or toks[k].lower not in marks:
        return None
    return next((a for a in actors if a.start >= toks[k].end and
                 len(gap(scene.sent, toks[k].end, a.start)) <= 1), None)


def _inside(scene: _Scene, actors: list[Mention]) -> Mention | None:
    """An actor that begins inside the trigger's span, after its first word ("mengamankan
    tiga pelaku | pencurian")."""
    first_word_end = scene.sent.tokens[scene.match.start].end
    return next((a for a in actors if first_word_end < a.start < scene.end), None)


def _passive(scene: _Scene, actors: list[Mention]) -> Arguments:
    # The patient of a passive verb stands right before it ("X menyatakan Y ditangkap").
    patient = scene.adjacent or scene.subject
    inside = _inside(scene, actors)
    if inside is not None:
        # A trigger phrase that names its agent ("diperiksa KPK", "diperiksa polisi"): the
        # named actor is the agent, not part of the act.
        return inside, patient
    agents = scene.words("passive_agent")
    agent = next((a for a in scene.after if scene.gap_to(a)[-1:]
                  and scene.gap_to(a)[-1] in agents), None)
    if agent is None and scene.pack.bare_passive_agent and scene.after \
            and not scene.gap_to(scene.after[0]):
        # "Setya Novanto diperiksa KPK", "pelaku ditangkap polisi": Indonesian names the
        # agent right after a di- passive without "oleh".
        agent = scene.after[0]
    return agent, patient


def _nominal(scene: _Scene) -> Arguments | None:
    after, between = scene.after, scene.words("between")
    last_word = scene.sent.tokens[scene.match.end - 1].lower
    first_gap = scene.gap_to(after[0]) if after else []
    if last_word in between or first_gap[:1] and first_gap[0] in between:
        # "konferensi virtual antara X dan Y" / "talks between X and Y".
        if after and after[0].kind in ("compound", "group"):
            return after[0], None
        return None
    if last_word in scene.words("target_preps"):
        # "serangan terhadap X", "talks with X": the object follows, the agent precedes.
        if not after or len(first_gap) > 1:
            return None
        return (scene.adjacent or scene.subject), after[0]
    # A noun trigger needs its own actor: "KTT Rusia-AS", "the Russian attack".
    own_after = after[0] if after and not first_gap else None
    possessive = scene.words("possessive_markers")
    before = scene.before
    own_before = before[-1] if before and all(
        w in possessive for w in gap(scene.sent, before[-1].end, scene.start)) else None
    own = own_after or own_before
    if own is None:
        return None
    return own, scene.object_of([a for a in after if a is not own])
