"""ECB+ reading and scoring, on small hand-written files in the ECB+ (CROMER) XML format."""

from __future__ import annotations

from pathlib import Path

import pytest

from warta.cluster.ecbplus import b_cubed, evaluate_ecbplus, pairwise, read_document


def _xml(name: str, words: list[str], actions: dict[str, int], chains: dict[str, str]) -> str:
    """An ECB+ file: sentence 0 is the URL line, the words are sentence 1; `actions` maps an
    m_id to the index of its anchor word, `chains` an m_id to a cross-document instance."""
    tokens = ['<token t_id="1" sentence="0" number="0">http://example.org/x</token>']
    tokens += [f'<token t_id="{k + 2}" sentence="1" number="{k}">{w}</token>'
               for k, w in enumerate(words)]
    markables = [f'<ACTION_OCCURRENCE m_id="{m}"><token_anchor t_id="{k + 2}"/>'
                 "</ACTION_OCCURRENCE>" for m, k in actions.items()]
    relations = []
    for n, (m, instance) in enumerate(chains.items()):
        target = 100 + n
        markables.append(f'<ACTION_OCCURRENCE m_id="{target}" TAG_DESCRIPTOR="t8_meet" '
                         f'instance_id="{instance}"/>')
        relations.append(f'<CROSS_DOC_COREF r_id="{n}" note="{instance}"><source m_id="{m}"/>'
                         f'<target m_id="{target}"/></CROSS_DOC_COREF>')
    return (f'<Document doc_name="{name}" doc_id="D">{"".join(tokens)}<Markables>'
            f'{"".join(markables)}</Markables><Relations>{"".join(relations)}</Relations>'
            "</Document>")


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    topic = tmp_path / "8"
    topic.mkdir()
    (topic / "8_1ecb.xml").write_text(_xml(
        "8_1ecb.xml", ["Putin", "met", "Biden", ".", "The", "talks", "ended", "."],
        {"1": 1, "2": 5}, {"1": "ACT1"}), encoding="utf-8")
    (topic / "8_2ecb.xml").write_text(_xml(
        "8_2ecb.xml", ["Biden", "met", "Putin", "."], {"1": 1}, {"1": "ACT1"}),
        encoding="utf-8")
    (topic / "8_1ecbplus.xml").write_text(_xml(
        "8_1ecbplus.xml", ["Putin", "met", "Biden", "."], {"1": 1}, {"1": "ACT2"}),
        encoding="utf-8")
    return tmp_path


def test_reads_tokens_actions_and_chains(gold_dir: Path) -> None:
    doc = read_document(gold_dir / "8" / "8_1ecb.xml", "8")
    assert doc.text.splitlines()[1] == "Putin met Biden . The talks ended ."
    start, end = doc.token_spans["3"]
    assert doc.text[start:end] == "met"
    assert doc.actions == {"1": ["3"], "2": ["7"]}
    assert doc.chain["1"] == "ACT1"
    assert doc.chain["2"] == "8_1ecb.xml:2"  # in no relation: a singleton


def test_scores_against_the_gold_chains(gold_dir: Path, stub_pipeline) -> None:
    # The stub codes every "X met Y." as CONSULT X -> Y: all three meetings look alike, but
    # the ecbplus one is a different meeting in the gold.
    result = evaluate_ecbplus(gold_dir, process=stub_pipeline.process)
    assert result["topics"] == ["8"] and result["documents"] == 3
    assert result["gold_mentions"] == 4 and result["matched_mentions"] == 3
    assert result["mention_recall"] == 0.75
    assert result["pairwise_f1"] == 0.5  # one true link among three predicted
    assert result["overall"]["pairwise"]["recall"] == 1.0
    assert result["b3_f1"] == pytest.approx(0.7143, abs=1e-4)
    assert result["per_topic"]["8"]["predicted_clusters"] == 1
    assert result["per_topic"]["8"]["gold_clusters"] == 2


def test_pairwise_and_b_cubed_on_known_partitions() -> None:
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    assert pairwise(gold, gold)["f1"] == 1.0 and b_cubed(gold, gold)["f1"] == 1.0
    singletons = {k: k for k in gold}
    assert pairwise(gold, singletons) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert b_cubed(gold, singletons) == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}
    one = {k: "x" for k in gold}
    assert pairwise(gold, one) == {"precision": 0.3333, "recall": 1.0, "f1": 0.5}


def test_missing_topics_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no ECB\\+ topic"):
        evaluate_ecbplus(tmp_path, process=lambda doc: doc)
