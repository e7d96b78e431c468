"""The Runner: one built kernel and a set of input sets → the outputs of checked calls, timing samples,
or what went wrong.

It speaks the judge protocol (`toolchain/driver/PROTOCOL.md`): the trusted judge (`toolchain/judge/`,
never linked with candidate code) gets a private directory with the plan and the input sets, and starts
the kernel host (the candidate's executable) inside the sandbox, talking to it only through shared
memory. Nothing the kernel writes is read: everything that comes back was written by the judge. The
Runner knows nothing of references or tolerances: `toolchain.verify` judges the outputs.
"""

from __future__ import annotations

import contextlib
import json
import platform
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from toolchain import sandbox
from toolchain.problem import TensorSpec, buffer_elements


@dataclass(frozen=True)
class TimingPlan:
    warmup: int = 3
    min_repeats: int = 10
    min_time_ms: float = 30.0
    max_repeats: int = 100000

    def to_json(self) -> dict[str, Any]:
        return {"warmup": self.warmup, "min_repeats": self.min_repeats, "min_time_ms": self.min_time_ms,
                "max_repeats": self.max_repeats}


# Checked outputs kept by the judge at most (all outputs of one call each), and the memory they may take.
MAX_CHECKED = 8
CHECKED_BYTES = 256 << 20
RESULT_BYTES = 1 << 20  # the judge's result.json is small; anything bigger is not ours
MODEL = "model.mnn"  # beside run.json, where the kernel host looks for it


