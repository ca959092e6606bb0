"""The evaluators on warta's real pipeline (one load for the module): shapes, not numbers,
since the coder improves independently of the scorer."""

import pytest
from eval_stub import FIXTURES

from warta.evaluation.coding import default_processor
from warta.evaluation.conll import evaluate_conll
from warta.evaluation.metrics import NONE
from warta.evaluation.pairs import predict_pair
from warta.evaluation.plv import evaluate_plv
from warta.evaluation.warta_jsonl import evaluate_warta_jsonl
from warta.ontology import PLOVER_ROOTS


@pytest.fixture(scope="module")
def pipeline():
    return default_processor()


def test_plv_both_modes(pipeline):
    pairs = evaluate_plv(FIXTURES / "plv_sample.tsv", pipeline, use_model=False)
    assert pairs.n == 5 and 0.0 <= pairs.accuracy <= 1.0
    assert sum(pairs.extra["pipeline"]["methods"].values()) == 5
    e2e = evaluate_plv(FIXTURES / "plv_sample.tsv", pipeline, mode="end2end")
    assert e2e.extra["tp"] + e2e.extra["fn"] == 5


def test_predict_pair_on_a_plain_condemnation(pipeline):
    sentence = "Iran condemned Israel over the raid."
    root, info = predict_pair(sentence, (0, 4), (15, 21), "en", pipeline=pipeline)
    assert root in (*PLOVER_ROOTS, NONE)
    assert info["method"] in ("pair", "pair-reversed", "one-side", "trigger", "fallback")


def test_jsonl_and_conll(pipeline):
    r = evaluate_warta_jsonl(FIXTURES / "warta_sample.jsonl", pipeline)
    # Four gold events: "France met Germany", listed in both directions, is one.
    assert r.n == 4 and r.extra["tp"] + r.extra["fn"] == 4 - 1
    ner = evaluate_conll(FIXTURES / "ner_sample.conll", pipeline)
    assert ner.extra["gold_entities"] == 7
