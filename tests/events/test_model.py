"""The shipped event model: files, encoding, and its answers on real sentences."""

from __future__ import annotations

import json
from importlib import resources as ir

import pytest
from tokenizers import Tokenizer

from warta.events.model import PairClassifier, available
from warta.events.model.encode import BOS, EOS, encode, mark
from warta.events.model.labels import LABELS

pytestmark = pytest.mark.skipif(not available(), reason="no event model shipped")


@pytest.fixture(scope="module")
def tok() -> Tokenizer:
    return Tokenizer.from_file(str(ir.files("warta.events.model").joinpath("tokenizer.json")))


def test_files_are_small_and_consistent() -> None:
    base = ir.files("warta.events.model")
    with ir.as_file(base.joinpath("pair.onnx")) as path:
        assert 0 < path.stat().st_size <= 60_000_000
    meta = json.loads(base.joinpath("meta.json").read_text(encoding="utf-8"))
    assert tuple(meta["labels"]) == LABELS and meta["temperature"] > 0


def test_markers_wrap_the_actors_in_text_order() -> None:
    text = "Russia attacked Ukraine."
    marked, a, b = mark(text, (0, 6), (16, 23))
    assert marked == "@ Russia @ attacked # Ukraine #."
    assert marked[a] == "@" and marked[b] == "#"
    with pytest.raises(ValueError):
        mark(text, (16, 23), (0, 6))


def test_a_long_sentence_is_cut_to_a_window_around_the_pair(tok) -> None:
    text = ("Pada hari Senin " * 40) + "Polisi menangkap tersangka itu. " + ("Lalu " * 40)
    s = text.index("Polisi")
    t = text.index("tersangka")
    enc = encode(tok, text, (s, s + 6), (t, t + 9), max_len=48)
    assert len(enc.ids) == 48 and enc.ids[0] == BOS and enc.ids[-1] == EOS
    assert tok.id_to_token(enc.ids[enc.a_pos]).endswith("@")
    assert tok.id_to_token(enc.ids[enc.b_pos]).endswith("#")


def _root(clf: PairClassifier, text: str, first: str, second: str | None) -> tuple[str, float]:
    a = text.index(first)
    b = text.index(second) if second else None
    sc = clf.score([(text, (a, a + len(first)), (b, b + len(second)) if second else None)])[0]
    roots = {k: v for k, v in sc.roots.items() if k != "NONE"}
    best = max(roots, key=roots.__getitem__)
    return best, sc.reversed


@pytest.mark.parametrize("text,first,second,root", [
    ("Israeli troops shot dead a Palestinian man near Hebron on Friday.",
     "Israeli troops", "a Palestinian man", "ASSAULT"),
    ("Polisi menangkap tiga orang tersangka pengedar narkoba di Medan.",
     "Polisi", "tiga orang tersangka", "COERCE"),
    ("Menteri Luar Negeri Retno Marsudi bertemu Menlu Australia Julie Bishop di Jakarta.",
     "Menteri Luar Negeri Retno Marsudi", "Menlu Australia Julie Bishop", "CONSULT"),
    ("The opposition urged the government to release all political prisoners.",
     "The opposition", "the government", "REQUEST"),
])
def test_clear_events_in_both_languages(text, first, second, root) -> None:
    assert _root(PairClassifier.load(), text, first, second)[0] == root


def test_direction_of_a_passive(tok) -> None:
    clf = PairClassifier.load()
    text = "Dua wartawan dipukuli oleh aparat keamanan saat meliput demonstrasi."
    root, rev = _root(clf, text, "Dua wartawan", "aparat keamanan")
    assert root == "ASSAULT" and rev > 0.5  # the second actor (the police) is the source


def test_scores_are_cached_and_calibrated() -> None:
    clf = PairClassifier.load()
    cand = ("Warga memblokade jalan menuju pabrik semen.", (0, 5), None)
    first = clf.score([cand])[0]
    assert clf.score([cand])[0] is first
    assert abs(sum(first.roots.values()) - 1) < 1e-4
