"""What the MNN baseline's Session API adds on top of the op itself.

Times `runSession` of a one-element ReLU model (the op does next to nothing, so the figure is the
session's per-call overhead) and, for scale, the same on LayerNorm_vision's model.

    python benchmarks/baseline_overhead.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tasks.mnn_convert import convert  # noqa: E402
from tasks.prepare import prepare  # noqa: E402
from tasks.registry import get_task  # noqa: E402
from toolchain.baseline import MnnSession  # noqa: E402


def _median_us(session: MnnSession) -> float:
    return statistics.median(session.time(warmup=100, min_repeats=2000, min_time_ms=200)) * 1e3


def main() -> None:
    import onnx
    from onnx import TensorProto, helper

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "trivial",
                                  [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
                                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
        onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)]), d / "t.onnx")
        convert(d / "t.onnx", d / "t.mnn", d / "t.json")
        trivial = MnnSession(d / "t.mnn", threads=1)
        trivial.set_inputs({"x": np.ones(1, np.float32)})
        t_us = _median_us(trivial)
    p = prepare(get_task("LayerNorm_vision"))
    ln = MnnSession(p.mnn_path, threads=1)
    ln.set_inputs({p.inputs[0].name: p.draw_inputs(0)[0]})
    ln_us = _median_us(ln)
    print(f"MNN Session API, 1 thread: runSession of a 1-element ReLU: median {t_us:.2f} µs "
          "(the session's own per-call overhead, Python call included)")
    print(f"LayerNorm_vision for scale: median {ln_us:.2f} µs; the overhead is {100 * t_us / ln_us:.1f}% of it")


if __name__ == "__main__":
    main()
