import json

from click.testing import CliRunner
from eval_stub import FIXTURES, KeywordPipeline

from warta.cli import cli


def _run(monkeypatch, *args):
    monkeypatch.setattr("warta.evaluation.coding.default_processor",
                        lambda **_options: KeywordPipeline())
    return CliRunner().invoke(cli, ["eval", *args])


def test_json_is_one_object(monkeypatch):
    res = _run(monkeypatch, "--gold", str(FIXTURES / "plv_sample.tsv"), "--format", "plv",
               "--json", "--no-model")
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["n"] == 5 and out["accuracy"] == 0.4 and out["quad_accuracy"] == 0.6
    assert set(out["per_class"]["ACCUSE"]) >= {"precision", "recall", "f1", "support"}


def test_report_and_limit(monkeypatch):
    res = _run(monkeypatch, "--gold", str(FIXTURES / "warta_sample.jsonl"), "--format",
               "warta-jsonl", "--limit", "3")
    assert res.exit_code == 0, res.output
    assert "per class" in res.output and "worst errors" in res.output
    assert "Russia attacked Ukraine's goal" in res.output


def test_every_format_runs(monkeypatch):
    for fmt, name, key in (("plover-gsr", "gsr_sample.json", "actor_accuracy"),
                           ("conll-ner", "ner_sample.conll", "micro_f1"),
                           ("plv", "plv_sample.tsv", "micro_f1")):
        extra = ["--mode", "end2end"] if fmt == "plv" else []
        res = _run(monkeypatch, "--gold", str(FIXTURES / name), "--format", fmt, "--json",
                   *extra)
        assert res.exit_code == 0, res.output
        assert key in json.loads(res.output)


def test_bad_format_is_a_usage_error(monkeypatch):
    res = _run(monkeypatch, "--gold", str(FIXTURES / "plv_sample.tsv"), "--format", "xml")
    assert res.exit_code == 2
