"""The pairwise rule and the grouping of event mentions into real-world events."""

from __future__ import annotations

import itertools
import random
from typing import Any

from warta.cluster.core import (
    Mention,
    actor_key,
    cluster_id,
    cluster_mentions,
    link,
    mention_from_row,
    same_event,
)


def mention(id: str, plover: str = "CONSULT", source: str | None = "RUSGOV",
            target: str | None = "USAGOV", date: str | None = "2021-12-07",
            precision: str = "day", country: str | None = None,
            issues: tuple[str, ...] = ()) -> Mention:
    return Mention(id, plover, source, target, date, precision if date else "unknown",
                   country, frozenset(issues))


def test_reciprocal_roots_match_either_direction_others_only_in_order() -> None:
    assert same_event(mention("a"), mention("b", source="USAGOV", target="RUSGOV"))
    threat = mention("a", plover="THREATEN", source="USAGOV", target="RUSGOV")
    reverse = mention("b", plover="THREATEN", source="RUSGOV", target="USAGOV")
    assert not same_event(threat, reverse)
    assert same_event(threat, mention("c", plover="THREATEN", source="USAGOV",
                                      target="RUSGOV"))


def test_different_roots_or_actors_are_different_events() -> None:
    assert not same_event(mention("a"), mention("b", plover="AGREE"))
    assert not same_event(mention("a"), mention("b", target="UKR"))
    # A missing actor only matches a missing actor.
    assert not same_event(mention("a"), mention("b", target=None))
    assert same_event(mention("a", target=None), mention("b", target=None))


def test_date_window_follows_the_coarser_precision() -> None:
    day = mention("a", date="2021-12-07")
    assert same_event(day, mention("b", date="2021-12-09"))
    assert not same_event(day, mention("b", date="2021-12-10"))
    assert same_event(day, mention("b", date="2021-12-13", precision="week"))
    assert not same_event(day, mention("b", date="2021-12-15", precision="week"))
    assert same_event(day, mention("b", date="2021-12", precision="month"))
    assert not same_event(day, mention("b", date="2021-11", precision="month"))
    assert same_event(day, mention("b", date="2021", precision="year"))
    assert same_event(day, mention("b", date=None))  # unknown: no evidence against


def test_places_must_share_a_country_unless_one_is_missing() -> None:
    assert same_event(mention("a", country="CHE"), mention("b", country="CHE"))
    assert same_event(mention("a", country="CHE"), mention("b"))
    assert not same_event(mention("a", country="CHE"), mention("b", country="RUS"))


def test_issues_must_overlap_unless_one_has_none() -> None:
    a = mention("a", issues=("ukraine", "sanctions"))
    assert same_event(a, mention("b", issues=("ukraine",)))
    assert same_event(a, mention("b"))
    assert not same_event(a, mention("b", issues=("iran_nuclear", "cyber_security",
                                                  "ransomware", "summits")))


def test_actors_compare_by_code_and_by_name_only_without_code() -> None:
    assert actor_key("RUSGOV", "Vladimir Putin") == "RUSGOV"
    assert actor_key(None, "Vladimir Putin", "Putin") == actor_key(None, "vladimir putin")
    assert actor_key(None, None, "Kedua pihak") == "name:kedua pihak"
    assert actor_key(None, None, None) is None


def test_mention_from_an_events_row() -> None:
    row: dict[str, Any] = {
        "id": "e1", "plover": "CONSULT", "source_code": None, "source_name": None,
        "source_text": "Para demonstran", "target_code": "IDNGOV", "target_name": None,
        "target_text": "pemerintah", "date_value": "2021-06", "date_precision": "month",
        "place_country": "IDN", "issues": ["economy"],
    }
    m = mention_from_row(row)
    assert m.source == "name:para demonstran" and m.target == "IDNGOV"
    assert m.precision == "month" and m.issues == frozenset({"economy"})
    assert m.block == ("CONSULT", "IDNGOV", "name:para demonstran")  # unordered: sorted


def test_cluster_is_named_after_its_earliest_member() -> None:
    clusters = cluster_mentions([mention("late", date="2021-12-08"),
                                 mention("early", date="2021-12-07")])
    assert set(clusters.values()) == {cluster_id("early")}


