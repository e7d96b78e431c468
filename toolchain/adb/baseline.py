"""The baseline on the phone: MNN's own kernel when MNN's Android build is configured, else the reference kernel.

`MnnBaseline` (`Baseline.source` "mnn") pushes MNN's Android build (`libMNN.so` and any other `.so` beside
it, and MNN's `MNNV2Basic.out` benchmark tool) with the task's `model.mnn`, and runs the tool pinned
exactly as the candidate runs. `ReferenceBaseline` ("reference") builds the task's reference kernel
(`tasks/reference_kernels/<MNN OpType>/`) for the phone and times it exactly as the candidate is timed.
Both answer the same `time(...)` call as the host's MnnSession, so the evaluation interleaves either
around the candidate the same way.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import shlex
from pathlib import Path

import numpy as np

from toolchain.adb.runner import KILL_AFTER_S, AdbRunner
from toolchain.baseline import BaselineError
from toolchain.builder import BuildError
from toolchain.problem import Problem
from toolchain.runner import RunRequest, TimingPlan
from toolchain.sandbox import SandboxError
from toolchain.target_types import Target, TargetError


class ReferenceBaseline:
    source = "reference"
    interleaved = None  # timed by `time`, around the candidate's run on the phone

    def __init__(self, target: Target, prepared: Problem, trial: tuple[np.ndarray, ...], threads: int) -> None:
        op_type = prepared.mnn_op_type
        reference = prepared.reference_kernel()
        if reference is None:
            raise BaselineError(f"there is no reference kernel for {op_type} to time on {target.name}")
        try:
            build = target.builder.build(reference)
        except (BuildError, OSError) as exc:
            raise BaselineError(f"the reference kernel could not be built: {exc}") from None
        if not build.ok:
            first = build.errors[0] if build.errors else "compile failed"
            raise BaselineError(f"the reference kernel for {op_type} does not build with {build.toolchain}: {first}")
        assert build.exe is not None
        self.exe, self.target, self.prepared, self.trial, self.threads = build.exe, target, prepared, trial, threads

    def outputs(self) -> None:
        return None  # the phone's outputs are not pulled back for a baseline

    def time(self, warmup: int, min_repeats: int, min_time_ms: float, max_repeats: int = 100000) -> list[float]:
        """Samples of one onExecute each, in milliseconds, from the device."""
        p, runner = self.prepared, self.target.runner
        # The candidate's own deadline (evaluate gives it the limits' wall time), when the phone's runner has one.
        deadline = runner.limits.wall_s if isinstance(runner, AdbRunner) else RunRequest.deadline_s
        request = RunRequest(op=p.op or {}, inputs=tuple(o.tensor for o in p.op_inputs), outputs=p.outputs,
                             sets=(self.trial,), timing_sets=(0,), threads=self.threads,
                             timing=TimingPlan(warmup, min_repeats, min_time_ms, max_repeats),
                             seed=secrets.randbits(63), deadline_s=deadline)
        try:
            outcome = runner.run(self.exe, request)
        except SandboxError as exc:
            raise BaselineError(f"the reference kernel could not be timed: {exc}") from None
        if outcome.failure is not None:
            raise BaselineError(f"the reference kernel failed on {self.target.name}: {outcome.message}")
        if not outcome.samples_ns:
            raise BaselineError(f"the judge timed no call of the reference kernel on {self.target.name}")
        return [s / 1e6 for s in outcome.samples_ns]


MNN_TOOL = "MNNV2Basic.out"
MNN_LIB = "libMNN.so"
BATCHES = 5  # tool runs per `time` call; each gives one sample, the mean of its loops
PROBE_LOOPS = 10
PRECISION_HIGH = 1  # MNN's BackendConfig::Precision_High: fp32, as the host's session; the tool's default is fp16
# One line per op of MNNV2Basic's benchmark: `<name, padded> \t[<type>] run <n> average cost <ms> ms, ...`.
OP_LINE = re.compile(r"^\s*(?P<name>.*?) \t\[(?P<type>[^\]]*)\] run (?P<runs>\d+) average cost (?P<ms>[-+0-9.eE]+) ms,")
BATCH_MARK = "@@mkb-batch"


def mnn_android_files(directory: str) -> dict[str, Path]:
    """The files of MNN's Android build to push, by name; one sentence when the directory is not one."""
    root = Path(directory).expanduser()
    if not root.is_dir():
        raise TargetError(f"mnn_android is {directory}, which is not a directory")
    missing = [name for name in (MNN_LIB, MNN_TOOL) if not (root / name).is_file()]
    if missing:
        raise TargetError(f"mnn_android ({root}) has no {' or '.join(missing)}: point it at MNN's Android build "
                          "(built with MNN_BUILD_TOOLS)")
    # libMNN.so may come with the backends and Express split off (MNN_SEP_BUILD): the tool needs them all.
    return {p.name: p for p in sorted(root.glob("*.so"))} | {MNN_TOOL: root / MNN_TOOL}


