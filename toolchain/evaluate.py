"""One evaluation of a prepared task (`Problem`): build, run, verify, time — against the reference and MNN's
own kernel. `tasks.evaluation.evaluate` prepares a benchmark task and calls `evaluate_problem`.

`evaluate_problem()` never raises for anything a candidate does; every outcome is a status on the
`EvalResult`. Our own failures (no compiler, converter error) are `toolchain_error`, also a result.
While the compiler runs (one core), the other work that does not time anything — drawing inputs,
onnxruntime references, loading MNN's session — runs beside it, so an evaluation costs little more
than its compile plus the timing itself.
"""

from __future__ import annotations

import copy
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from toolchain import sandbox
from toolchain.baseline import BaselineError, MnnSession
from toolchain.builder import BuildError, BuildResult
from toolchain.candidate import Candidate
from toolchain.problem import Problem, from_layout, graph_inputs, graph_outputs, tool_version
from toolchain.reference import reference_outputs
from toolchain.result import Baseline, Diagnostic, EvalResult, Status, Timing
from toolchain.runner import Checked, LocalRunner, RunOutcome, RunRequest, TimingPlan
from toolchain.sandbox import Limits, SandboxError
from toolchain.targets import DeviceBaseline, Target, TargetError, TargetSettings, resolve_target
from toolchain.verify import Verdict, compare, verify

SUSPICIOUS_SPEEDUP = 10.0
# Sustained memory bandwidth no phone or workstation core beats; a kernel "faster" than this is lying.
ROOFLINE_GBPS = 200.0

NEAR_DUPLICATES = 2  # declared sets that get a near-duplicate
DOMAIN_SETS = 2  # sets drawn over the op's whole domain, for verification only
NEAR_FRACTION = 0.01  # elements moved in a near-duplicate (at least one)

Progress = Callable[[str], None]
Samples = Callable[[str, tuple[float, ...]], None]
# How the judge's failure kinds read as a status; any other kind is the kernel's runtime_error.
FAILURE_STATUS = {"timeout": Status.TIMEOUT, "out_of_bounds": Status.INVALID, "input_mutated": Status.INVALID,
                  "denied": Status.INVALID, "judge": Status.TOOLCHAIN_ERROR, "bad_setup": Status.TOOLCHAIN_ERROR,
                  # MNN ran the task without any kernel of the op (target mnn): there is nothing to judge
                  "not_exercised": Status.TOOLCHAIN_ERROR}


@dataclass(frozen=True)
class InputSet:
    """One set of inputs the judge may call the kernel on: as the graph takes them, as the kernel's buffers
    (in layout), and the reference's outputs for them. `kind`: declared, near or domain."""

    kind: str
    graph_inputs: list[np.ndarray]
    buffers: tuple[np.ndarray, ...]
    refs: list[np.ndarray]

    @property
    def timed(self) -> bool:
        return self.kind in ("declared", "near")


def near_duplicate(graph_inputs: list[np.ndarray], seed: int) -> list[np.ndarray] | None:
    """The inputs with about 1% of each floating-point input's elements moved to other places of the same
    tensor (so every value stays in the task's distribution); None when nothing could change."""
    rng = np.random.default_rng(seed ^ 0xD0B1E)
    out, changed = [], False
    for a in graph_inputs:
        a = np.array(a, copy=True)
        if np.issubdtype(a.dtype, np.floating) and a.size >= 8:
            flat = a.reshape(-1)
            k = max(1, int(flat.size * NEAR_FRACTION))
            src, dst = rng.choice(flat.size, k, replace=False), rng.choice(flat.size, k, replace=False)
            before = flat[dst].copy()
            flat[dst] = flat[src]
            changed |= bool(np.any(before != flat[dst]))
        out.append(a)
    return out if changed else None


@dataclass(frozen=True)
class EvalOptions:
    threads: int = 1
    trials: int = 3
    timing: TimingPlan | None = field(default_factory=TimingPlan)
    baseline: bool = True
    limits: Limits = field(default_factory=Limits)
    seeds: tuple[int, ...] | None = None  # None: fresh ones every evaluation (recorded in the result)
    target_settings: TargetSettings = field(default_factory=TargetSettings)  # for a target given by name


