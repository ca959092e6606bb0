"""One real event, one record: a mutual act's two directions are merged into one record
marked reciprocal; a directed act answered in the same words stays two acts."""

from __future__ import annotations

from dataclasses import replace

from warta.mirrors import merge_mirrors
from warta.model import Actor, Event

PUTIN = Actor("Putin", "Vladimir Putin", "RUSGOV", "RUS", "GOV", "dictionary", 0, 5)
BIDEN = Actor("Biden", "Joe Biden", "USAGOV", "USA", "GOV", "dictionary", 10, 15)


def _event(plover: str, source: Actor | None, target: Actor | None, *, trigger: int = 6,
           reciprocal: bool = False, ident: str = "e") -> Event:
    return Event(id=ident, plover=plover, cameo="040", cameo_base="040", cameo_root="04",
                 quad_class=1, goldstein=1.0, trigger_text="met", trigger_start=trigger,
                 trigger_end=trigger + 3, sentence=0, source=source, target=target,
                 reciprocal=reciprocal)


def test_two_directions_of_a_meeting_become_one_record_whose_source_is_named_first() -> None:
    forward = _event("CONSULT", PUTIN, BIDEN, ident="a")
    backward = _event("CONSULT", BIDEN, PUTIN, ident="b")
    for events in ([forward, backward], [backward, forward]):
        [merged] = merge_mirrors(events)
        assert merged.id == "a" and merged.reciprocal
        assert (merged.source, merged.target) == (PUTIN, BIDEN)


def test_a_meeting_found_in_one_direction_is_kept_as_it_is() -> None:
    only = _event("CONSULT", BIDEN, PUTIN)
    assert merge_mirrors([only]) == [only]


def test_directed_acts_in_both_directions_stay_two_acts() -> None:
    # "Putin accused Biden, and Biden accused Putin": two accusations, not one.
    accusations = [_event("ACCUSE", PUTIN, BIDEN, ident="a"),
                   _event("ACCUSE", BIDEN, PUTIN, ident="b")]
    assert merge_mirrors(accusations) == accusations


def test_two_mentions_of_a_meeting_are_left_to_clustering() -> None:
    first = _event("CONSULT", PUTIN, BIDEN, ident="a")
    second = _event("CONSULT", BIDEN, PUTIN, trigger=30, ident="b")
    assert merge_mirrors([first, second]) == [first, second]


def test_a_marked_reciprocal_verb_of_any_type_is_merged() -> None:
    forward = _event("COOPERATE", PUTIN, BIDEN, reciprocal=True, ident="a")
    backward = replace(forward, id="b", source=BIDEN, target=PUTIN)
    assert [e.id for e in merge_mirrors([backward, forward])] == ["a"]