def parse_mnn_ms(text: str) -> list[float]:
    """Per tool run (between batch marks): the sum of its ops' average costs in ms — one call of the model."""
    sums: list[float] = []
    current: float | None = None
    for line in text.splitlines():
        if line.startswith(BATCH_MARK):
            if current is not None:
                sums.append(current)
            current = None
        elif (m := OP_LINE.match(line)) is not None:
            current = (current or 0.0) + float(m["ms"])
    if current is not None:
        sums.append(current)
    return sums


class MnnBaseline:
    """MNN's own kernel on the phone: MNNV2Basic.out on the task's model, pinned like the candidate.

    The tool times each op between MNN's before/after callbacks; the sum over the model's ops is one call
    of the model, the layout conversions MNN inserts included, as the host's session baseline counts them.
    """

    source = "mnn"
    interleaved = None  # timed by `time`: MNN's tool runs the model on its own

    def __init__(self, target: Target, prepared: Problem, trial: tuple[np.ndarray, ...], threads: int, *,
                 files: dict[str, Path]) -> None:
        runner = target.runner
        if not isinstance(runner, AdbRunner):
            raise BaselineError(f"MNN's Android tool runs only on an adb target, not {target.name}")
        self.runner, self.threads = runner, threads
        try:
            staged = {name: (path.read_bytes(), 0o755 if name == MNN_TOOL else 0o644) for name, path in files.items()}
            staged["model.mnn"] = (prepared.mnn_path.read_bytes(), 0o644)
        except OSError as exc:
            raise BaselineError(f"MNN's Android build cannot be read: {exc.strerror}: {exc.filename}") from None
        if not prepared.inputs:
            raise BaselineError("the task's model has no inputs, and MNN's tool needs one to take its settings")
        # The tool reads its first input (MNN orders inputs by name) as text from input_0.txt and zeroes the
        # rest; without the file it would time whatever memory held. The data is a draw of the task's own.
        first = min(range(len(prepared.inputs)), key=lambda i: prepared.inputs[i].name)
        values = np.asarray(prepared.draw_inputs(0)[first]).ravel()
        staged["input_0.txt"] = ("\n".join(map(repr, values.tolist())).encode() + b"\n", 0o644)
        # The tool takes the thread count and precision only after an input shape, which it then resizes
        # its first input to: the model's own shape keeps the model as converted.
        self.shape = "x".join(str(d) for d in prepared.inputs[first].shape) or "1"
        self.files = staged
        self.tool_sha = hashlib.sha256(staged[MNN_TOOL][0]).hexdigest()[:16]
        probe = self._run((PROBE_LOOPS,))
        self.per_call_ms = max(probe[-1], 1e-4)
        target.device["baseline"] = {"source": "mnn", "tool": MNN_TOOL, "tool_sha256": self.tool_sha,
                                     "libs": sorted(n for n in files if n.endswith(".so")),
                                     "precision": "high (fp32)"}

    def outputs(self) -> None:
        return None  # the phone's outputs are not pulled back for a baseline

    def time(self, warmup: int, min_repeats: int, min_time_ms: float, max_repeats: int = 100000) -> list[float]:
        """One sample per tool run, in ms: the mean of `loops` calls, sized so the runs fill `min_time_ms`."""
        loops = max(math.ceil(min_repeats / BATCHES), math.ceil(min_time_ms / BATCHES / self.per_call_ms))
        loops = max(1, min(loops, max_repeats // BATCHES or 1))
        # A discarded first run warms caches and clocks, as `warmup` asks of the candidate's loop.
        runs = ([warmup] if warmup > 0 else []) + [loops] * BATCHES
        return self._run(tuple(runs))[1 if warmup > 0 else 0:]

    def _run(self, loops: tuple[int, ...]) -> list[float]:
        runner, dev = self.runner, self.runner.device
        try:
            before, waited, mask = runner.ready(self.threads)
            hashes, pushed = runner.stage(self.files)
            wall = runner.limits.wall_s
            one = (f"timeout -k {KILL_AFTER_S} {wall:g} taskset {mask} ./{MNN_TOOL} model.mnn {{n}} 0 0 "
                   f"{self.threads} {shlex.quote(self.shape)} {PRECISION_HIGH}")
            script = " && ".join(f"echo {BATCH_MARK} && {one.format(n=n)}" for n in loops)
            with runner.run_dir(hashes) as run_dir:
                runner.say(f"running MNN's {MNN_TOOL} on {dev.serial} (cores {mask})")
                # LD_LIBRARY_PATH: the run directory holds libMNN.so (a link into the cache) beside the tool.
                r = dev.sh(f"cd {run_dir} && export LD_LIBRARY_PATH=$PWD && {script}", "running MNN's tool",
                           timeout=len(loops) * (wall + KILL_AFTER_S) + 30)
            runner.log_run(f"MNN {MNN_TOOL} {self.tool_sha}", mask, self.threads, pushed, len(self.files),
                           waited, before)
        except SandboxError as exc:
            raise BaselineError(f"MNN's tool could not be run: {exc}") from None
        samples = parse_mnn_ms(r.stdout)
        if r.returncode != 0 or len(samples) != len(loops):
            said = (r.stderr or r.stdout).strip().splitlines()
            why = said[-1] if said else f"exit status {r.returncode}"
            raise BaselineError(f"MNN's {MNN_TOOL} failed on {dev.serial} (exit status {r.returncode}): {why}")
        return samples