def evaluate_problem(
    problem: Problem,
    candidate: Candidate,
    target: Target | str = "host",
    options: EvalOptions | None = None,
    progress: Progress | None = None,
    samples: Samples | None = None,
    stages: dict[str, float] | None = None,
) -> EvalResult:
    """`progress` hears each phase as it starts; `samples`, while timing runs, the samples so far of each side:
    ("baseline", ms...) for MNN's kernel, ("kernel", ms...) for the candidate (raw, as the judge took them).
    `stages`: what the caller already spent (preparing the task), carried into the result."""
    options = options or EvalOptions()
    say = progress or (lambda _msg: None)
    stages = dict(stages or {})
    try:
        if isinstance(target, str):
            target = resolve_target(target, options.limits, options.target_settings)
    except (TargetError, BuildError, OSError) as exc:
        return EvalResult(problem.id, Status.TOOLCHAIN_ERROR, str(exc), stages_ms=stages)
    if not problem.evaluable:
        return EvalResult(problem.id, Status.TOOLCHAIN_ERROR, f"task {problem.id} cannot be evaluated: "
                          f"{'; '.join(problem.problems)}", target=target.name, stages_ms=stages)
    return _Evaluation(problem, candidate, target, options, say, stages, samples).run()


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1e3, 2)


class _Evaluation:
    def __init__(self, prepared: Problem, candidate: Candidate, target: Target, options: EvalOptions,
                 say: Progress, stages: dict[str, float], samples: Samples | None = None) -> None:
        self.p, self.candidate, self.target, self.opt, self.say, self.stages = (
            prepared, candidate, target, options, say, stages)
        self.samples = samples
        self.seeds = options.seeds or tuple(secrets.randbits(31) for _ in range(options.trials))
        self.baseline_note = ""
        self.baseline_source = "mnn-wheel"  # the host's baseline: the `mnn` package (a device target says its own)
        self.judge: dict[str, Any] = {}  # what the judge did: sets, checked calls, the subtracted handshake
        # The whole model as an MNN session (target mnn, for ops MNN rewrites or runs on NC4HW4): the judge
        # then feeds the graph's inputs and checks the graph's outputs, in NCHW.
        self.whole = bool(target.whole_model and target.whole_model(prepared))
        self.out_specs = graph_outputs(prepared) if self.whole else prepared.outputs

    def result(self, status: Status, message: str, **kw: Any) -> EvalResult:
        return EvalResult(self.p.id, status, message, target=self.target.name, stages_ms=self.stages,
                          provenance=self.provenance(kw.pop("build", None)), **kw)

    def provenance(self, build: BuildResult | None) -> dict[str, Any]:
        # A copy: the target's device record keeps changing (a phone logs each run into it), a result must not.
        prov: dict[str, Any] = {"device": copy.deepcopy(self.target.device), "threads": self.opt.threads,
                                "seeds": list(self.seeds), "candidate": self.candidate.digest[:16],
                                "mnn": tool_version("MNN"), "onnxruntime": tool_version("onnxruntime"),
                                "sandbox": sandbox.describe(self.opt.limits)}
        if build is not None:
            prov.update(compiler=build.toolchain, flags=list(build.flags), build_cached=build.cached)
        if self.judge:
            prov["judge"] = dict(self.judge)
        return prov

    def run(self) -> EvalResult:
        refusal = self.target.admit(self.p, self.candidate) if self.target.admit else None
        if refusal is not None and refusal.candidate:
            return self.result(Status.COMPILE_ERROR, refusal.message,
                               diagnostics=(Diagnostic("error", refusal.file, 0, 0, refusal.message),))
        if refusal is not None:
            return self.result(Status.TOOLCHAIN_ERROR, refusal.message)
        with ThreadPoolExecutor(max_workers=1) as pool:
            self.say("compiling")
            t0 = time.perf_counter()
            building = pool.submit(self.target.builder.build, self.candidate)
            try:
                sets, mnn = self._inputs_and_references()
            except Exception as exc:  # onnxruntime failing on our own model is our bug: say so, don't crash
                building.cancel()
                return self.result(Status.TOOLCHAIN_ERROR, f"computing the reference failed: {exc}")
            try:
                build = building.result()
            except (BuildError, OSError) as exc:
                return self.result(Status.TOOLCHAIN_ERROR, str(exc))
            self.stages["build"] = _ms(t0)
        if not build.ok:
            errors = build.errors
            first = errors[0] if errors else None
            msg = f"{len(errors)} compile error{'s' if len(errors) != 1 else ''}"
            msg += f"; first: {first}" if first else ""
            return self.result(Status.COMPILE_ERROR, msg, diagnostics=build.diagnostics, build=build)

        # MNN's own kernel as a second host the judge alternates with the candidate's, where the target has one.
        plan = self.opt.timing
        paired = mnn.interleaved if mnn is not None and not isinstance(mnn, MnnSession) and plan else None
        in_specs = (graph_inputs(self.p, sets[0].graph_inputs)[0] if self.whole
                    else tuple(o.tensor for o in self.p.op_inputs))
        request = RunRequest(op=self.p.op, inputs=in_specs, outputs=self.out_specs,
                             sets=tuple(s.buffers for s in sets), threads=self.opt.threads,
                             timing=self.opt.timing, timing_sets=tuple(i for i, s in enumerate(sets) if s.timed),
                             near_sets=tuple(i for i, s in enumerate(sets) if s.kind == "near"),
                             seed=secrets.randbits(63), deadline_s=self.opt.limits.wall_s,
                             model=self.p.mnn_path if self.target.reads_model else None, session=self.whole,
                             baseline=paired)
        base_samples: list[float] = []
        # A baseline the judge cannot drive beside the candidate is timed in two halves around it, so a
        # slow spell of the machine hits both.
        halves = bool(mnn and plan and paired is None)
        if halves:
            self.say("timing the baseline")
            base_samples += self._time_baseline(mnn, plan)
            self._tell("baseline", base_samples)
        self.say("running kernel")
        t0 = time.perf_counter()
        try:
            if self.samples is not None and isinstance(self.target.runner, LocalRunner):
                outcome = self.target.runner.run(build.exe, request, lambda ms: self._tell("kernel", ms))
            else:
                outcome = self.target.runner.run(build.exe, request)
        except SandboxError as exc:
            return self.result(Status.TOOLCHAIN_ERROR, str(exc), diagnostics=build.diagnostics, build=build)
        self.stages["run"] = _ms(t0)
        if halves:
            base_samples += self._time_baseline(mnn, plan)
            self._tell("baseline", base_samples)
        elif paired is not None:
            base_samples = [ns / 1e6 for ns in outcome.baseline_samples_ns]
            self.baseline_note = self.baseline_note or (
                f"MNN's own kernel stopped beside the candidate: {outcome.baseline_failure}"
                if outcome.baseline_failure else "")
            self._tell("baseline", base_samples)
        baseline = self._baseline(base_samples)
        if paired is not None and base_samples and len(outcome.baseline_samples_ns) == len(outcome.samples_ns):
            ratios = [b / a for b, a in zip(outcome.baseline_samples_ns, outcome.samples_ns) if a > 0]
            baseline = replace(baseline, paired_speedup=float(np.median(ratios)) if ratios else None)
        if base_samples:
            self.judge["baseline_timing"] = "halves" if halves else "interleaved"
        return self._judge(outcome, sets, build, baseline)

    def _tell(self, side: str, ms: list[float] | tuple[float, ...]) -> None:
        if self.samples is not None:
            self.samples(side, tuple(ms))

    def _inputs_and_references(self) -> tuple[list[InputSet], MnnSession | DeviceBaseline | None]:
        t0 = time.perf_counter()
        sets = self._draw_sets()
        names = [s.name for s in self.p.inputs]
        graph_inputs = [s.graph_inputs for s in sets]
        self.stages["reference"] = _ms(t0)
        mnn = None
        if self.opt.baseline and self.opt.timing and self.target.baseline_on_host:
            t0 = time.perf_counter()
            try:
                mnn = MnnSession(self.p.mnn_path, self.opt.threads)
                mnn.set_inputs(dict(zip(names, graph_inputs[0])))
                mnn.run()
                self._check_mnn(mnn.outputs(), sets[0].refs)
            except (BaselineError, RuntimeError, ValueError) as exc:
                mnn, self.baseline_note = None, f"MNN could not run the model: {exc}"
            self.stages["baseline_load"] = _ms(t0)
        elif self.opt.baseline and self.opt.timing and self.target.device_baseline is not None:
            # Non-host targets time their baseline on the device itself (toolchain/adb/baseline.py).
            t0 = time.perf_counter()
            try:
                mnn = self.target.device_baseline(self.target, self.p, sets[0].buffers, self.opt.threads)
                self.baseline_source = mnn.source
                outs = mnn.outputs()
                if outs is not None:  # a baseline that fails the task is no baseline: no speedup against it
                    verdict = self._verify([Checked(0, "trial", outs)], sets, "MNN's own kernel")
                    if verdict.status is not Status.OK:
                        raise BaselineError(
                            f"MNN's own {self.p.mnn_op_type} kernel, run alone on the converter's op, fails the task "
                            f"({verdict.message}); run alone, the op is not what MNN's CPU kernel gets in a session "
                            "(MNN's geometry pass, GeometryComputer, rewrites some ops first): no speedup")
            except BaselineError as exc:
                mnn, self.baseline_note = None, str(exc)
            self.stages["baseline_load"] = _ms(t0)
        elif not self.target.baseline_on_host:
            self.baseline_note = f"MNN's kernel is not available on target {self.target.name}"
        return sets, mnn

    def _draw_sets(self) -> list[InputSet]:
        """The input sets, each with its reference: the task's declared distribution (what timing uses),
        a near-duplicate of some of them (a few elements moved: a kernel that memoises on a sample of its
        input returns the stale answer there), and sets drawn over the op's whole domain (verification only)."""
        p, names = self.p, [s.name for s in self.p.inputs]
        drawn: list[tuple[str, list[np.ndarray]]] = [("declared", p.draw_inputs(s)) for s in self.seeds]
        for k, seed in enumerate(self.seeds[:NEAR_DUPLICATES]):
            near = near_duplicate(drawn[k][1], seed)
            if near is not None:
                drawn.append(("near", near))
        for seed in self.seeds[:DOMAIN_SETS]:
            drawn.append(("domain", p.draw_verification_inputs(seed ^ 0x5EED)))
        return [InputSet(kind, g, graph_inputs(p, g)[1] if self.whole else tuple(p.op_input_arrays(g)),
                         reference_outputs(p.onnx_path, names, g)) for kind, g in drawn]

    def _check_mnn(self, outs: dict[str, np.ndarray], refs: list[np.ndarray]) -> None:
        """Note (never hide) where MNN's own kernel disagrees with onnxruntime, judged as a candidate is."""
        worst = 0.0
        for spec, ref in zip(self.p.outputs, refs):
            got = outs.get(spec.name)
            if got is not None and got.size != ref.size:  # MNN's shape inference differs from ONNX's
                self.baseline_note = (f"MNN's own session gives {spec.name} {got.size} values where the task has "
                                      f"{ref.size} (shape {tuple(spec.shape)})")
                return
            if got is not None:
                ref = np.asarray(ref).reshape(spec.shape)
                _bad, err, _rel, kind = compare(np.asarray(got).astype(ref.dtype).reshape(spec.shape), ref, spec,
                                                self.p.atol, self.p.rtol)
                worst = max(worst, err) if kind else worst
        if worst:
            self.baseline_note = f"MNN's own kernel differs from onnxruntime by up to {worst:.3g}"

    def _time_baseline(self, mnn: MnnSession | DeviceBaseline, plan: TimingPlan) -> list[float]:
        t0 = time.perf_counter()
        try:
            samples = mnn.time(plan.warmup, max(1, plan.min_repeats // 2), plan.min_time_ms / 2, plan.max_repeats)
        except BaselineError as exc:  # only a device baseline raises: the phone failed it, the candidate stands
            samples, self.baseline_note = [], str(exc)
        self.stages["baseline"] = round(self.stages.get("baseline", 0.0) + _ms(t0), 2)
        return samples

    def _baseline(self, samples: list[float]) -> Baseline:
        if not samples:
            return Baseline(None, self.baseline_note or "not measured")
        t = Timing.from_samples(samples)
        return Baseline(t.median_ms, self.baseline_note, t, source=self.baseline_source)

    def _judge(self, outcome: RunOutcome, sets: list[InputSet], build: BuildResult,
               baseline: Baseline) -> EvalResult:
        common = dict(diagnostics=build.diagnostics, build=build, baseline=baseline)
        self.judge.update({"sets": [s.kind for s in sets], "checked_calls": len(outcome.checked),
                           "handshake_ns": outcome.overhead_ns,
                           **({"runs": "session" if self.whole else "op"} if self.target.whole_model else {})})
        if outcome.failure is not None:
            status = FAILURE_STATUS.get(outcome.failure, Status.RUNTIME_ERROR)
            return self.result(status, outcome.message or outcome.failure, **common)
        t0 = time.perf_counter()
        trials = [c for c in outcome.checked if c.phase == "trial"]
        # Every set must have been answered, and a timed run must have been checked after timing too:
        # anything less is a kernel that stopped answering, never a pass.
        if sorted(c.set for c in trials) != list(range(len(sets))) or (
                self.opt.timing and (not outcome.samples_ns or not any(c.phase == "after" for c in outcome.checked))):
            return self.result(Status.RUNTIME_ERROR, "the kernel did not answer every call the judge made", **common)
        verdict = self._verify(trials, sets, "trial")
        later = [c for c in outcome.checked if c.phase != "trial"]
        if verdict.status is Status.OK and later:
            after = self._verify(later, sets, "a timed call")
            if after.status is not Status.OK:
                verdict = after
        self.stages["verify"] = _ms(t0)
        correctness = replace(verdict.correctness, trials=len(outcome.checked))
        if verdict.status is not Status.OK:
            return self.result(verdict.status, verdict.message, correctness=correctness, **common)
        timing = Timing.from_samples([s / 1e6 for s in outcome.samples_ns]) if outcome.samples_ns else None
        flags = self._flags(timing, baseline)
        msg = f"correct on {len(sets)} input sets and {len(later)} checked timed calls " \
              f"(max abs error {verdict.correctness.max_abs_err:.3g})"
        if timing and baseline.mnn_native_ms:
            against = baseline.label
            msg += f"; {timing.median_ms:.4g} ms vs {against} {baseline.mnn_native_ms:.4g} ms"
        return self.result(Status.OK, msg, correctness=correctness, timing=timing, flags=flags, **common)

    def _verify(self, checked: list[Checked], sets: list[InputSet], label: str) -> Verdict:
        specs = self.out_specs
        views = [[from_layout(b, s) for b, s in zip(c.outputs, specs)] for c in checked]
        refs = [sets[c.set].refs for c in checked]
        return verify(views, refs, specs, self.seeds, self.p.atol, self.p.rtol, label=label)

    def _flags(self, timing: Timing | None, baseline: Baseline) -> tuple[str, ...]:
        if timing is None or timing.median_ms <= 0:
            return ()
        flags = []
        if self.target.device.get("emulated"):  # set by the adb target for emulators (ro.kernel.qemu=1)
            flags.append("timed on an emulated device: not comparable with timings from a real phone")
        if baseline.mnn_native_ms and baseline.mnn_native_ms / timing.median_ms > SUSPICIOUS_SPEEDUP:
            flags.append(f"speedup above {SUSPICIOUS_SPEEDUP:g}x over MNN: check this by hand")
        moved = sum(np.prod(s.shape) * np.dtype(s.dtype).itemsize for s in (*self.p.outputs,
                                                                          *(o.tensor for o in self.p.op_inputs)))
        gbps = moved / (timing.median_ms * 1e6)
        if gbps > ROOFLINE_GBPS:
            flags.append(f"moves {gbps:.0f} GB/s, above any plausible memory bandwidth: check this by hand")
        return tuple(flags)

