"""Does a task discriminate? The outputs of trivial kernels, judged by the real verification.

A task whose verification accepts a kernel that copies its input, writes zeros, writes one constant, or
replays the reference's output for other inputs, is a task an agent loop will "solve" without doing the
work. This builds each such kernel's outputs in Python (no compiler needed: what a kernel writes is all
verification sees) and runs them through `verify` against onnxruntime's reference, on the task's
domain-covering trials and on its declared trials. A trivial kernel is rejected if either set of
trials rejects it, as an evaluation that runs both does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tasks.prepare import PreparedTask
from toolchain.problem import TensorSpec
from toolchain.reference import reference_outputs
from toolchain.result import Status
from toolchain.verify import verify

COPY, ZEROS, CONSTANT, OTHER_SEED = "copies the input", "writes zeros", "writes a constant", \
    "replays another seed's reference"
TRIVIAL = (COPY, ZEROS, CONSTANT, OTHER_SEED)
SEEDS = (101, 102)

# Trivial kernels that are the op itself: (ONNX op, kernel) -> why accepting it is right.
EXPECTED: dict[tuple[str, str], str] = {
    ("Cast", COPY): "Cast is a copy with a change of dtype",
}


@dataclass(frozen=True)
class TrivialReport:
    task: str
    accepted: tuple[str, ...]  # trivial kernels that verification let through (a hole in the task)
    expected: tuple[str, ...]  # trivial kernels that are the op itself (EXPECTED), accepted rightly
    tried: tuple[str, ...]  # what was tried (copying needs an input of an output's shape)

    @property
    def ok(self) -> bool:
        return not self.accepted


def _as(a: np.ndarray, spec: TensorSpec) -> np.ndarray:
    with np.errstate(invalid="ignore", over="ignore"):
        return np.asarray(a).reshape(spec.shape).astype(spec.dtype)


def _fakes(kind: str, inputs: Sequence[np.ndarray], refs: Sequence[Sequence[np.ndarray]], t: int,
           specs: Sequence[TensorSpec], constants: Sequence[float]) -> list[np.ndarray] | None:
    """Trial t's outputs of one trivial kernel, or None if it cannot be built (no input to copy)."""
    if kind == ZEROS:
        return [np.zeros(s.shape, s.dtype) for s in specs]
    if kind == CONSTANT:
        return [np.full(s.shape, c).astype(s.dtype) for s, c in zip(specs, constants)]
    if kind == OTHER_SEED:
        return [_as(r, s) for r, s in zip(refs[(t + 1) % len(refs)], specs)]
    copied = []
    for s in specs:
        same = [a for a in inputs if tuple(np.shape(a)) == s.shape]
        if not same:
            return None
        copied.append(_as(same[0], s))
    return copied


def _constant(refs: Sequence[Sequence[np.ndarray]], i: int, spec: TensorSpec) -> float:
    """One value for every trial: the mean of the reference's finite values over all of them."""
    vals = np.concatenate([np.asarray(r[i], dtype=np.float64).ravel() for r in refs])
    vals = vals[np.isfinite(vals)]
    c = float(vals.mean()) if vals.size else 0.0
    return round(c) if not np.issubdtype(np.dtype(spec.dtype), np.floating) else c


def check_trivial(prepared: PreparedTask, seeds: Sequence[int] = SEEDS) -> TrivialReport:
    """Which trivial kernels this task's verification accepts (it should accept none)."""
    task, specs = prepared.task, prepared.outputs
    names = [s.name for s in prepared.inputs]
    families = [[prepared.draw_verification_inputs(s) for s in seeds], [prepared.draw_inputs(s) for s in seeds]]
    refs = [[reference_outputs(prepared.onnx_path, names, g) for g in fam] for fam in families]
    every = [r for fam in refs for r in fam]
    constants = [_constant(every, i, s) for i, s in enumerate(specs)]
    accepted, expected, tried = [], [], []
    for kind in TRIVIAL:
        passed_all, built = True, False
        for fam_inputs, fam_refs in zip(families, refs):
            outs = [_fakes(kind, fam_inputs[t], fam_refs, t, specs, constants) for t in range(len(seeds))]
            if any(o is None for o in outs):
                continue
            built = True
            verdict = verify(outs, fam_refs, specs, seeds, task.atol, task.rtol)
            passed_all = passed_all and verdict.status is Status.OK
        if not built:
            continue
        tried.append(kind)
        if passed_all:
            (expected if (task.onnx_op, kind) in EXPECTED else accepted).append(kind)
    return TrivialReport(task.id, tuple(accepted), tuple(expected), tuple(tried))
