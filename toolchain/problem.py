"""What the evaluation engine needs of a task, and the tensor types it shares with the benchmark.

The benchmark (`tasks/`) prepares a task into something that satisfies `Problem`; the engine
(`toolchain/evaluate.py`), the runners and the device baselines take only that, so nothing on this
floor imports the benchmark: the arrow runs one way, from `tasks/` down to here.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from toolchain.candidate import Candidate


@dataclass(frozen=True)
class TensorSpec:
    name: str
    shape: tuple[int, ...]
    dtype: str  # as the kernel sees it (int64 narrowed to int32)
    format: str = "NCHW"  # NCHW, NHWC or NC4HW4, as MNN hands it to the op

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "shape": list(self.shape), "dtype": self.dtype, "format": self.format}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> TensorSpec:
        return cls(d["name"], tuple(d["shape"]), d["dtype"], d.get("format", "NCHW"))


@dataclass(frozen=True)
class OpInput:
    """One input of the MNN op: a graph input (by index) or a constant folded into the model."""

    tensor: TensorSpec
    graph_input: int | None = None
    const: tuple[float, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"tensor": self.tensor.to_json(), "graph_input": self.graph_input,
                "const": list(self.const) if self.const is not None else None}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> OpInput:
        c = d.get("const")
        return cls(TensorSpec.from_json(d["tensor"]), d.get("graph_input"), tuple(c) if c is not None else None)


class GraphInput(Protocol):
    """One input of the task's graph, as the engine sees it."""

    @property
    def name(self) -> str: ...
    @property
    def shape(self) -> tuple[int, ...]: ...


class Problem(Protocol):
    """A prepared task: the op a candidate implements, its tensors, how inputs are drawn, and the models
    the references (onnxruntime) and the baseline (MNN) come from."""

    @property
    def id(self) -> str: ...
    @property
    def atol(self) -> float: ...
    @property
    def rtol(self) -> float: ...
    @property
    def inputs(self) -> Sequence[GraphInput]: ...
    @property
    def outputs(self) -> tuple[TensorSpec, ...]: ...
    @property
    def op(self) -> dict[str, Any] | None: ...
    @property
    def op_inputs(self) -> tuple[OpInput, ...]: ...
    @property
    def mnn_op_type(self) -> str | None: ...
    @property
    def onnx_path(self) -> Path: ...
    @property
    def mnn_path(self) -> Path: ...
    @property
    def evaluable(self) -> bool: ...
    @property
    def problems(self) -> tuple[str, ...]: ...

    def draw_inputs(self, seed: int) -> list[np.ndarray]: ...
    def draw_verification_inputs(self, seed: int) -> list[np.ndarray]: ...
    def op_input_arrays(self, graph_inputs: list[np.ndarray]) -> list[np.ndarray]: ...
    def reference_kernel(self) -> Candidate | None:
        """The suite's kernel for this op (a device target times it when MNN's own cannot run there)."""
        ...


def to_layout(a: np.ndarray, fmt: str) -> np.ndarray:
    """NCHW array → the buffer MNN hands a kernel in `fmt`. NC4HW4 packs channels by 4, zero-padded, in MNN's
    CPU order `[ceil(C/4)][N][H][W][4]`: channel blocks outermost, the batch inside each block."""
    if fmt == "NC4HW4":
        n, c = a.shape[0], a.shape[1]
        rest = a.shape[2:]
        c4 = -(-c // 4)
        padded = np.zeros((n, c4 * 4, *rest), dtype=a.dtype)
        padded[:, :c] = a
        packed = padded.reshape(n, c4, 4, *rest)  # [N][C4][4][rest]
        return np.ascontiguousarray(np.moveaxis(np.moveaxis(packed, 2, -1), 1, 0))  # [C4][N][rest][4]
    if fmt == "NHWC" and a.ndim >= 3:
        return np.ascontiguousarray(np.moveaxis(a, 1, -1))
    return np.ascontiguousarray(a)


def from_layout(buf: np.ndarray, spec: TensorSpec) -> np.ndarray:
    """The kernel's raw output buffer → a logical NCHW array of `spec.shape`."""
    shape = spec.shape
    if spec.format == "NC4HW4":
        n, c, rest = shape[0], shape[1], shape[2:]
        c4 = -(-c // 4)
        packed = buf.reshape(c4, n, *rest, 4)  # [C4][N][rest][4], as to_layout lays it out
        return np.moveaxis(np.moveaxis(packed, 0, 1), -1, 2).reshape(n, c4 * 4, *rest)[:, :c]
    if spec.format == "NHWC" and len(shape) >= 3:
        return np.moveaxis(buf.reshape(shape[0], *shape[2:], shape[1]), -1, 1)
    return buf.reshape(shape)


def buffer_elements(spec: TensorSpec) -> int:
    if spec.format == "NC4HW4":
        n, c = spec.shape[0], spec.shape[1]
        return int(n * (-(-c // 4)) * 4 * np.prod(spec.shape[2:], dtype=np.int64))
    return int(np.prod(spec.shape, dtype=np.int64))


def tool_version(name: str) -> str:
    """An installed package's version, or "none"."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def graph_inputs(problem: Problem, arrays: Sequence[np.ndarray]) -> tuple[tuple[TensorSpec, ...],
                                                                        tuple[np.ndarray, ...]]:
    """The whole model's inputs and their buffers for one set, as an MNN session takes them (NCHW; float32, or
    int32 for integer inputs: MNN runs int64 as int32)."""
    buffers = tuple(np.ascontiguousarray(a, np.float32 if np.issubdtype(a.dtype, np.floating) else np.int32)
                    for a in arrays)
    return tuple(TensorSpec(g.name, tuple(b.shape), str(b.dtype)) for g, b in zip(problem.inputs, buffers)), buffers


def graph_outputs(problem: Problem) -> tuple[TensorSpec, ...]:
    """The whole model's outputs, as an MNN session gives them (NCHW)."""
    return tuple(replace(o, format="NCHW") for o in problem.outputs)