@dataclass(frozen=True)
class RunRequest:
    op: dict[str, Any]
    inputs: tuple[TensorSpec, ...]
    outputs: tuple[TensorSpec, ...]
    sets: tuple[tuple[np.ndarray, ...], ...]  # per input set, one buffer per op input (already in layout)
    threads: int = 1
    timing: TimingPlan | None = TimingPlan()
    timing_sets: tuple[int, ...] = (0,)  # the sets timed calls draw from (the task's declared distribution)
    near_sets: tuple[int, ...] = ()  # near-duplicates of other sets: every timed call on one is checked
    seed: int = 1  # the judge's schedule (set order, which calls are checked)
    deadline_s: float = 20.0
    model: Path | None = None  # the MNN model holding `op` (the MNN tree's host reads the op from it)
    session: bool = False  # the MNN tree's host runs the whole model as a session; tensors are the graph's
    # A second kernel host (MNN's own kernel, built as the candidate is) whose timed calls the judge
    # alternates with the candidate's, on the same sets: the two sides share every slow spell of the machine.
    baseline: Path | None = None

    def run_json(self) -> dict[str, Any]:
        """What the kernel host reads: the op and its tensors; nothing about the schedule."""
        return {"op": self.op, "threads": self.threads, "inputs": [_stored(t) for t in self.inputs],
                "outputs": [_stored(t) for t in self.outputs], **({"model": MODEL} if self.model else {}),
                **({"mode": "session"} if self.session else {})}

    def plan_text(self) -> str:
        out_bytes = [buffer_elements(t) * np.dtype(t.dtype).itemsize for t in self.outputs]
        per_call = max(1, sum(out_bytes))
        checked = max(1, min(MAX_CHECKED, CHECKED_BYTES // per_call))
        t = self.timing
        lines = [
            f"threads {self.threads}", f"seed {self.seed}", f"deadline_ms {int(self.deadline_s * 1000)}",
            f"timed {1 if t else 0}", f"sets {len(self.sets)}",
            f"timing_sets {len(self.timing_sets)} {' '.join(map(str, self.timing_sets))}",
            f"near_sets {len(self.near_sets)} {' '.join(map(str, self.near_sets))}",
            f"max_checked {checked}",
            f"inputs {len(self.inputs)} " + " ".join(str(buffer_elements(s) * np.dtype(s.dtype).itemsize)
                                                      for s in self.inputs),
            f"outputs {len(self.outputs)} " + " ".join(map(str, out_bytes)),
        ]
        if t:
            lines += [f"warmup {t.warmup}", f"min_repeats {t.min_repeats}", f"min_time_ms {t.min_time_ms:g}",
                      f"max_repeats {t.max_repeats}"]
        return "\n".join(lines) + "\n"

    def files(self) -> dict[str, bytes]:
        """Everything the judge reads from its directory, by name."""
        files = {"plan.txt": self.plan_text().encode(), "run.json": json.dumps(self.run_json()).encode()}
        for k, buffers in enumerate(self.sets):
            for i, buf in enumerate(buffers):
                files[f"set_{k}_{i}.bin"] = np.ascontiguousarray(buf).tobytes()
        if self.model is not None:
            files[MODEL] = self.model.read_bytes()
        return files


def _stored(t: TensorSpec) -> dict[str, Any]:
    """The driver takes NHWC shapes in stored order (N, H, W, C); our specs keep them logical (NCHW)."""
    d = t.to_json()
    if t.format == "NHWC" and len(t.shape) >= 3:
        d["shape"] = [t.shape[0], *t.shape[2:], t.shape[1]]
    return d


@dataclass(frozen=True)
class Checked:
    """One call whose outputs the judge kept: on which input set, in which phase (trial, timed, after)."""

    set: int
    phase: str
    outputs: tuple[np.ndarray, ...]  # raw buffers, one per op output


@dataclass(frozen=True)
class RunOutcome:
    """What the judge reported. `failure` is None when every call it made ran and nothing was violated."""

    checked: tuple[Checked, ...] = ()
    samples_ns: tuple[int, ...] = ()  # per timed call, the handshake's calibrated cost subtracted
    overhead_ns: int = 0
    baseline_samples_ns: tuple[int, ...] = ()  # the interleaved baseline's, likewise
    baseline_failure: str = ""  # why the interleaved baseline stopped, if it did (the candidate's run went on)
    failure: str | None = None  # "timeout", "crash", "denied", or a kernel error kind (out_of_bounds, ...)
    message: str = ""
    stage: str = ""
    wall_ms: float = 0.0
    stderr_tail: str = field(default="", repr=False)  # the kernel's own output: never part of a verdict


_STAGE_WORDS = {"start-up": "while starting (static initialisers, onCreate or onResize)",
                "timing": "during the timing loop", "after timing": "after the timing loop"}


def stage_phrase(stage: str) -> str:
    if stage.startswith("execute trial"):
        return f"in onExecute (trial {stage.split()[-1]})"
    return _STAGE_WORDS.get(stage, f"during {stage}")


class LocalRunner:
    """Runs on this machine: the judge as a plain (limited) process, the kernel inside the sandbox."""

    def __init__(self, limits: sandbox.Limits | None, judge: Callable[[], Path]) -> None:
        self.limits = limits or sandbox.Limits()
        self.judge = judge  # builds (once) or finds the judge executable for this machine

    def run(self, exe: Path, request: RunRequest, on_samples: SampleSink | None = None) -> RunOutcome:
        work = Path(tempfile.mkdtemp(prefix="mkb-run-"))
        try:
            return self._run_in(exe, request, work, on_samples)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _run_in(self, exe: Path, request: RunRequest, work: Path, on_samples: SampleSink | None) -> RunOutcome:
        for name, data in request.files().items():
            (work / name).write_bytes(data)
        # Copies: the sandbox user may not read our cache dir, and the judge keeps its own.
        shutil.copy2(exe, work / "kernel")
        shutil.copy2(self.judge(), work / "judge")
        sandbox.prepare_workdir(work)
        env = {"MKB_THREADS": str(request.threads)}
        kernel = self._host(work, "kernel", request, env)
        if request.baseline is not None and request.timing is not None:
            shutil.copy2(request.baseline, work / "baseline")
            kernel += ["--baseline", *self._host(work, "baseline", request, env)]
        # The judge enforces the deadline itself and says where; our own limit is only a backstop.
        backstop = sandbox.Limits(**{**self.limits.__dict__, "wall_s": request.deadline_s + 10})
        with _watching(work / ".stdout", on_samples):
            res = sandbox.run([str(work / "judge"), str(work), "--", *kernel], work, backstop, env=env)
        return collect(work, request, res)


    def _host(self, work: Path, exe: str, request: RunRequest, env: dict[str, str]) -> list[str]:
        """The command line of one kernel host (`exe` in `work`), in the sandbox unless isolation is off."""
        if not self.limits.isolate:
            return [str(work / exe), str(work / "run.json")]
        ro = {"/work/kernel": work / exe, "/work/run.json": work / "run.json"}
        if request.model is not None:
            ro[f"/work/{MODEL}"] = work / MODEL
        return sandbox.isolated(["/work/kernel", "/work/run.json"], cwd="/tmp", env=env, ro=ro)


# Called with the timed calls' samples so far, in ms (as the judge measured them, before the handshake's
# cost is subtracted), while the kernel is still being timed.
SampleSink = Callable[[tuple[float, ...]], None]


@contextlib.contextmanager
def _watching(stdout: Path, on_samples: SampleSink | None) -> Iterator[None]:
    """Follow the judge's `sample <ns>` lines while it runs (every 50 ms), and once more at the end."""
    if on_samples is None:
        yield
        return
    done = threading.Event()
    seen: list[float] = []

    def follow() -> None:
        offset = 0
        while True:
            stop = done.wait(0.05)
            try:
                with open(stdout, "rb") as f:
                    f.seek(offset)
                    chunk = f.read()
            except OSError:
                chunk = b""
            whole = chunk[:chunk.rfind(b"\n") + 1]
            offset += len(whole)
            fresh = [int(w[1]) / 1e6 for w in (ln.split() for ln in whole.splitlines())
                     if len(w) == 2 and w[0] == b"sample" and w[1].isdigit()]
            if fresh:
                seen.extend(fresh)
                with contextlib.suppress(Exception):  # a view's failure never stops an evaluation
                    on_samples(tuple(seen))
            if stop:
                return

    watcher = threading.Thread(target=follow, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def collect(work: Path, request: RunRequest, res: sandbox.SandboxResult) -> RunOutcome:
    """Read what the judge left in `work` (shared with remote runners that pull the judge's files back)."""
    log = _tail(work / "kernel.log")
    result = _judge_result(work / "result.json")
    if result is None:
        said = res.stderr.strip().splitlines() or [f"status {res.returncode}"]
        why = "it was stopped" if res.timed_out else said[-1]
        return RunOutcome(failure="judge", message=f"the judge gave no result ({why})", wall_ms=res.wall_ms,
                          stderr_tail=log)
    stage = str(result.get("stage", ""))
    checked = []
    for n, entry in enumerate(result.get("checked") or ()):
        bufs = tuple(_read(work / f"check_{n}_{j}.bin", spec) for j, spec in enumerate(request.outputs))
        if any(b is None for b in bufs) or not isinstance(entry, dict):
            break
        checked.append(Checked(int(entry.get("set", -1)), str(entry.get("phase", "")), bufs))  # type: ignore[arg-type]
    samples = tuple(int(s) for s in result.get("samples_ns") or ())
    paired = result.get("baseline") if isinstance(result.get("baseline"), dict) else {}
    paired_err = paired.get("error")
    base = dict(checked=tuple(checked), samples_ns=samples, overhead_ns=int(result.get("overhead_ns") or 0),
                baseline_samples_ns=tuple(int(s) for s in paired.get("samples_ns") or ()),
                baseline_failure=_message(str(paired_err.get("kind", "crash")), paired_err, "timing", request)
                if isinstance(paired_err, dict) else "",
                stage=stage, wall_ms=res.wall_ms, stderr_tail=log)
    err = result.get("error")
    if not err:
        return RunOutcome(**base)
    kind = str(err.get("kind", "crash"))
    return RunOutcome(**base, failure=kind, message=_message(kind, err, stage, request))


def _judge_result(path: Path) -> dict[str, Any] | None:
    try:
        if not path.is_file() or path.stat().st_size > RESULT_BYTES:
            return None
        data = json.loads(path.read_text())
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _read(path: Path, spec: TensorSpec) -> np.ndarray | None:
    try:
        data = np.fromfile(path, dtype=spec.dtype)
    except (OSError, ValueError):
        return None
    return data if data.size == buffer_elements(spec) else None


def _tail(path: Path, limit: int = 16384) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            f.seek(max(0, f.tell() - limit))
            return f.read().decode(errors="replace")
    except OSError:
        return ""


# Denied system calls the verdict can name, by number, on the machines we build for.
_SYSCALLS = {
    "x86_64": {
        2: "open", 9: "mmap", 10: "mprotect", 11: "munmap", 13: "rt_sigaction", 25: "mremap", 28: "madvise",
        41: "socket", 53: "socketpair", 56: "clone", 57: "fork", 58: "vfork", 59: "execve", 76: "truncate",
        77: "ftruncate", 82: "rename", 83: "mkdir", 84: "rmdir", 85: "creat", 86: "link", 87: "unlink",
        88: "symlink", 90: "chmod", 91: "fchmod", 93: "fchown", 101: "ptrace", 133: "mknod", 161: "chroot",
        165: "mount", 257: "openat", 258: "mkdirat", 259: "mknodat", 260: "fchownat", 263: "unlinkat",
        264: "renameat", 265: "linkat", 266: "symlinkat", 268: "fchmodat", 272: "unshare", 298: "perf_event_open",
        308: "setns", 310: "process_vm_readv", 311: "process_vm_writev", 316: "renameat2", 321: "bpf",
        322: "execveat", 323: "userfaultfd", 329: "pkey_mprotect", 425: "io_uring_setup", 434: "pidfd_open",
    },
    "aarch64": {
        33: "mknodat", 34: "mkdirat", 35: "unlinkat", 36: "symlinkat", 37: "linkat", 45: "truncate",
        46: "ftruncate", 56: "openat", 97: "unshare", 117: "ptrace", 134: "rt_sigaction", 198: "socket",
        199: "socketpair", 215: "munmap", 216: "mremap", 220: "clone", 221: "execve", 222: "mmap", 226: "mprotect",
        233: "madvise", 270: "process_vm_readv", 271: "process_vm_writev", 276: "renameat2", 281: "execveat",
        288: "pkey_mprotect",
    },
}


def syscall_name(nr: int, arch: str) -> str:
    return _SYSCALLS.get(arch, {}).get(nr, f"system call {nr}")


def _message(kind: str, err: dict[str, Any], stage: str, request: RunRequest) -> str:
    """One sentence for a failure the judge reported; text the kernel supplied is quoted, never trusted."""
    where = stage_phrase(stage)
    said = str(err.get("message") or "")[:300]
    code = int(err.get("code") or 0)
    if kind == "timeout":
        return f"the kernel did not finish within {request.deadline_s:g} s ({where})"
    if kind == "denied":
        name = syscall_name(code, str(err.get("arch") or platform.machine()))
        return f"the sandbox denied the kernel's {name} call {where}: kernels may not do that"
    if kind == "crash":
        return _crash_message(code, where)
    if kind in ("out_of_bounds", "input_mutated"):
        return f"{said} {where}"
    if kind in ("no_creator", "duplicate_creator", "create_failed", "resize_failed", "execute_failed", "exception",
                "not_exercised"):
        return said or kind.replace("_", " ")
    if kind == "bad_setup":
        return f"the kernel host could not start: {said}"
    return f"the judge failed: {said or kind}"


def _crash_message(code: int, where: str) -> str:
    if code >= 0:
        return f"the kernel exited with status {code} {where}"
    sig = -code
    names = {11: "SIGSEGV", 7: "SIGBUS", 24: "SIGXCPU", 25: "SIGXFSZ", 6: "SIGABRT", 9: "SIGKILL", 8: "SIGFPE",
             4: "SIGILL", 31: "SIGSYS"}
    name = names.get(sig, f"signal {sig}")
    if name == "SIGSEGV":
        return (f"the kernel crashed with SIGSEGV (invalid memory access: out of bounds, or a write to an "
                f"input, which is read-only) {where}")
    if name == "SIGXCPU":
        return f"the kernel used up its CPU-time limit {where}"
    if name == "SIGXFSZ":
        return f"the kernel wrote a file over the size limit {where}"
    if name == "SIGABRT":
        return f"the kernel aborted (SIGABRT; out of memory ends this way too) {where}"
    return f"the kernel was killed by {name} {where}"
