"""The typed record of one evaluation, and the pieces it is made of.

These types cross rooms (agents read them, sessions store them, screens show them), so they are small
frozen dataclasses with a lossless `to_json` / `from_json`. The JSON shape is the `mkb eval --json`
contract of DESIGN.md.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar


class Status(enum.StrEnum):
    OK = "ok"
    COMPILE_ERROR = "compile_error"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    WRONG_OUTPUT = "wrong_output"
    INVALID = "invalid"
    TOOLCHAIN_ERROR = "toolchain_error"

    @property
    def compiled(self) -> bool:
        return self not in (Status.COMPILE_ERROR, Status.TOOLCHAIN_ERROR)


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error", "warning" or "note"
    file: str  # the candidate's own file name, or a header path relative to the API include dir
    line: int
    column: int
    message: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Diagnostic:
        return cls(str(d["severity"]), str(d["file"]), int(d["line"]), int(d["column"]), str(d["message"]))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Correctness:
    passed: bool
    max_abs_err: float | None
    max_rel_err: float | None
    trials: int
    seeds: tuple[int, ...] = ()
    atol: float = 1e-4
    rtol: float = 1e-4
    first_mismatch: tuple[int, ...] | None = None  # index into the output that failed first
    output: str | None = None  # name of the output that failed first

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["seeds"] = list(self.seeds)
        d["first_mismatch"] = list(self.first_mismatch) if self.first_mismatch is not None else None
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Correctness:
        fm = d.get("first_mismatch")
        return cls(
            passed=bool(d["passed"]),
            max_abs_err=d.get("max_abs_err"),
            max_rel_err=d.get("max_rel_err"),
            trials=int(d["trials"]),
            seeds=tuple(d.get("seeds") or ()),
            atol=float(d.get("atol", 1e-4)),
            rtol=float(d.get("rtol", 1e-4)),
            first_mismatch=tuple(fm) if fm is not None else None,
            output=d.get("output"),
        )


@dataclass(frozen=True)
class Timing:
    """Wall-clock samples of one kernel, in milliseconds, with their summary."""

    median_ms: float
    iqr_ms: float
    min_ms: float
    runs: int
    samples_ms: tuple[float, ...] = field(default=(), repr=False)

    @classmethod
    def from_samples(cls, samples_ms: list[float] | tuple[float, ...]) -> Timing:
        xs = sorted(samples_ms)
        n = len(xs)

        def q(f: float) -> float:  # linear-interpolated quantile, as numpy's default
            pos = f * (n - 1)
            lo = int(pos)
            hi = min(lo + 1, n - 1)
            return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)

        return cls(median_ms=q(0.5), iqr_ms=q(0.75) - q(0.25), min_ms=xs[0], runs=n, samples_ms=tuple(samples_ms))

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["samples_ms"] = list(self.samples_ms)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Timing:
        return cls(
            median_ms=float(d["median_ms"]),
            iqr_ms=float(d["iqr_ms"]),
            min_ms=float(d["min_ms"]),
            runs=int(d["runs"]),
            samples_ms=tuple(float(x) for x in d.get("samples_ms") or ()),
        )


@dataclass(frozen=True)
class Baseline:
    """MNN's own kernel for the same model, timed in the same evaluation.

    `mnn_native_ms` is None when the baseline could not be measured; `note` then says why.
    """

    mnn_native_ms: float | None
    note: str = ""
    timing: Timing | None = None
    # What the candidate is compared against: "mnn-wheel" (the `mnn` package's kernel, on the host),
    # "mnn-tree@<commit>" (MNN's kernel built from that source tree), "mnn" (MNN's Android tool on a phone;
    # also what results written before "mnn-wheel" existed say), "reference" (no MNN build for that device:
    # the task's reference kernel, timed the same way).
    source: str = "mnn"
    # Timed call by call beside the candidate (target mnn): the median over rounds of MNN's call over the
    # candidate's call on the same set. A round's two calls share the machine's state, so this is the
    # speedup, where the ratio of the two medians would mix the machine's fast and slow spells.
    paired_speedup: float | None = None

    @property
    def label(self) -> str:
        """The baseline for people: "MNN (mnn wheel)", "MNN (tree @d407447ed56c)", "MNN", "the reference kernel"."""
        if self.source.startswith("mnn-tree@"):
            return f"MNN (tree @{self.source[len('mnn-tree@'):][:12]})"
        return {"mnn-wheel": "MNN (mnn wheel)", "mnn": "MNN", "reference": "the reference kernel"}.get(
            self.source, self.source)

    @property
    def is_mnn(self) -> bool:
        return self.source == "mnn" or self.source.startswith("mnn-")

    def to_json(self) -> dict[str, Any]:
        return {
            "mnn_native_ms": self.mnn_native_ms,
            "note": self.note,
            "timing": self.timing.to_json() if self.timing else None,
            "source": self.source,
            **({"paired_speedup": self.paired_speedup} if self.paired_speedup is not None else {}),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Baseline:
        t = d.get("timing")
        return cls(
            mnn_native_ms=d.get("mnn_native_ms"),
            note=str(d.get("note", "")),
            timing=Timing.from_json(t) if t else None,
            source=str(d.get("source", "mnn")),
            paired_speedup=d.get("paired_speedup"),
        )


@dataclass(frozen=True)
class EvalResult:
    task: str
    status: Status
    message: str = ""  # one sentence saying what happened, for people and for the Debugger
    diagnostics: tuple[Diagnostic, ...] = ()
    correctness: Correctness | None = None
    timing: Timing | None = None
    baseline: Baseline = field(default_factory=lambda: Baseline(None, "not measured"))
    target: str = "host"
    provenance: dict[str, Any] = field(default_factory=dict)
    stages_ms: dict[str, float] = field(default_factory=dict)  # wall time of each pipeline step
    flags: tuple[str, ...] = ()  # things a human should look at (implausible speedup, ...)

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    @property
    def host_tuned(self) -> bool:
        """Built with -march=native (`--host-tuned`), not with MNN's flags alone."""
        device = self.provenance.get("device")
        return bool(isinstance(device, dict) and device.get("host_tuned"))

    @property
    def speedup(self) -> float | None:
        """MNN's time over the candidate's; None unless both were measured."""
        if self.timing is None or self.baseline.mnn_native_ms is None or self.timing.median_ms <= 0:
            return None
        if self.baseline.paired_speedup is not None:
            return self.baseline.paired_speedup
        return self.baseline.mnn_native_ms / self.timing.median_ms

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "status": self.status.value,
            "message": self.message,
            "diagnostics": [d.to_json() for d in self.diagnostics],
            "correctness": self.correctness.to_json() if self.correctness else None,
            "timing": self.timing.to_json() if self.timing else None,
            "baseline": self.baseline.to_json(),
            "speedup": self.speedup,
            "target": self.target,
            "provenance": self.provenance,
            "stages_ms": self.stages_ms,
            "flags": list(self.flags),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> EvalResult:
        return cls(
            task=str(d["task"]),
            status=Status(d["status"]),
            message=str(d.get("message", "")),
            diagnostics=tuple(Diagnostic.from_json(x) for x in d.get("diagnostics") or ()),
            correctness=Correctness.from_json(d["correctness"]) if d.get("correctness") else None,
            timing=Timing.from_json(d["timing"]) if d.get("timing") else None,
            baseline=Baseline.from_json(d["baseline"]) if d.get("baseline") else Baseline(None, "not measured"),
            target=str(d.get("target", "host")),
            provenance=dict(d.get("provenance") or {}),
            stages_ms={k: float(v) for k, v in (d.get("stages_ms") or {}).items()},
            flags=tuple(d.get("flags") or ()),
        )


