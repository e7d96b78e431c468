"""The baseline on the phone: the task's reference kernel, built and timed there exactly as the candidate is.

MNN's own kernel needs MNN's Android build on the phone; without it, the reference kernel
(`tasks/reference_kernels/<MNN OpType>/`) is the yardstick, and the result's `Baseline.source` says
"reference". It answers the same `time(...)` call as the host's MnnSession, so the evaluation
interleaves it around the candidate the same way.
"""

from __future__ import annotations

import numpy as np

from tasks.prepare import PreparedTask
from tasks.task import TaskError
from toolchain.baseline import BaselineError
from toolchain.builder import BuildError
from toolchain.candidate import Candidate
from toolchain.runner import RunRequest, TimingPlan
from toolchain.sandbox import SandboxError
from toolchain.targets import Target


class ReferenceBaseline:
    source = "reference"

    def __init__(self, target: Target, prepared: PreparedTask, trial: tuple[np.ndarray, ...], threads: int) -> None:
        op_type = prepared.mnn_op_type
        try:
            reference = Candidate.reference(str(op_type))
        except TaskError:
            raise BaselineError(f"there is no reference kernel for {op_type} to time on {target.name}") from None
        try:
            build = target.builder.build(reference)
        except (BuildError, OSError) as exc:
            raise BaselineError(f"the reference kernel could not be built: {exc}") from None
        if not build.ok:
            first = build.errors[0] if build.errors else "compile failed"
            raise BaselineError(f"the reference kernel for {op_type} does not build with {build.toolchain}: {first}")
        assert build.exe is not None
        self.exe, self.target, self.prepared, self.trial, self.threads = build.exe, target, prepared, trial, threads

    def time(self, warmup: int, min_repeats: int, min_time_ms: float, max_repeats: int = 100000) -> list[float]:
        """Samples of one onExecute each, in milliseconds, from the device."""
        p = self.prepared
        request = RunRequest(op=p.op or {}, inputs=tuple(o.tensor for o in p.op_inputs), outputs=p.outputs,
                             trials=(self.trial,), threads=self.threads,
                             timing=TimingPlan(warmup, min_repeats, min_time_ms, max_repeats))
        try:
            outcome = self.target.runner.run(self.exe, request)
        except SandboxError as exc:
            raise BaselineError(f"the reference kernel could not be timed: {exc}") from None
        if outcome.failure is not None:
            raise BaselineError(f"the reference kernel failed on {self.target.name}: {outcome.message}")
        return [s / 1e6 for s in outcome.samples_ns]
