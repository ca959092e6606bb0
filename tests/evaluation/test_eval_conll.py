import pytest
from eval_stub import FIXTURES, KeywordPipeline

from warta.evaluation.conll import evaluate_conll, mention_type, predicted_entities, read_conll
from warta.model import Document, Entity, Mention


@pytest.fixture
def keyword_pipeline() -> KeywordPipeline:
    return KeywordPipeline()


def test_read_both_layouts():
    sents = read_conll(FIXTURES / "ner_sample.conll")
    assert [s.text for s in sents][1] == "Vladimir Putin bertemu Joko Widodo di Jakarta ."
    s = sents[1]
    assert [(k, s.text[a:b]) for k, (a, b) in s.entities] == [
        ("PER", "Vladimir Putin"), ("PER", "Joko Widodo"), ("LOC", "Jakarta")]
    grit = read_conll(FIXTURES / "ner_nergrit_sample.txt")
    assert len(grit) == 2
    assert [(k, grit[0].text[a:b]) for k, (a, b) in grit[0].entities] == [
        ("PER", "Bhosle"), ("ORG", "Bank Dunia"), ("LOC", "Jenewa")]
    assert read_conll(FIXTURES / "ner_sample.conll", limit=1)[0].text == "Iran mengecam Israel ."


def _m(kind, text, start, **kw):
    return Mention(kind, text, start, start + len(text), 0, **kw)


def test_mention_mapping_and_role_trimming():
    person = Entity("jw", "person", "Joko Widodo")
    role = _m("actor", "Presiden Joko Widodo", 0, entity=person, resolution="role+name")
    org = _m("actor", "KPK", 30, entity=Entity("kpk", "organization", "KPK"))
    kremlin = _m("actor", "Istana Kremlin", 40, resolution="metonym")
    capital = _m("actor", "Jakarta", 60, resolution="metonym", capital=True)
    country = _m("actor", "Rusia", 70, resolution="country")
    bare = _m("role", "presiden", 80, resolution="role")
    pron = _m("pronoun", "ia", 90, resolution="pronoun")
    assert [mention_type(m) for m in (role, org, kremlin, capital, country, bare, pron)] == [
        "PER", "ORG", "ORG", "LOC", "LOC", None, None]
    comp = _m("compound", "Rusia dan KPK", 100, members=[
        _m("actor", "Rusia", 100, resolution="country"),
        _m("actor", "KPK", 110, entity=Entity("kpk", "organization", "KPK"))])
    doc = Document(raw="", mentions=[role, comp, bare])
    assert predicted_entities(doc) == [("PER", (9, 20)), ("LOC", (100, 105)), ("ORG", (110, 113))]


def test_evaluate_conll(keyword_pipeline):
    r = evaluate_conll(FIXTURES / "ner_sample.conll", keyword_pipeline)
    assert r.n == 3
    assert r.per_class["LOC"]["tp"] == 3 and r.per_class["LOC"]["fp"] == 1
    assert r.per_class["PER"]["tp"] == 1 and r.per_class["PER"]["fn"] == 2
    assert r.per_class["ORG"]["f1"] == 1.0
    assert r.extra["precision"] == round(5 / 6, 4) and r.extra["recall"] == round(5 / 7, 4)
    assert r.confusion["PER"] == {"LOC": 1, "NONE": 1, "PER": 1}
