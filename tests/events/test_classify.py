"""The classifier stage sets each event's method and confidence; it never changes the type."""

from __future__ import annotations

from warta.model import Document
from warta.pipeline import Pipeline
from warta.resources import Resources

TEXT = ("Israeli warplanes bombed Hamas positions in Gaza on Monday. "
        "Russia and China held talks in Beijing.")


def _code(use_classifier: bool) -> Document:
    pipe = Pipeline(Resources(use_classifier=use_classifier))
    return pipe.process(Document(raw=TEXT, language_hint="en", published="2024-03-05"))


def test_classifier_is_a_second_opinion_on_the_lexicon() -> None:
    with_clf = _code(True)
    without = _code(False)
    assert [e.plover for e in with_clf.events] == [e.plover for e in without.events]
    assert {e.method for e in without.events} == {"lexicon"}
    assert {e.method for e in with_clf.events} <= {"lexicon", "lexicon+classifier"}
    assert all(e.classifier_top is not None for e in with_clf.events)
    agreed = [e for e in with_clf.events if e.method == "lexicon+classifier"]
    disagreed = [e for e in with_clf.events if e.method == "lexicon"]
    assert agreed, "the consult and the assault are clear enough for the classifier to agree"
    for e in agreed:
        assert e.classifier_top == e.plover
    if agreed and disagreed:
        assert min(e.confidence for e in agreed) > max(e.confidence for e in disagreed) - 0.2
