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
    r = evaluate_plv(PLV, keyword_pipeline, use_model=False)
    assert r.n == 5 and keyword_pipeline.calls == 5
    assert r.accuracy == 0.4 and r.extra["decided_by"] == "pipeline"
    assert r.extra["pipeline"]["fallbacks"] == 1
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


def test_end2end_counts_every_event_touching_a_marked_actor(keyword_pipeline):
    # "Israel blamed Iran" has no event in the stub; an event from the marked source to an
    # unmarked actor is a false positive, one between two unmarked actors is not scored.
    from warta.evaluation import plv

    items = [plv.PlvItem("1", "Iran condemned Israel and Hamas attacked Fatah.", [(0, 4)],
                         [(15, 21)], "ACCUSE", 3)]

    class Coded:
        events = [_ev("ACCUSE", (0, 4), (15, 21), (5, 14)),
                  _ev("THREATEN", (0, 4), (40, 45), (5, 14)),
                  _ev("ASSAULT", (26, 31), (41, 46), (32, 40))]

    r = plv._end2end(items, [Coded()])
    assert (r.extra["tp"], r.extra["fp"], r.extra["fn"]) == (1, 1, 0)
    assert r.extra["events_off_pair"] == 1


class FakeModel:
    """Scores every candidate ACCUSE 0.6, AID 0.3, NONE 0.1 (the model's interface)."""

    meta: dict = {}

    def score(self, candidates):
        from warta.events.model import Scores

        return [Scores({"ACCUSE": 0.6, "AID": 0.3, "NONE": 0.1}, 0.2) for _ in candidates]


def test_the_model_answers_the_pair_task(keyword_pipeline):
    r = evaluate_plv(PLV, keyword_pipeline, model=FakeModel())
    assert r.extra["decided_by"] == "model"
    gold = [it.root for it in read_plv(PLV)]
    assert r.accuracy == pytest.approx(sum(g == "ACCUSE" for g in gold) / len(gold))
    assert r.extra["pipeline"]["accuracy"] == 0.4  # the pipeline's own answer beside it
    assert r.extra["in_sample"] is False and r.extra["trained_share"] == 0.0


def test_predict_pair_reports_method_and_pipeline_root(keyword_pipeline):
    sent = "Israel blamed Iran."
    root, info = predict_pair(sent, (0, 6), (14, 18), "en", pipeline=keyword_pipeline)
    assert root == NONE and info["method"] == "fallback"
    root, info = predict_pair(sent, (0, 6), (14, 18), "en", pipeline=keyword_pipeline,
                              model=FakeModel())
    assert root == "ACCUSE" and info["method"] == "model" and info["pipeline_root"] == NONE
    root, info = predict_pair("Iran condemned Israel.", (0, 4), [(15, 21)], "en",
                              pipeline=keyword_pipeline)
    assert root == "ACCUSE" and info["method"] == "pair"


class TrainedOnPlv(FakeModel):
    def __init__(self) -> None:
        import hashlib

        self.meta = {"trained_sentences": [hashlib.sha1(it.sentence.encode()).hexdigest()[:12]
                                           for it in read_plv(PLV)[:4]]}


def test_only_a_model_trained_on_these_sentences_is_flagged_in_sample(keyword_pipeline):
    r = evaluate_plv(PLV, keyword_pipeline, model=TrainedOnPlv())
    assert r.extra["in_sample"] is True and r.extra["trained_share"] == 0.8
    assert any("in-sample" in n for n in r.notes)
    assert evaluate_plv(PLV, keyword_pipeline, model=FakeModel()).extra["in_sample"] is False
