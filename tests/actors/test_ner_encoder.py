"""The name head on the event model's encoder (warta/actors/ner/encoder.py)."""

from __future__ import annotations

import numpy as np
import pytest

from warta.actors.ner import NameTagger
from warta.actors.ner.encoder import EncoderNameTagger
from warta.events.model import PairClassifier

pytestmark = pytest.mark.skipif(not EncoderNameTagger.available(),
                                reason="the event model is not installed")


def test_states_are_one_row_per_word_and_do_not_depend_on_the_call() -> None:
    enc = PairClassifier.load()
    words = "Foreign Minister Retno Marsudi met the World Bank in Jakarta .".split()
    first = enc.word_states(words)
    assert first.shape == (len(words), 384)
    assert np.array_equal(first, enc.word_states(words))


def test_a_long_sentence_is_read_in_pieces_without_losing_words() -> None:
    words = ("Presiden Joko Widodo bertemu Perdana Menteri Malaysia Anwar Ibrahim di Bogor "
             "dan membahas perbatasan .").split() * 40
    states = PairClassifier.load().word_states(words)
    assert states.shape == (len(words), 384)
    assert np.abs(states).sum(axis=1).min() > 0  # every word has a state


@pytest.mark.parametrize(("words", "expected"), [
    ("Foreign Minister Retno Marsudi met officials of the World Bank in Jakarta .",
     {("Retno Marsudi", "PER"), ("World Bank", "ORG"), ("Jakarta", "LOC")}),
    ("Gunmen from Boko Haram attacked a village near Maiduguri on Sunday .",
     {("Boko Haram", "ORG"), ("Maiduguri", "LOC")}),
])
def test_the_head_finds_names(words: str, expected: set[tuple[str, str]]) -> None:
    toks = words.split()
    found = {(" ".join(toks[i:j]), label) for i, j, label in EncoderNameTagger.load().tag(toks)}
    assert expected <= found


def test_english_reads_names_with_the_encoder_indonesian_with_the_perceptron(
        process_text) -> None:
    from warta.actors.mentions import _tagger
    from warta.resources import Resources

    with_model, without = Resources(), Resources(use_model=False)
    assert isinstance(_tagger("en", with_model.pack("en"), with_model), EncoderNameTagger)
    assert isinstance(_tagger("en", without.pack("en"), without), NameTagger)
    assert isinstance(_tagger("id", with_model.pack("id"), with_model), NameTagger)
