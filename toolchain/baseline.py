"""MNN's own kernel as the baseline: the task's converted model run by the `mnn` package's Session API.

The Session API adds about half a microsecond per call on top of the op itself (measured by
`benchmarks/baseline_overhead.py`); MNN's inserted layout conversions (NCHW <-> NC4HW4 around Conv and
Pool) are part of what it runs and so part of the baseline.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """MNN prints banners on the C-level stdout; `mkb ... --json` owns stdout, so send them away."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


class BaselineError(Exception):
    """MNN could not run the model; one sentence."""


class MnnSession:
    def __init__(self, mnn_path: Path, threads: int) -> None:
        with quiet_stdout():
            import _mnncengine as mnn  # the engine itself; never the MNN.tools wrappers

            self._mnn = mnn
            self.interp = mnn.Interpreter(str(mnn_path))
            self.session = self.interp.createSession({"numThread": threads, "backend": "CPU", "precision": "high"})
        if self.session is None:
            raise BaselineError("MNN could not create a session for the converted model")
        self.inputs = self.interp.getSessionInputAll(self.session)

    def set_inputs(self, named: dict[str, np.ndarray]) -> None:
        mnn = self._mnn
        for name, a in named.items():
            if name not in self.inputs:
                continue  # MNN folded this input away
            tensor = self.inputs[name]
            if np.issubdtype(a.dtype, np.floating):
                host = mnn.Tensor(a.shape, mnn.Halide_Type_Float, np.ascontiguousarray(a, np.float32),
                                  mnn.Tensor_DimensionType_Caffe)
            else:
                host = mnn.Tensor(a.shape, mnn.Halide_Type_Int, np.ascontiguousarray(a, np.int32),
                                  mnn.Tensor_DimensionType_Caffe)
            tensor.copyFrom(host)

    def run(self) -> None:
        self.interp.runSession(self.session)

    def outputs(self) -> dict[str, np.ndarray]:
        mnn = self._mnn
        out = {}
        for name, tensor in self.interp.getSessionOutputAll(self.session).items():
            shape = tensor.getShape()
            is_float = tensor.getDataType() == mnn.Halide_Type_Float
            dtype = np.float32 if is_float else np.int32
            host = mnn.Tensor(shape, mnn.Halide_Type_Float if is_float else mnn.Halide_Type_Int,
                              np.zeros(shape, dtype), mnn.Tensor_DimensionType_Caffe)
            tensor.copyToHostTensor(host)
            out[name] = np.array(host.getNumpyData(), copy=True).reshape(shape)
        return out

    def time(self, warmup: int, min_repeats: int, min_time_ms: float, max_repeats: int = 100000) -> list[float]:
        """Samples of one session run each, in milliseconds."""
        for _ in range(warmup):
            self.run()
        samples: list[float] = []
        total = 0.0
        clock = time.perf_counter
        while (len(samples) < min_repeats or total < min_time_ms) and len(samples) < max_repeats:
            t0 = clock()
            self.interp.runSession(self.session)
            dt = (clock() - t0) * 1e3
            samples.append(dt)
            total += dt
        return samples
