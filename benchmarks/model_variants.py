"""What each event-model variant costs: candidates per CPU-second on one thread, and file size.

    .venv/bin/python benchmarks/model_variants.py        # needs the `train` extra (torch)

Builds the pair model with E5-small's first 12, 6, 4 and 2 layers (speed does not depend on
the weights' values, so the bundled E5 weights are used untrained), exports each to ONNX,
quantizes it to int8 as `warta-train final` does, and times onnxruntime on batches of 32
candidates of 32 and 48 tokens (news sentences' windows are mostly 30-60 tokens). Also
times the shipped model on real candidates when ../shared is present.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def time_session(path: Path, batch: int, length: int, repeats: int = 8) -> float:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    feed = {"ids": rng.integers(5, 20000, (batch, length)).astype(np.int64),
            "mask": np.ones((batch, length), dtype=np.int64),
            "a": np.full(batch, 2, dtype=np.int64), "b": np.full(batch, 9, dtype=np.int64)}
    session.run(None, feed)
    t0 = time.process_time()
    for _ in range(repeats):
        session.run(None, feed)
    return repeats * batch / (time.process_time() - t0)


def main() -> int:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from warta.events.model import e5_import
    from warta.events.model.network import from_e5

    torch.set_num_threads(1)
    ckpt = e5_import.load()
    keep = list(range(60000))
    print("| layers | weights | MB | cand/CPU-s @32 tok | cand/CPU-s @48 tok |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for layers in (12, 6, 4, 2):
            model = from_e5(ckpt.tensors, ckpt.config, keep, layers, 17).eval()
            ids = torch.randint(5, 100, (2, 24))
            fp32 = Path(tmp) / f"m{layers}.onnx"
            torch.onnx.export(model, (ids, torch.ones(2, 24, dtype=torch.long),
                                      torch.tensor([1, 1]), torch.tensor([5, 5])), str(fp32),
                              input_names=["ids", "mask", "a", "b"],
                              output_names=["root", "dir"], opset_version=17, dynamo=False,
                              dynamic_axes={k: {0: "B", 1: "N"} for k in ("ids", "mask")}
                              | {k: {0: "B"} for k in ("a", "b", "root", "dir")})
            int8 = Path(tmp) / f"m{layers}.int8.onnx"
            quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8,
                             per_channel=True)
            for name, path in (("fp32", fp32), ("int8", int8)):
                r32, r48 = time_session(path, 32, 32), time_session(path, 32, 48)
                print(f"| {layers} | {name} | {path.stat().st_size / 1e6:.0f} | {r32:.0f} | "
                      f"{r48:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
