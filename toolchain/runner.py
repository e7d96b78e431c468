"""The Runner: one built kernel, one set of trial inputs → raw outputs, timing samples, or what went wrong.

It speaks the driver protocol (`toolchain/driver/PROTOCOL.md`) in a fresh empty directory and runs the
executable in the sandbox. It knows nothing of references or tolerances: the kernel's outputs come back
as arrays and `toolchain.verify` judges them.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tasks.prepare import TensorSpec, buffer_elements
from toolchain import sandbox


@dataclass(frozen=True)
class TimingPlan:
    warmup: int = 3
    min_repeats: int = 10
    min_time_ms: float = 30.0
    max_repeats: int = 100000

    def to_json(self) -> dict[str, Any]:
        return {"warmup": self.warmup, "min_repeats": self.min_repeats, "min_time_ms": self.min_time_ms,
                "max_repeats": self.max_repeats}


@dataclass(frozen=True)
class RunRequest:
    op: dict[str, Any]
    inputs: tuple[TensorSpec, ...]
    outputs: tuple[TensorSpec, ...]
    trials: tuple[tuple[np.ndarray, ...], ...]  # per trial, one buffer per op input (already in layout)
    threads: int = 1
    timing: TimingPlan | None = TimingPlan()

    def run_json(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "threads": self.threads,
            "inputs": [_stored(t) for t in self.inputs],
            "outputs": [_stored(t) for t in self.outputs],
            "trials": len(self.trials),
            "timing": self.timing.to_json() if self.timing else None,
        }


def _stored(t: TensorSpec) -> dict[str, Any]:
    """The driver takes NHWC shapes in stored order (N, H, W, C); our specs keep them logical (NCHW)."""
    d = t.to_json()
    if t.format == "NHWC" and len(t.shape) >= 3:
        d["shape"] = [t.shape[0], *t.shape[2:], t.shape[1]]
    return d


@dataclass(frozen=True)
class RunOutcome:
    """What the driver reported. `failure` is None when every trial ran and nothing was violated."""

    outputs: tuple[tuple[np.ndarray, ...], ...] = ()  # per finished trial, raw buffers
    post_timing: tuple[np.ndarray, ...] = ()  # outputs written again after the timing loop
    samples_ns: tuple[int, ...] = ()
    failure: str | None = None  # "timeout", "crash", or a driver error kind (out_of_bounds, ...)
    message: str = ""
    stage: str = ""
    wall_ms: float = 0.0
    stderr_tail: str = field(default="", repr=False)


def _read(path: Path, spec: TensorSpec) -> np.ndarray | None:
    if not path.exists():
        return None
    data = np.fromfile(path, dtype=spec.dtype)
    return data if data.size == buffer_elements(spec) else None


def last_stage(stderr: str) -> str:
    stages = [ln[len("stage: "):].strip() for ln in stderr.splitlines() if ln.startswith("stage: ")]
    return stages[-1] if stages else "start-up"


_STAGE_WORDS = {"load": "while loading inputs", "create": "in the creator's onCreate", "resize": "in onResize",
                "timing": "during the timing loop", "write": "while writing outputs", "start-up": "before main"}


def stage_phrase(stage: str) -> str:
    if stage.startswith("execute trial"):
        return f"in onExecute (trial {stage.split()[-1]})"
    return _STAGE_WORDS.get(stage, f"during {stage}")


class LocalRunner:
    """Runs on this machine, in the sandbox."""

    def __init__(self, limits: sandbox.Limits | None = None) -> None:
        self.limits = limits or sandbox.Limits()

    def run(self, exe: Path, request: RunRequest) -> RunOutcome:
        work = Path(tempfile.mkdtemp(prefix="mkb-run-"))
        try:
            return self._run_in(exe, request, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _run_in(self, exe: Path, request: RunRequest, work: Path) -> RunOutcome:
        (work / "run.json").write_text(json.dumps(request.run_json()))
        for t, buffers in enumerate(request.trials):
            for i, buf in enumerate(buffers):
                np.ascontiguousarray(buf).tofile(work / f"in_{t}_{i}.bin")
        shutil.copy2(exe, work / "kernel")  # the sandbox user may not read our cache dir
        sandbox.prepare_workdir(work)
        res = sandbox.run(["./kernel", "run.json"], work, self.limits, env={"MKB_THREADS": str(request.threads)})
        return collect(work, request, res)


def collect(work: Path, request: RunRequest, res: sandbox.SandboxResult) -> RunOutcome:
    """Read what the driver left in `work` (shared with remote runners that pull files back)."""
    stage = last_stage(res.stderr)
    outputs = []
    for t in range(len(request.trials)):
        bufs = [_read(work / f"out_{t}_{j}.bin", spec) for j, spec in enumerate(request.outputs)]
        if any(b is None for b in bufs):
            break
        outputs.append(tuple(bufs))
    post = [_read(work / f"post_{j}.bin", spec) for j, spec in enumerate(request.outputs)]
    base = dict(outputs=tuple(outputs), post_timing=tuple(p for p in post if p is not None), stage=stage,
                wall_ms=res.wall_ms, stderr_tail=res.stderr[-4000:])
    limit_s = f"{res.wall_ms / 1e3:.1f} s"
    if res.timed_out:
        return RunOutcome(**base, failure="timeout",
                          message=f"the kernel did not finish within {limit_s} ({stage_phrase(stage)})")
    result_path = work / "result.json"
    if res.returncode != 0 or not result_path.exists():
        return RunOutcome(**base, failure="crash", message=_crash_message(res, stage))
    try:
        result = json.loads(result_path.read_text())
    except ValueError:
        return RunOutcome(**base, failure="crash", message="the driver's result file is unreadable")
    samples = tuple(int(s) for s in (result.get("timing") or {}).get("samples_ns") or ())
    err = result.get("error")
    if err:
        return RunOutcome(**{**base, "post_timing": ()}, samples_ns=samples, failure=str(err.get("kind")),
                          message=str(err.get("message", "")))
    return RunOutcome(**base, samples_ns=samples)


def _crash_message(res: sandbox.SandboxResult, stage: str) -> str:
    sig = res.signal_name
    where = stage_phrase(stage)
    if sig == "SIGSEGV":
        return f"the kernel crashed with SIGSEGV (invalid memory access) {where}"
    if sig == "SIGXCPU":
        return f"the kernel used up its CPU-time limit {where}"
    if sig == "SIGXFSZ":
        return f"the kernel wrote a file over the size limit {where}"
    if sig == "SIGABRT":
        hint = " (out of memory: the address-space limit was hit)" if "bad_alloc" in res.stderr else ""
        return f"the kernel aborted (SIGABRT){hint} {where}"
    if sig:
        return f"the kernel was killed by {sig} {where}"
    return f"the kernel exited with status {res.returncode} {where}"

