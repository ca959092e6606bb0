import pytest
from eval_stub import FIXTURES, KeywordPipeline

from warta.evaluation.coding import EventView
from warta.evaluation.metrics import NONE
from warta.evaluation.pairs import link, predict_pair
from warta.evaluation.plv import evaluate_plv, parse_marked, read_plv

PLV = FIXTURES / "plv_sample.tsv"


@pytest.fixture
def keyword_pipeline() -> KeywordPipeline:
    return KeywordPipeline()


def test_parse_marked_spans_repeats_and_trailing_space():
    text, s, t = parse_marked("<s>US</s> gave aid to <t>Kyiv</t> and <t>Kyiv</t>'s army.")
    assert text == "US gave aid to Kyiv and Kyiv's army."
    assert [text[a:b] for a, b in s] == ["US"]
    assert [text[a:b] for a, b in t] == ["Kyiv", "Kyiv"]
    text, s, t = parse_marked("<s>The LNA </s>agreed.")
    assert text == "The LNA agreed." and [text[a:b] for a, b in s] == ["The LNA"] and t == []


def test_read_plv_keeps_leading_quotes():
    items = read_plv(PLV)
    assert len(items) == 5
    assert items[3].sentence.startswith('"The talks')
    assert items[3].root == "ACCUSE" and items[3].penta == 3
    assert read_plv(PLV, limit=2)[-1].item == "2"


def _ev(root, src, tgt, trig, conf=0.5):
    return EventView(root, trig, src, tgt, "", "", None, None, conf, False, "t", "lexicon")


def test_link_order_pair_reversed_one_side_trigger():
    s, t = [(0, 4)], [(20, 26)]
    assert link([], s, t) is None
    fwd = _ev("ACCUSE", (0, 4), (20, 26), (5, 10))
    rev = _ev("CONSULT", (20, 26), (0, 4), (5, 10), conf=0.9)
    assert link([rev, fwd], s, t).method == "pair"  # forward wins over a more confident reversal
    assert link([rev], s, t).method == "pair-reversed"
    one = _ev("AID", (0, 4), (40, 45), (30, 35))
    far = _ev("ASSAULT", (50, 55), (60, 65), (56, 58))
    assert link([far, one], s, t).root == "AID"
    near = _ev("REQUEST", None, None, (10, 12))
    assert link([far, near], s, t).method == "trigger" and link([far, near], s, t).root == "REQUEST"


def test_pairs_mode_scores(keyword_pipeline):
    r = evaluate_plv(PLV, keyword_pipeline, use_classifier=False)
    assert r.n == 5 and keyword_pipeline.calls == 5
    assert r.accuracy == 0.4
    assert r.extra["fallbacks"] == 1
    assert r.extra["quad_accuracy"] == 0.6  # ASSAULT for COERCE keeps quad 4
    assert r.confusion["COERCE"] == {"ASSAULT": 1}
    assert r.confusion["ACCUSE"] == {"ACCUSE": 1, NONE: 1}
    # Worst first: cooperation (AGREE) given for YIELD is not worse than a quad flip, but the
    # within-quad miss (ASSAULT for COERCE) ranks above the abstention.
    worst = r.worst()
    assert [e.predicted for e in worst][-1] == NONE
    out = r.to_json()
    assert {"n", "accuracy", "macro_f1", "micro_f1", "per_class", "quad_accuracy"} <= set(out)
    assert out["per_class"]["CONSULT"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0,
                                           "support": 1, "tp": 1, "fp": 0, "fn": 0}


def test_end2end_mode_counts_events(keyword_pipeline):
    r = evaluate_plv(PLV, keyword_pipeline, mode="end2end")
    assert (r.extra["tp"], r.extra["fp"], r.extra["fn"]) == (2, 2, 3)
    assert r.extra["event_precision"] == 0.5 and r.extra["event_recall"] == 0.4
    assert r.micro_f1 == pytest.approx(0.4444, abs=1e-4)


class FakeClassifier:
    def predict(self, texts):
        return [{"ACCUSE": 0.7, "AID": 0.3} for _ in texts]


def test_classifier_fills_in_where_no_pair_links(keyword_pipeline):
    r = evaluate_plv(PLV, keyword_pipeline, classifier=FakeClassifier())
    both = r.extra["with_classifier"]
    assert both["fallback"]["classified"] == 1  # only the sentence without events
    assert both["fallback"]["accuracy"] == 0.6 and r.accuracy == 0.4
    if "combine" in both:  # the classifier package's merge rule: 0.7 < its threshold
        assert both["combine"]["accuracy"] == 0.4


def test_predict_pair_reports_method_and_lexicon_root(keyword_pipeline):
    sent = "Israel blamed Iran."
    root, info = predict_pair(sent, (0, 6), (14, 18), "en", pipeline=keyword_pipeline)
    assert root == NONE and info["method"] == "fallback"
    root, info = predict_pair(sent, (0, 6), (14, 18), "en", pipeline=keyword_pipeline,
                              classifier=FakeClassifier())
    assert root == "ACCUSE" and info["method"] == "classifier" and info["lexicon_root"] == NONE
    root, info = predict_pair("Iran condemned Israel.", (0, 4), [(15, 21)], "en",
                              pipeline=keyword_pipeline, classifier=FakeClassifier())
    assert root == "ACCUSE" and info["method"] == "pair"


class BrokenClassifier:
    def predict(self, texts):
        raise RuntimeError("no encoder")


def test_a_broken_classifier_leaves_the_lexicon_scores(keyword_pipeline):
    r = evaluate_plv(PLV, keyword_pipeline, classifier=BrokenClassifier())
    assert r.accuracy == 0.4 and "with_classifier" not in r.extra
    assert any("classifier failed" in n for n in r.notes)


class TrainedOnPlv(FakeClassifier):
    meta = {"meta_report": '{"train": {"plv": 1050, "gsr": 66}}'}


def test_a_classifier_trained_on_plv_is_flagged_in_sample(keyword_pipeline):
    r = evaluate_plv(PLV, keyword_pipeline, classifier=TrainedOnPlv())
    assert r.extra["with_classifier"]["in_sample"] is True
    assert r.extra["with_classifier"]["classifier_trained_on"]["plv"] == 1050
