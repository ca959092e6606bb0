"""The pair model in torch (training only): E5's encoder, cut to its first layers, and heads.

A candidate is a sentence window with the two actors marked (`@ … @` around the first in text
order, `# … #` around the second; a single actor has only `@`). The encoder's states at the
sentence start, the mean over tokens and the states at the two opening markers feed two heads:
the PLOVER root (or NONE) and the direction (does the first marked actor act on the second, or
the second on the first). The same function is exported to ONNX for the product.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, ffn: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(hidden, hidden)
        self.k = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, hidden)
        self.ao = nn.Linear(hidden, hidden)
        self.aln = nn.LayerNorm(hidden, eps=eps)
        self.fi = nn.Linear(hidden, ffn)
        self.fo = nn.Linear(ffn, hidden)
        self.oln = nn.LayerNorm(hidden, eps=eps)
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, n, h = x.shape
        hd = h // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, self.heads, hd).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(hd) + bias
        ctx = torch.matmul(att.softmax(-1), v).transpose(1, 2).reshape(b, n, h)
        x = self.aln(x + self.drop(self.ao(ctx)))
        return self.oln(x + self.drop(self.fo(nn.functional.gelu(self.fi(x)))))


class PairModel(nn.Module):
    def __init__(self, vocab: int, hidden: int = 384, layers: int = 12, heads: int = 12,
                 ffn: int = 1536, max_positions: int = 512, eps: float = 1e-12,
                 n_roots: int = 17) -> None:
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.pos = nn.Embedding(max_positions, hidden)
        self.type_emb = nn.Parameter(torch.zeros(hidden))
        self.eln = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(Layer(hidden, heads, ffn, eps) for _ in range(layers))
        self.drop = nn.Dropout(0.1)
        self.root_head = nn.Sequential(nn.Linear(4 * hidden, hidden), nn.Tanh(),
                                       nn.Linear(hidden, n_roots))
        self.dir_head = nn.Sequential(nn.Linear(4 * hidden, hidden), nn.Tanh(),
                                      nn.Linear(hidden, 2))

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, a_pos: torch.Tensor,
                b_pos: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        n = ids.shape[1]
        positions = torch.arange(n, device=ids.device).unsqueeze(0)
        x = self.eln(self.word(ids) + self.pos(positions) + self.type_emb)
        maskf = mask.to(x.dtype)
        bias = ((1.0 - maskf) * -1e4)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        mean = (x * maskf.unsqueeze(-1)).sum(1) / maskf.sum(1, keepdim=True)
        rows = torch.arange(x.shape[0], device=ids.device)
        feats = torch.cat([x[:, 0], mean, x[rows, a_pos], x[rows, b_pos]], dim=-1)
        feats = self.drop(feats)
        return self.root_head(feats), self.dir_head(feats)


def from_e5(tensors: dict[str, np.ndarray], config: dict, keep_ids: list[int] | None,
            layers: int, n_roots: int) -> PairModel:
    """A PairModel whose encoder is E5's first `layers` layers (vocabulary cut to keep_ids)."""
    word = tensors["emb.word"]
    if keep_ids is not None:
        word = word[np.asarray(keep_ids)]
    model = PairModel(vocab=word.shape[0], hidden=config["hidden"], layers=layers,
                      heads=config["heads"], ffn=config["ffn"],
                      max_positions=config["max_positions"], eps=config["eps"], n_roots=n_roots)
    t = torch.from_numpy
    with torch.no_grad():
        model.word.weight.copy_(t(word))
        model.pos.weight.copy_(t(tensors["emb.pos"]))
        model.type_emb.copy_(t(tensors["emb.type"][0]))
        model.eln.weight.copy_(t(tensors["emb.ln.w"]))
        model.eln.bias.copy_(t(tensors["emb.ln.b"]))
        for i, layer in enumerate(model.layers):
            for name in ("q", "k", "v", "ao", "fi", "fo"):
                lin = getattr(layer, name)
                lin.weight.copy_(t(tensors[f"l{i}.{name}.w"]))
                lin.bias.copy_(t(tensors[f"l{i}.{name}.b"]))
            for name in ("aln", "oln"):
                norm = getattr(layer, name)
                norm.weight.copy_(t(tensors[f"l{i}.{name}.w"]))
                norm.bias.copy_(t(tensors[f"l{i}.{name}.b"]))
    return model