def test_single_link_joins_a_chain_through_a_middle_mention() -> None:
    chain = [mention("a", date="2021-12-01"), mention("b", date="2021-12-03"),
             mention("c", date="2021-12-05")]
    assert len(set(cluster_mentions(chain).values())) == 1
    assert len(set(cluster_mentions([chain[0], chain[2]]).values())) == 2


def test_result_does_not_depend_on_input_order() -> None:
    mentions = [
        mention("a", date="2021-12-07"), mention("b", source="USAGOV", target="RUSGOV",
                                                 date="2021-12-08"),
        mention("c", date="2021-12", precision="month"), mention("d", date="2021-06",
                                                                 precision="month"),
        mention("e", plover="THREATEN", source="USAGOV", target="RUSGOV"),
        mention("f", plover="THREATEN", source="USAGOV", target="RUSGOV", date="2021-12-20"),
        mention("g", date=None), mention("h", country="CHE", date="2021-06-16"),
    ]
    expected = cluster_mentions(mentions)
    for order in itertools.islice(itertools.permutations(mentions), 0, 5000, 97):
        assert cluster_mentions(order) == expected
    rng = random.Random(7)
    for _ in range(20):
        shuffled = mentions[:]
        rng.shuffle(shuffled)
        assert cluster_mentions(shuffled) == expected


def test_incremental_linking_equals_batch() -> None:
    mentions = [mention("a", date="2021-12-01"), mention("b", date="2021-12-05"),
                mention("c", date="2021-12-03"), mention("d", date="2022-01-10")]
    batch = cluster_mentions(mentions)
    # First a, b and d (three clusters), then c arrives and bridges a and b.
    old = cluster_mentions(mentions[:2] + mentions[3:])
    assert len(set(old.values())) == 3
    groups: dict[str, list[str]] = {}
    for event_id, cid in old.items():
        groups.setdefault(cid, []).append(event_id)
    linked = link([mentions[2]], mentions[:2] + mentions[3:], groups.values())
    assert [sorted(m.id for m in group) for group in linked] == [["a", "b", "c"]]
    assert cluster_id(linked[0][0].id) == batch["c"] == batch["a"]


def _pairwise_components(mentions: list[Mention]) -> set[frozenset[str]]:
    """The definition, pair by pair: what `link` must equal however it gets there."""
    parent = {m.id: m.id for m in mentions}

    def find(item: str) -> str:
        while parent[item] != item:
            item = parent[item]
        return item

    for a, b in itertools.combinations(mentions, 2):
        if same_event(a, b):
            parent[find(a.id)] = find(b.id)
    groups: dict[str, set[str]] = {}
    for m in mentions:
        groups.setdefault(find(m.id), set()).add(m.id)
    return {frozenset(group) for group in groups.values()}


def test_linking_classes_of_equal_mentions_gives_the_pairwise_components() -> None:
    rng = random.Random(13)
    dates = [("2021-12-07", "day"), ("2021-12-09", "day"), ("2021-12-14", "week"),
             ("2021-12", "month"), ("2021", "year"), (None, "unknown")]
    for _ in range(30):
        mentions = []
        for n in range(60):  # few distinct signatures, many repeats of each
            when, precision = rng.choice(dates)
            mentions.append(mention(
                f"m{n}", plover=rng.choice(["CONSULT", "THREATEN"]),
                target=rng.choice(["USAGOV", "UKR"]), date=when, precision=precision,
                country=rng.choice([None, "CHE", "RUS"]),
                issues=rng.choice([(), ("ukraine",), ("cyber", "iran")])))
        groups = {frozenset(m.id for m in group) for group in link(mentions)}
        assert groups == _pairwise_components(mentions)


def test_a_document_repeating_its_events_is_compared_per_distinct_event(monkeypatch) -> None:
    # A 2 MB document that repeats an article holds thousands of mentions of each of its
    # events; comparing them pair by pair took minutes (issue 13, item 3).
    import warta.cluster.core as core

    calls = []
    real = core.same_event

    def counted(a: Mention, b: Mention) -> bool:
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(core, "same_event", counted)
    kinds = [dict(date="2021-12-07"), dict(date="2021-06", precision="month"),
             dict(plover="THREATEN", source="USAGOV", target="RUSGOV", issues=("ukraine",))]
    mentions = [mention(f"m{n}", **kinds[n % 3]) for n in range(6000)]
    groups = link(mentions)
    assert sorted(len(group) for group in groups) == [2000, 2000, 2000]
    assert len(calls) < 10
