"""Turn a candidate (sentence, first actor span, second actor span) into model input.

Shared by training and the product, so that both see exactly the same ids: the first actor in
text order is wrapped in `@ … @`, the second in `# … #` (typed punctuation markers need no new
vocabulary), the text is tokenised by the shipped unigram tokenizer, and a long sentence is
cut to a window of `max_len` tokens around the two actors.
"""

from __future__ import annotations

from dataclasses import dataclass

from tokenizers import Tokenizer

BOS, PAD, EOS = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Encoded:
    ids: list[int]
    a_pos: int  # token index of the first actor's opening marker
    b_pos: int  # of the second actor's (the first's again for a single actor; 0 unmarked)


def mark(text: str, a: tuple[int, int] | None, b: tuple[int, int] | None
         ) -> tuple[str, int, int]:
    """The marked text and the character offsets of the two opening markers (-1: none)."""
    if a is None:
        return text, -1, -1
    if b is not None and b[0] < a[0]:
        raise ValueError("spans must be in text order")
    if b is None:
        marked = f"{text[:a[0]]}@ {text[a[0]:a[1]]} @{text[a[1]:]}"
        return marked, a[0], -1
    if b[0] < a[1]:
        raise ValueError("spans overlap")
    marked = (f"{text[:a[0]]}@ {text[a[0]:a[1]]} @{text[a[1]:b[0]]}"
              f"# {text[b[0]:b[1]]} #{text[b[1]:]}")
    return marked, a[0], b[0] + 4


def encode(tok: Tokenizer, text: str, a: tuple[int, int] | None,
           b: tuple[int, int] | None, max_len: int = 64) -> Encoded:
    marked, a_char, b_char = mark(text, a, b)
    enc = tok.encode(marked, add_special_tokens=False)
    ids = enc.ids
    a_tok = enc.char_to_token(a_char) if a_char >= 0 else None
    b_tok = enc.char_to_token(b_char) if b_char >= 0 else None
    body = max_len - 2
    lo, hi = 0, len(ids)
    if len(ids) > body:
        # The actors' stretch (from the first marker to just past the second actor), then
        # context on both sides, as much as fits.
        first = a_tok if a_tok is not None else 0
        last = (b_tok if b_tok is not None else first) + 8
        last = min(last, len(ids))
        spare = max(body - (last - first), 0)
        lo = max(0, first - spare // 2)
        hi = min(len(ids), lo + body)
        lo = max(0, hi - body)
    window = [BOS, *ids[lo:hi], EOS]

    def place(t: int | None) -> int:
        if t is None or not lo <= t < hi:
            return 0
        return t - lo + 1

    a_pos = place(a_tok)
    b_pos = place(b_tok) if b is not None else a_pos
    return Encoded(window, a_pos, b_pos)


def batch_arrays(items: list[Encoded]):
    """Pad a batch: ids, mask, a_pos, b_pos as int64 numpy arrays."""
    import numpy as np

    n = max(len(e.ids) for e in items)
    ids = np.full((len(items), n), PAD, dtype=np.int64)
    mask = np.zeros((len(items), n), dtype=np.int64)
    for i, e in enumerate(items):
        ids[i, :len(e.ids)] = e.ids
        mask[i, :len(e.ids)] = 1
    a = np.array([e.a_pos for e in items], dtype=np.int64)
    b = np.array([e.b_pos for e in items], dtype=np.int64)
    return ids, mask, a, b
