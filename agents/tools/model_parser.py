"""Model Parser: the task's ONNX node and MNN op as compact JSON.

Long constant arrays (LayerNorm's 768 gammas) are summarised — length, min, max, first values — so the
prompt carries the op's structure, not kilobytes of numbers the kernel reads at run time anyway.
"""

from __future__ import annotations

import json
from typing import Any

from tasks.prepare import PreparedTask

MAX_LIST = 8


def compact(value: Any) -> Any:
    if isinstance(value, list):
        if len(value) > MAX_LIST and all(isinstance(v, int | float) for v in value):
            return {"len": len(value), "min": min(value), "max": max(value), "first": value[:4]}
        return [compact(v) for v in value[: MAX_LIST * 4]]
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items()}
    return value


def onnx_node(prepared: PreparedTask) -> dict[str, Any]:
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(prepared.onnx_path))
    g = model.graph
    node = next((n for n in g.node if n.op_type != "Constant"), None)
    if node is None:
        return {}
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim] for v in (*g.input, *g.output)}
    return {
        "op_type": node.op_type,
        "inputs": [{"name": n, "shape": shapes.get(n) or (list(inits[n].shape) if n in inits else None),
                    "initializer": n in inits} for n in node.input],
        "outputs": [{"name": n, "shape": shapes.get(n)} for n in node.output],
        "attributes": {a.name: compact(_attr(helper.get_attribute_value(a))) for a in node.attribute},
    }


def _attr(v: Any) -> Any:
    if isinstance(v, bytes):
        return v.decode(errors="replace")
    if isinstance(v, list):
        return [_attr(x) for x in v]
    return v if isinstance(v, int | float | str) else str(v)


def mnn_op(prepared: PreparedTask) -> dict[str, Any]:
    op = prepared.op or {}
    return {
        "type": op.get("type"), "main_type": op.get("main_type"), "main": compact(op.get("main")),
        "inputs": [o.tensor.to_json() | {"constant": o.const is not None} for o in prepared.op_inputs],
        "outputs": [o.to_json() for o in prepared.outputs],
    }


def describe_model(prepared: PreparedTask) -> str:
    return json.dumps({"onnx_node": onnx_node(prepared), "mnn_op": mnn_op(prepared)}, separators=(",", ":"))
