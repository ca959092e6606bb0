"""Build the `tokenizers` tokenizer warta ships, from the E5 SentencePiece vocabulary.

The product tokenizes with the `tokenizers` library (a Rust wheel; no torch, no download)
from `tokenizer.json` beside the model. The vocabulary is pruned to the pieces that the
supported languages' text uses (plus every single-character piece, so that any input still
segments), and the model's embedding rows are cut to match (`prune`). Training only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram

SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")


def unigram_tokenizer(pieces: list[str], scores: list[float]) -> Tokenizer:
    """An XLM-R-style unigram tokenizer over `pieces` (ids 0-3 must be SPECIALS)."""
    if tuple(pieces[:4]) != SPECIALS:
        raise ValueError("the first four pieces must be <s> <pad> </s> <unk>")
    vocab = [(p, 0.0 if i < 4 else float(s)) for i, (p, s) in enumerate(zip(pieces, scores,
                                                                            strict=True))]
    tok = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.NFKC(),
        normalizers.Replace(Regex(r"[\u0000-\u0008\u000b\u000e-\u001f\u007f]"), ""),
        normalizers.Replace(Regex(r"\s+"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", 0), ("</s>", 2)])
    for i, sp in enumerate(SPECIALS):
        tok.add_special_tokens([sp]) if i == 0 else None
    return tok


def used_pieces(tok: Tokenizer, texts: Iterable[str]) -> Counter[int]:
    counts: Counter[int] = Counter()
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= 512:
            for enc in tok.encode_batch(batch):
                counts.update(enc.ids)
            batch = []
    for enc in tok.encode_batch(batch):
        counts.update(enc.ids)
    return counts


def prune(pieces: list[str], scores: list[float], keep_ids: set[int]) -> list[int]:
    """Old piece ids to keep, in order: the specials, the used pieces and every one-character
    piece (with and without the word marker), so that unseen words still segment."""
    keep = set(range(4)) | set(keep_ids)
    for i, p in enumerate(pieces):
        if len(p.lstrip("\u2581")) <= 1:
            keep.add(i)
    return sorted(keep)
