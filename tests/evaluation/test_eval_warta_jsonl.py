import pytest
from eval_stub import FIXTURES, KeywordPipeline

from warta.evaluation.coding import EventView
from warta.evaluation.warta_jsonl import (
    GoldEvent,
    evaluate_warta_jsonl,
    match_events,
    read_warta_jsonl,
)

GOLD = FIXTURES / "warta_sample.jsonl"


@pytest.fixture
def keyword_pipeline() -> KeywordPipeline:
    return KeywordPipeline()


def test_read_finds_gold_spans():
    sents = read_warta_jsonl(GOLD)
    assert len(sents) == 4 and sents[0].published == "2021-12-08"
    assert sents[0].events[0].source == [(0, 4)]
    assert sents[2].events == []
    assert sents[1].item == "t2"


def _ev(root, src, tgt):
    return EventView(root, (5, 6), src, tgt, "", "", None, None, 0.5, False, "t", "x")


def test_matching_rules():
    consult = GoldEvent("CONSULT", "France", "Germany", "FRA", "DEU", [(0, 6)], [(11, 18)])
    reversed_pred = _ev("CONSULT", (11, 18), (0, 6))
    pairs, missed, spurious = match_events([consult], [reversed_pred])
    assert pairs == [(0, 0, "reversed")] and not missed and not spurious
    accuse = GoldEvent("ACCUSE", "France", "Germany", "FRA", "DEU", [(0, 6)], [(11, 18)])
    pairs, missed, spurious = match_events([accuse], [_ev("ACCUSE", (11, 18), (0, 6))])
    assert pairs == [] and missed == [0] and spurious == [0]  # directed roots do not swap
    # An empty gold target accepts any predicted target, even none.
    mobilize = GoldEvent("MOBILIZE", "France", "", "FRA", "", [(0, 6)], [])
    assert match_events([mobilize], [_ev("MOBILIZE", (0, 6), None)])[0] == [(0, 0, "forward")]
    # One-to-one: a single prediction cannot satisfy two gold events.
    pairs, missed, _ = match_events([mobilize, mobilize], [_ev("MOBILIZE", (0, 6), None)])
    assert len(pairs) == 1 and missed == [1]


def test_evaluate_warta_jsonl(keyword_pipeline):
    r = evaluate_warta_jsonl(GOLD, keyword_pipeline)
    # "France met Germany" is one reciprocal event, though the gold lists both directions and
    # the stub predicts two mirrored records.
    assert (r.extra["tp"], r.extra["fp"], r.extra["fn"]) == (2, 1, 1)
    assert r.micro_f1 == round(2 / 3, 4) and r.accuracy == 0.5
    assert r.extra["negatives"] == 1 and r.extra["negatives_without_events"] == 0.0
    assert r.extra["actor_accuracy"] == 0.75  # IRN given where the gold has IRNGOV
    assert r.extra["actor_country_accuracy"] == 1.0
    assert r.per_class["CONSULT"]["f1"] == 1.0
    assert r.confusion["NONE"] == {"ASSAULT": 1}
    kinds = {(e.gold, e.predicted) for e in r.errors}
    assert kinds == {("NONE", "ASSAULT"), ("ACCUSE", "NONE")}
