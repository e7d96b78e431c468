"""Reference outputs from onnxruntime on the task's ONNX model (the kernel process never sees them)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np


@cache
def _session(onnx_path: Path):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    return ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])


def reference_outputs(onnx_path: Path, names: list[str], inputs: list[np.ndarray]) -> list[np.ndarray]:
    return _session(onnx_path).run(None, dict(zip(names, inputs)))
