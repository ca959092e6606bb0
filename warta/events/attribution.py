"""Attribution frames: who reports or claims what a sentence says.

"Menurut Istana Kremlin, ..." / "According to the Kremlin, ..." (frame before the source),
"komunike pers Gedung Putih ..." / "the White House statement ..." (reporting noun + source),
"Istana Kremlin menilai bahwa ..." / "the Kremlin said that ..." (source + reporting verb),
"..., kata Putin" / "..., Putin said." (reporting verb after the claim).
The actors inside a frame are its party, not arguments of the events it reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from warta.model import Mention, Sentence
from warta.resources import LanguagePack
from warta.text.phrases import Match

_ACTORISH = ("actor", "compound", "pronoun", "group")
_QUOTE = re.compile(r"[\"“”„«»]([^\"“”„«»]{3,300})[\"“”„«»]")


@dataclass(slots=True)
class Frame:
    start: int  # char offsets of the whole frame (words + party)
    end: int
    party: Mention | None
    scope: str  # "after": governs what follows it; "before": governs what precedes it
    text: str
    kind: str = ""  # the word class that opened the frame
    # Where its scope stops: the end of what an "after" frame governs, the start of what a
    # "before" frame governs (the sentence's edge, or a ";" that ends the clause).
    limit: int = -1


# Independent clauses: a claim reported before the ";" is not the claim after it ("According to
# the Kremlin, Putin proposed talks; the US imposed sanctions").
_SCOPE_BREAKS = frozenset({";"})


def _with_limit(sent: Sentence, frame: Frame) -> Frame:
    if frame.scope == "after":
        limit = next((t.start for t in sent.tokens
                      if t.start >= frame.end and t.lower in _SCOPE_BREAKS), sent.end)
    else:
        limit = max((t.end for t in sent.tokens
                     if t.end <= frame.start and t.lower in _SCOPE_BREAKS), default=sent.start)
    return replace(frame, limit=limit)


def _token_index(sent: Sentence, char: int) -> int:
    for k, t in enumerate(sent.tokens):
        if t.start >= char:
            return k
    return len(sent.tokens)


_FRAME_CLASSES = ("attribution_before", "reporting_nouns", "attribution_after",
                  "attribution_inverted")


def find_frames(sent: Sentence, mentions: list[Mention], pack: LanguagePack,
                hits: list[Match] | None = None) -> list[Frame]:
    """Attribution frames of a sentence (`hits`: its word-class matches, if already found)."""
    words = [t.lower for t in sent.tokens]
    if hits is None:
        hits = pack.word_matcher.find_all(words)
    actors = [m for m in mentions if m.kind in _ACTORISH]
    frames: list[Frame] = []
    # A reporting verb that opens a longer act ("melaporkan X ke polisi", "reported X to the
    # police") is that act, not an attribution.
    acts = [(m.start, m.end) for m in pack.triggers.find(words)] \
        if any(m.payloads[0] in _FRAME_CLASSES for m in hits) else []
    for match in hits:
        cls = match.payloads[0]
        if cls not in _FRAME_CLASSES or any(
                a == match.start and b > match.end for a, b in acts):
            continue
        w_start = sent.tokens[match.start].start
        w_end = sent.tokens[match.end - 1].end
        # "the United States" holds the word "states": words inside a name frame nothing.
        if any(m.start <= w_start and w_end <= m.end for m in mentions):
            continue
        if cls in ("attribution_before", "reporting_nouns"):
            frame = _opening_frame(sent, match, cls, actors, pack)
        elif any(f.kind == "reporting_nouns" and f.start < w_start for f in frames):
            # "Komunike pers X ... memberitahukan bahwa": the verb belongs to the reporting
            # noun's frame already found, not to the actor standing just before it.
            continue
        else:
            frame = _verb_frame(sent, match, cls, actors, pack)
            if frame is not None and frame.party is not None and frame.party.end <= w_start \
                    and any(frame.party.end <= sent.tokens[a].start and a < match.start
                            for a, _ in acts):
                # "Amin meminta masyarakat melaporkan ...": the party does another act
                # first; the reporting verb is what it asks for, not who reports.
                frame = None
        if frame is not None:
            frames.append(frame)
    return [_with_limit(sent, f) for f in frames]


def _closing_comma(sent: Sentence, match: Match) -> int | None:
    """Where the comma that closes "According to X," stands, if within a few words."""
    return next((t.start for t in sent.tokens[match.end:match.end + 6] if t.lower == ","), None)


def _opening_frame(sent: Sentence, match: Match, cls: str, actors: list[Mention],
                   pack: LanguagePack) -> Frame | None:
    """"According to X, ...", "X's readout", "the statement issued by X"."""
    w_start = sent.tokens[match.start].start
    w_end = sent.tokens[match.end - 1].end
    party = None
    if cls == "reporting_nouns":
        # "the Kremlin's readout", "Kremlin statement": the party stands before.
        prior = [a for a in actors if a.end <= w_start]
        if prior:
            gap = sent.text[prior[-1].end - sent.start:w_start - sent.start].strip()
            if gap == "" or gap.lower() in pack.words.get("possessive_markers", ()):
                party = prior[-1]
                w_start = party.start
    if party is None:
        # The party follows within a few words ("komunike pers yang dikeluarkan oleh X"),
        # before the comma that closes "According to X, ...": what follows it is the claim.
        limit = min(sent.tokens[min(match.end + 5, len(sent.tokens) - 1)].end,
                    _closing_comma(sent, match) or sent.end)
        # A party may also begin on the frame's last word ("komunike pers Istana Elysee":
        # the press office of the Elysee is one mention).
        party = next((a for a in actors if a.start <= limit and (
            w_end <= a.start or w_start < a.start < w_end < a.end)), None)
    if party is None and cls == "reporting_nouns":
        return None
    # A source warta cannot code ("According to local sources, ...") is still its words.
    end = max(party.end, w_end) if party else (_closing_comma(sent, match) or w_end)
    # "..., according to the ministry." at the end governs what came before it.
    tail = sent.text[end - sent.start:].strip(" .\"”’)")
    scope = "before" if not tail and w_start > sent.start + 2 else "after"
    return Frame(w_start, end, party, scope, sent.text[w_start - sent.start:end - sent.start],
                 cls)


def _verb_frame(sent: Sentence, match: Match, cls: str, actors: list[Mention],
                pack: LanguagePack) -> Frame | None:
    """"X said that ...", "..., X said.", "..., kata Putin"."""
    w_start = sent.tokens[match.start].start
    w_end = sent.tokens[match.end - 1].end
    before = [a for a in actors if a.end <= w_start]
    # "..., kata Putin": an inverted reporting verb takes the party that follows it.
    party = before[-1] if before and cls == "attribution_after" else None
    if party is not None and _token_index(sent, w_start) - _token_index(sent, party.end) > 3:
        party = None
    if party is None:
        # "..., kata Putin." / "..., said Putin": the party follows the verb.
        party = next((a for a in actors if w_end <= a.start <= w_end + 2 + len(a.text)), None)
        if party is None:
            return None
        start, end, scope = w_start, party.end, "before"
    else:
        nxt = sent.tokens[match.end].lower if match.end < len(sent.tokens) else ""
        # "X said that ..." frames what follows; so does a sentence-initial "X said" with no
        # complement marker; "..., X said." frames what came before.
        follows = nxt in pack.words.get("clause_breaks", frozenset()) or nxt in {":", '"', "“"}
        start, end = party.start, w_end
        scope = "after" if follows or party.start <= sent.start + 2 else "before"
    return Frame(start, end, party, scope, sent.text[start - sent.start:end - sent.start], cls)


def quote_in(sent: Sentence) -> str | None:
    m = _QUOTE.search(sent.text)
    return m.group(1).strip() if m else None


def frame_for(trigger_start: int, frames: list[Frame]) -> Frame | None:
    """The frame that governs a trigger at this offset: the nearest one whose scope covers it."""
    best: Frame | None = None
    for f in frames:
        if f.scope == "after" and f.end <= trigger_start < _limit(f, after=True) and (
                best is None or f.end > best.end):
            best = f
    if best is not None:
        return best
    for f in frames:
        if f.scope == "before" and _limit(f, after=False) <= trigger_start <= f.start:
            return f
    return None


def _limit(frame: Frame, *, after: bool) -> int:
    """A frame made without a limit (a test's, a carried one's copy) governs to the edge."""
    if frame.limit >= 0:
        return frame.limit
    return 1 << 62 if after else 0