# --- ranking ---------------------------------------------------------------------------------------------
# One ranking of candidates for every view (the loop, the TUI, replay, `mkb sessions`, the picker and
# `mkb metrics`), so they never disagree about which kernel is the best.

RankKey = tuple[bool, bool, float, bool, float]
T = TypeVar("T")


def rank_key(result: EvalResult) -> RankKey:
    """Higher is better: correct before not; then by speedup over MNN where it was measured and believed (a
    flagged speedup, e.g. above 10x, is not: it ranks as if unmeasured); then by the kernel's own median
    time; untimed correct kernels last. Ties go to the earlier one (callers use `max`, which keeps the first
    of equals)."""
    speedup = result.speedup if result.ok and not result.flags else None
    median = result.timing.median_ms if result.ok and result.timing is not None else None
    return (result.ok, speedup is not None, speedup or 0.0, median is not None, -(median or 0.0))


def target_key(result: EvalResult) -> str:
    """Where a result was measured, as far as comparing timings goes: an emulated phone is not a phone."""
    device = result.provenance.get("device")
    emulated = isinstance(device, dict) and bool(device.get("emulated"))
    return result.target + (" (emulated)" if emulated else "")


def best_of(items: Iterable[T], result: Callable[[T], EvalResult | None], target: str | None = None) -> T | None:
    """The best correct item by `rank_key`, compared only with others measured on the same target: `target`
    (a `target_key`) when given, else that of the last evaluated item. None when none is correct there."""
    evaluated = [(item, r) for item in items if (r := result(item)) is not None]
    if not evaluated:
        return None
    where = target if target is not None else target_key(evaluated[-1][1])
    ok = [(item, r) for item, r in evaluated if r.ok and target_key(r) == where]
    if not ok:
        return None
    return max(ok, key=lambda pair: rank_key(pair[1]))[0]

