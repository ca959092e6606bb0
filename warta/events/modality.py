"""Modality: whether an act happened, and what an announced or conditional act is coded as.

Modality words count only in the trigger's clause (the pack's `clause_breaks` end it). A
condition governs its own clause and the consequence after its comma ("If Russia invades,
the US will impose sanctions"), or the clause it follows ("... will impose sanctions if the
crackdown continues"), never across a ";" or a further clause: "If the weather allows, the
summit will be outdoors; on Monday Biden met Putin" is a meeting that happened. Both event
stages (the lexicons' `extract.py` and the model's `decide.py`) read modality here.
"""

from __future__ import annotations

from functools import cache
from importlib import resources as ir

import yaml

from warta.model import Sentence
from warta.resources import LanguagePack
from warta.text.phrases import Match

MODAL_WINDOW = 4  # tokens before the trigger in which modality words count
COND_WINDOW = 12  # tokens after the trigger in which a condition ("if ...") still applies
# Word classes in the order they decide, after "conditional": a denial outranks a negation.
_ORDER = (("denial", "denied"), ("negation", "negated"), ("future", "intended"),
          ("proposal", "proposed"))
_CLAUSE_END = ";"  # ends every scope: what follows is another statement


@cache
def modality_rules() -> dict[str, dict[str, str]]:
    text = ir.files("warta.ontology").joinpath("modality_rules.yaml").read_text("utf-8")
    return {k: {str(a): str(b) for a, b in v.items()} for k, v in yaml.safe_load(text).items()}


def clause_bounds(sent: Sentence, first: int, last: int, pack: LanguagePack,
                  extra_end: frozenset[str] = frozenset()) -> tuple[int, int]:
    """Character span of the clause that holds tokens first..last (the trigger)."""
    breaks = pack.words.get("clause_breaks", frozenset())
    toks = sent.tokens
    start = sent.start
    for k in range(first - 1, -1, -1):
        if toks[k].lower in breaks:
            start = toks[k].end
            break
    end = sent.end
    for k in range(last, len(toks)):
        if toks[k].lower in breaks or toks[k].lower in extra_end:
            end = toks[k].start
            break
    return start, end


def in_condition(sent: Sentence, match: Match, pack: LanguagePack) -> bool:
    """Is the trigger inside an if-clause ("... if Minsk continues to detain protesters")?

    The condition runs from the conditional word to the next comma (or ";"); what follows the
    comma ("If Russia invades, the US will impose sanctions") is the consequence.
    """
    cond = pack.words.get("conditional", frozenset())
    for k in range(match.start - 1, -1, -1):
        word = sent.tokens[k].lower
        if word in (",", _CLAUSE_END):
            return False
        if word in cond:
            return True
    return False


def _governs(sent: Sentence, cond_at: int, match: Match, breaks: frozenset[str]) -> bool:
    """Whether a conditional word at token `cond_at` governs the trigger at `match`."""
    if cond_at >= match.end:
        # After the trigger: in the clause it follows, before any comma.
        between = [t.lower for t in sent.tokens[match.end:cond_at]]
        return cond_at - match.end <= COND_WINDOW and "," not in between \
            and _CLAUSE_END not in between
    between = [t.lower for t in sent.tokens[cond_at + 1:match.start]]
    if _CLAUSE_END in between:
        return False
    if "," not in between:
        return True  # the trigger is in the condition itself
    # The consequence, after the condition's comma, up to the trigger: coordinated acts
    # ("they would not send ..., and instead march ... in protest") stay in it, another
    # clause ("..., but ...") does not.
    consequence = between[between.index(",") + 1:]
    return not any(w in breaks for w in consequence)


def modality_of(sent: Sentence, match: Match, pack: LanguagePack,
                hits: list[Match] | None = None) -> str:
    """asserted, conditional, denied, negated, intended or proposed: the modality words of the
    trigger's clause (`hits`: the pack's word matches over the sentence, if already found)."""
    if hits is None:
        hits = pack.word_matcher.find_all([t.lower for t in sent.tokens])
    breaks = pack.words.get("clause_breaks", frozenset())
    if any(c == "conditional" and _governs(sent, m.start, match, breaks)
           for m in hits for c in m.payloads):
        return "conditional"
    c_start, _ = clause_bounds(sent, match.start, match.end, pack)
    lo = max(0, match.start - MODAL_WINDOW)
    found = {c for m in hits for c in m.payloads
             if lo <= m.start < match.start and sent.tokens[m.start].start >= c_start}
    return next((modality for cls, modality in _ORDER if cls in found), "asserted")


def coded(sent: Sentence, match: Match, code: str, pack: LanguagePack,
          hits: list[Match] | None = None) -> tuple[str, str]:
    """(modality, CAMEO code) for an act with code `code` at `match`. The act inside a
    condition is hypothetical, not a threat by its own actor: its code stays."""
    modality = modality_of(sent, match, pack, hits)
    if in_condition(sent, match, pack):
        return modality, code
    return modality, code_for_modality(code, modality)


def code_for_modality(code: str, modality: str) -> str:
    """An announced or conditional act becomes a threat (conflict) or an intent (cooperation)."""
    if modality not in ("intended", "conditional", "proposed"):
        return code
    rules = modality_rules()
    if modality in ("intended", "conditional"):
        threat = _rewrite(code, rules["threat"])
        if threat:
            return threat
    if modality == "intended":
        intent = _rewrite(code, rules["intent"])
        if intent:
            return intent
    return code


def _rewrite(code: str, table: dict[str, str]) -> str | None:
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None
