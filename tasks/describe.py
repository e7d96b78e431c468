"""A task as plain JSON: what `mkb tasks --json` prints and what agents and screens are shown."""

from __future__ import annotations

from typing import Any

from tasks.prepare import prepare
from tasks.task import Task, TaskError


def describe(task: Task) -> dict[str, Any]:
    d: dict[str, Any] = {"id": task.id, "category": task.category, "onnx_op": task.onnx_op,
                         "atol": task.atol, "rtol": task.rtol, "notes": task.notes}
    try:
        p = prepare(task)
    except TaskError as exc:
        d.update(prepared=False, problems=[str(exc)])
        return d
    d.update(
        prepared=True,
        inputs=[{"name": s.name, "shape": list(s.shape), "dtype": s.dtype, "distribution": s.kind} for s in p.inputs],
        outputs=[{"name": s.name, "shape": list(s.shape), "dtype": s.dtype} for s in p.outputs],
        mnn_op_type=p.mnn_op_type,
        mnn_ops=list(p.mnn_ops),
        op_inputs=[o.tensor.to_json() | {"constant": o.const is not None} for o in p.op_inputs],
        filters={k: v.to_json() for k, v in p.filters.items()},
        baseline="timed by MNN's session (the mnn package)" if p.op else "not timed: " + "; ".join(p.problems),
        randomized_parameters=list(p.randomized),
        problems=list(p.problems),
    )
    return d
