"""The encoder's token states as a second output of the shipped pair model.

The name tagger's head (`warta/actors/ner/encoder.py`) reads the same encoder as the event
model: `pair.onnx` carries, besides the root and direction logits, `states`, the output of
its second-to-last layer for every token (on the name task it beats the last, which the pair
task has specialised: annotations/reports/name_head.json). Training adds the output after
quantisation (`export_onnx`); nothing is recomputed.
"""

from __future__ import annotations

from pathlib import Path

STATES = "states"


def states_layer(layers: int) -> int:
    """Which encoder layer (0-based) `states` exposes for a model of `layers` layers."""
    return max(layers - 2, 0)


def add_states_output(path: Path, layers: int) -> None:
    """Expose encoder layer `states_layer(layers)` of the ONNX file at `path` as `states`."""
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(path))
    graph = model.graph
    if any(o.name == STATES for o in graph.output):
        return
    prefix = f"/layers.{states_layer(layers)}/oln/"
    found = [n for n in graph.node if n.name.startswith(prefix) and n.op_type ==
             "LayerNormalization"]
    if len(found) != 1:
        raise ValueError(f"{path}: no single LayerNormalization under {prefix!r}")
    graph.node.append(helper.make_node("Identity", [found[0].output[0]], [STATES],
                                       name="states_identity"))
    graph.output.append(helper.make_tensor_value_info(STATES, TensorProto.FLOAT,
                                                      ["B", "N", "H"]))
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
