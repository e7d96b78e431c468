"""Declarative task inputs: what `get_inputs()` draws, written once, drawn by torch or numpy.

A task file lists its inputs as specs (`randn(1, 196, 768)`), so the evaluator can draw fresh seeded
inputs with numpy — without importing torch on every `mkb eval` — from the same distributions that
`get_inputs()` draws with torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

DTYPES = ("float32", "float16", "int64", "int32", "uint8", "int8", "bool")


@dataclass(frozen=True)
class InputSpec:
    kind: str  # "rand" (uniform [0,1)), "randn" (normal), "randint" [low, high), "zeros", "full"
    shape: tuple[int, ...]
    dtype: str = "float32"
    low: float = 0
    high: float = 1
    value: float = 0.0  # for "full"
    name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.kind not in ("rand", "randn", "randint", "zeros", "full"):
            raise ValueError(f"unknown input constructor {self.kind!r}")
        if self.dtype not in DTYPES:
            raise ValueError(f"unsupported input dtype {self.dtype!r}")
        object.__setattr__(self, "shape", tuple(int(s) for s in self.shape))

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "shape": list(self.shape), "dtype": self.dtype,
                "low": self.low, "high": self.high, "value": self.value, "name": self.name}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> InputSpec:
        return cls(d["kind"], tuple(d["shape"]), d["dtype"], d.get("low", 0), d.get("high", 1),
                   d.get("value", 0.0), d.get("name", ""))

    def draw(self, rng: np.random.Generator) -> np.ndarray:
        if self.kind == "rand":
            a = rng.random(self.shape, dtype=np.float64)
        elif self.kind == "randn":
            a = rng.standard_normal(self.shape)
        elif self.kind == "randint":
            a = rng.integers(int(self.low), int(self.high), self.shape)
        elif self.kind == "zeros":
            a = np.zeros(self.shape)
        else:
            a = np.full(self.shape, self.value)
        return np.asarray(a).astype(self.dtype)


def _shape(dims: Sequence[Any]) -> tuple[int, ...]:
    if len(dims) == 1 and isinstance(dims[0], tuple | list):
        return tuple(dims[0])
    return tuple(dims)


def rand(*dims: Any, dtype: str = "float32") -> InputSpec:
    return InputSpec("rand", _shape(dims), dtype)


def randn(*dims: Any, dtype: str = "float32") -> InputSpec:
    return InputSpec("randn", _shape(dims), dtype)


def randint(low: int, high: int, shape: Sequence[int], dtype: str = "int64") -> InputSpec:
    return InputSpec("randint", tuple(shape), dtype, low, high)


def zeros(*dims: Any, dtype: str = "float32") -> InputSpec:
    return InputSpec("zeros", _shape(dims), dtype)


def full(shape: Sequence[int], value: float, dtype: str = "float32") -> InputSpec:
    return InputSpec("full", tuple(shape), dtype, value=value)


def draw_numpy(specs: Sequence[InputSpec], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [s.draw(rng) for s in specs]


def draw_torch(specs: Sequence[InputSpec], seed: int | None = None) -> list[Any]:
    """The same inputs as torch tensors (what a KernelBench-style `get_inputs()` returns)."""
    import torch

    gen = torch.Generator().manual_seed(seed if seed is not None else torch.initial_seed() % 2**63)
    out = []
    for s in specs:
        dt = getattr(torch, s.dtype)
        if s.kind == "rand":
            t = torch.rand(s.shape, generator=gen).to(dt)
        elif s.kind == "randn":
            t = torch.randn(s.shape, generator=gen).to(dt)
        elif s.kind == "randint":
            t = torch.randint(int(s.low), int(s.high), s.shape, generator=gen).to(dt)
        elif s.kind == "zeros":
            t = torch.zeros(s.shape, dtype=dt)
        else:
            t = torch.full(s.shape, s.value).to(dt)
        out.append(t)
    return out
