import pytest
from eval_stub import FIXTURES, KeywordPipeline

from warta.evaluation.coding import EventView
from warta.evaluation.gsr import actor_matches, code_matches, evaluate_gsr, gold_root, read_gsr

GSR = FIXTURES / "gsr_sample.json"


@pytest.fixture
def keyword_pipeline() -> KeywordPipeline:
    return KeywordPipeline()


def test_read_skips_the_document_record_and_maps_draft_names():
    records = read_gsr(GSR)
    assert [r["id"] for r in records] == ["TEST-DISAPPROVE-0001", "TEST-THREATEN-0001",
                                         "TEST-CONSULT-0001"]
    assert [gold_root(r) for r in records] == ["ACCUSE", "THREATEN", "CONSULT"]
    assert gold_root({"event": "FIGHT"}) == "ASSAULT"
    assert gold_root({"event": "RETREAT"}) == "RETREAT"


def test_code_rule_country_then_sector_where_given():
    assert code_matches("RUS", {"code": "RUS"})
    assert code_matches("RUSGOV", {"code": "RUS"})  # no gold sector: country suffices
    assert code_matches("RUSGOV", {"code": "RUS", "sector": "GOV"})
    assert not code_matches("RUS", {"code": "RUS", "sector": "GOV"})
    assert code_matches("SRBCVL", {"code": "SRB", "sector": "CVLalb"})  # ethnic suffix ignored
    assert code_matches("IDNGOVMIL", {"code": "IDN", "sector": "MIL"})
    assert code_matches("JPNGOV", {"code": "JAP"})  # CAMEO's legacy country code
    assert not code_matches(None, {"code": "RUS"})
    assert not code_matches("USAGOV", {"code": "RUS"})


def _ev(src, tgt):
    return EventView("CONSULT", (0, 1), None, None, "", "", src, tgt, 0.5, True, "t", "x")


def test_actor_matches_swaps_only_reciprocal_roots_and_empty_targets():
    gold_s, gold_t = [{"code": "FRA"}], [{"code": "DEU"}]
    assert actor_matches(_ev("DEU", "FRA"), "CONSULT", gold_s, gold_t) == (True, True)
    assert actor_matches(_ev("DEU", "FRA"), "ACCUSE", gold_s, gold_t) == (False, False)
    assert actor_matches(_ev("FRA", None), "RETREAT", gold_s, []) == (True, True)
    assert actor_matches(_ev("FRA", "DEU"), "RETREAT", gold_s, []) == (True, False)
    assert actor_matches(None, "RETREAT", gold_s, []) == (False, False)


def test_evaluate_gsr(keyword_pipeline):
    r = evaluate_gsr(GSR, keyword_pipeline)
    assert r.n == 3 and r.accuracy == 1.0
    assert r.extra["source_accuracy"] == 1.0
    assert r.extra["target_accuracy"] == round(2 / 3, 4)  # "ISR" lacks the gold's GOV sector
    assert r.extra["actor_accuracy"] == round(2 / 3, 4)
    # The stub codes "met" both ways, so Germany → France is found forward.
    assert r.extra["methods"] == {"pair": 3}
    assert len(r.errors) == 1 and "Israel" in r.errors[0].detail
