"""Target `mnn`: a candidate judged inside a built MNN tree, against MNN's own kernel from the same build.

The candidate compiles against the tree's real headers with exactly the flags MNN's CMake gives
`source/backend/cpu/*.cpp` (read from the build's `compile_commands.json`), and links with the objects of
the tree's `libMNN` (gathered into a static archive, since the shared library hides everything but MNN's
public API) and the tree's kernel host (`kernel_host.cpp`). The candidate's objects come first and the
link allows one definition to shadow another, so the registrar MNN's `registerCPUOps` calls for the op
is the candidate's: it must register under the name MNN's own file uses (`admit` checks before building).

The baseline is MNN's own kernel: MNN's file for the op, built and linked exactly as a candidate is (so the
two executables differ only in that file), checked against the task first, then run by the same judge
beside the candidate: the judge alternates their timed calls on the same inputs and thread count (A/B/A/B,
`toolchain/driver/PROTOCOL.md`), so the machine's slow spells hit both. Results say
`baseline.source = mnn-tree@<commit>` and `provenance.judge.baseline_timing = "interleaved"`.

How the op runs (`whole_model`): alone, over the judge's memory, when MNN hands the converter's op to its
CPU kernel unchanged; as the whole model in an MNN session when MNN rewrites the op first (a geometry
computer is registered for its type in the tree's `source/geometry/`) or runs it on NC4HW4 (its x86
backend packs channels by 8 or 16, not by the 4 the judge would lay out). A session is what an
application runs, conversions and all; the judge then feeds the graph's inputs and checks its outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import secrets
import shlex
import subprocess
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from toolchain.baseline import BaselineError
from toolchain.builder import (
    DRIVER_DIR,
    DRIVER_FLAGS,
    JUDGE_SOURCE,
    Builder,
    BuildError,
    DriverJob,
    Toolchain,
    probe_compiler,
    run_trusted,
    sealed_output,
)
from toolchain.cache import cache_dir
from toolchain.candidate import Candidate
from toolchain.mnn.dropin import REGISTRAR, DropInError, original_for, tree_lock
from toolchain.mnn.tree import CPU_DIR, MnnTree, MnnTreeError, first_error, open_tree
from toolchain.problem import graph_inputs, graph_outputs
from toolchain.runner import LocalRunner, RunOutcome, RunRequest, TimingPlan
from toolchain.sandbox import Limits
from toolchain.target_types import Refusal, Target, TargetError, cpu_model

HOST_SOURCE = Path(__file__).with_name("kernel_host.cpp")
HOST_DRIVER_SOURCES = ("seal.cpp", "json.cpp")  # the generic host's own translation units (no MNN headers)
# The objects of libMNN: every input of its link line in the build's ninja file.
LIB_LINE = re.compile(r"^build libMNN\.so: \S+ (.*?)(?: \|.*)?$", re.M)
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
GEOMETRY = re.compile(r"registerGeometryComputer\(\s*\w+\s*,\s*\{([^}]*)\}")


@dataclass(frozen=True)
class TreeCompile:
    """How MNN's build compiles a file of `source/backend/cpu/`: the compiler, its flags, its include dirs."""

    cxx: str
    flags: tuple[str, ...]
    includes: tuple[Path, ...]


def cpu_compile(tree: MnnTree) -> TreeCompile:
    """From the build's compile_commands.json: the command of a CPU op file, minus its file and output."""
    try:
        entries = json.loads((tree.build_dir / "compile_commands.json").read_text())
    except (OSError, ValueError) as exc:
        raise MnnTreeError(f"the MNN build at {tree.build_dir} has no readable compile_commands.json: {exc}") from None
    cpu = str(tree.root / CPU_DIR) + "/"
    entry = next((e for e in entries if e.get("file", "").startswith(cpu) and e["file"].endswith(".cpp")
                  and "/" not in e["file"][len(cpu):]), None)
    if entry is None:
        raise MnnTreeError(f"the MNN build at {tree.build_dir} compiles no file of {CPU_DIR}")
    argv = shlex.split(entry["command"])
    flags: list[str] = []
    includes: list[Path] = []
    skip = False
    for arg in argv[1:]:
        if skip:
            skip = False
        elif arg in ("-o", "-c"):
            skip = True
        elif arg.startswith("-I"):
            includes.append(Path(arg[2:]))
        else:
            flags.append(arg)
    return TreeCompile(argv[0], tuple(flags), tuple(includes))


def lib_objects(tree: MnnTree) -> list[Path]:
    text = (tree.build_dir / "build.ninja").read_text().replace("$\n", "")
    m = LIB_LINE.search(text)
    if not m:
        raise MnnTreeError(f"the MNN build at {tree.build_dir} does not build libMNN.so")
    return [tree.build_dir / o for o in m[1].split() if o.endswith(".o")]


class MnnBuilder(Builder):
    """Builds a candidate as the tree builds its CPU files, into the tree's kernel host."""

    def __init__(self, tree: MnnTree, isolate: bool = True) -> None:
        self.tree = tree
        self.compile = cpu_compile(tree)
        c = probe_compiler(self.compile.cxx)
        toolchain = Toolchain(cxx=c.cxx, flags=(*self.compile.flags, *c.diagnostics), label=f"{tree.label} {c.version}",
                              json_diagnostics=c.is_gcc, link_flags=("-pthread", *c.gold, "-Wl,-z,noexecstack"),
                              driver_flags=(*DRIVER_FLAGS, *c.diagnostics))
        super().__init__(toolchain, include_dir=tree.root / "include", driver_dir=DRIVER_DIR, isolate=isolate)

    @cached_property
    def objects_digest(self) -> str:
        """The state of libMNN's objects, after bringing them up to date (a drop-in check leaves the
        candidate's object in the build until the next build)."""
        with tree_lock(self.tree):  # no drop-in check midway: the tree holds MNN's own sources
            argv = ["ninja", "-C", str(self.tree.build_dir), "libMNN.so"]
            try:
                proc = subprocess.run(argv, capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise BuildError(f"bringing the MNN build up to date failed: {exc}") from None
            if proc.returncode != 0:
                raise BuildError(f"bringing the MNN build up to date failed: {first_error(proc.stdout)}")
            h = hashlib.sha256(self.tree.digest.encode())
            for obj in lib_objects(self.tree):
                st = obj.stat()
                h.update(f"{obj}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
            return h.hexdigest()

    @cached_property
    def api_digest(self) -> str:
        ours = hashlib.sha256()
        for path in (HOST_SOURCE, *sorted(DRIVER_DIR.iterdir()), JUDGE_SOURCE):
            if path.is_file():
                ours.update(path.name.encode() + b"\0" + path.read_bytes())
        return hashlib.sha256(f"{self.objects_digest}|{ours.hexdigest()}".encode()).hexdigest()

    @cached_property
    def driver_cache(self) -> Path:
        key = hashlib.sha256(f"{self.toolchain.key}|{self.api_digest}".encode()).hexdigest()[:20]
        return cache_dir("mnn-host", key)

    def include_dirs(self) -> tuple[Path, ...]:
        # MNN's neighbours of the replaced file resolve as they would in source/backend/cpu/ (after the
        # candidate's own headers, which stand beside it).
        return (*self.compile.includes, self.tree.root / CPU_DIR)

    def visible_dirs(self) -> tuple[Path, ...]:
        return (self.tree.root, self.driver_cache)

    def diagnostic_roots(self) -> dict[Path, str]:
        return {self.tree.root.resolve(): "mnn/"}

    def candidate_flags(self) -> tuple[str, ...]:
        return ()  # the tree's file gets no prelude: what it does not include, it does not have

    def link_command(self, driver_objs: list[Path], objects: list[Path], out: Path) -> list[str]:
        # The candidate before the archive, and one definition may shadow another: its registrar (and
        # classes) stand in for those of MNN's file for the op, whose other registrars still link.
        return [self.toolchain.cxx, *self.toolchain.link_flags, *map(str, driver_objs), *map(str, objects),
                str(self.archive), "-Wl,--allow-multiple-definition", "-ldl", "-o", str(out)]

    @cached_property
    def archive(self) -> Path:
        """libMNN's objects as one static archive, made once per state of the build."""
        return sealed_output(self.driver_cache / "libmnn-objects.a", lambda tmp: run_trusted(
            ["ar", "rcs", str(tmp), *map(str, lib_objects(self.tree))], "cannot archive MNN's objects", 300))

    def driver_jobs(self) -> tuple[list[Path], list[DriverJob]]:
        """The tree's kernel host (MNN's headers and defines, our language level) and the generic host's own
        units."""
        out = self.driver_cache
        defines = tuple(f for f in self.compile.flags if f.startswith("-D"))
        jobs = [DriverJob(HOST_SOURCE, out / "kernel_host.o", (DRIVER_DIR,), defines)] + [
            DriverJob(DRIVER_DIR / name, out / (Path(name).stem + ".o"), (DRIVER_DIR,)) for name in HOST_DRIVER_SOURCES]
        return [job.out for job in jobs], jobs

@cache
def rewritten_ops(tree: MnnTree) -> frozenset[str]:
    """Op types MNN's geometry pass may rewrite before a CPU kernel sees them (for any compiler)."""
    names: set[str] = set()
    for path in sorted((tree.root / "source" / "geometry").glob("*.cpp")):
        for group in GEOMETRY.findall(path.read_text(errors="replace")):
            names.update(re.findall(r"OpType_(\w+)", group))
    return frozenset(names)


def whole_model(tree: MnnTree, problem: Any) -> bool:
    """Run the task's whole model as an MNN session rather than its op alone (see the module's docstring)."""
    nc4 = any(t.format == "NC4HW4" for t in (*(o.tensor for o in problem.op_inputs), *problem.outputs))
    return nc4 or problem.mnn_op_type in rewritten_ops(tree)


def mnn_own_candidate(tree: MnnTree, op_type: str | None) -> Candidate:
    """MNN's file registering `op_type`, and its header: the baseline's kernel. Raises DropInError."""
    if not op_type:
        raise DropInError("the task has no single MNN op")
    original = original_for(tree, op_type)
    header = original.with_suffix(".hpp")
    return Candidate({p.name: p.read_text(errors="replace") for p in (original, header) if p.is_file()})


def admit(tree: MnnTree, problem: Any, candidate: Candidate) -> Refusal | None:
    """Before building: the tree has a CPU kernel for this op, and the candidate registers under the name
    MNN calls."""
    op_type = problem.mnn_op_type
    if not op_type:
        return Refusal("the task has no single MNN op, so there is no MNN kernel to run it against")
    try:
        original = original_for(tree, op_type)
    except DropInError as exc:
        return Refusal(str(exc))
    wanted = [c for c, op in REGISTRAR.findall(original.read_text(errors="replace")) if op == op_type]
    sources = {n: COMMENT.sub("", t) for n, t in candidate.files.items()}
    have = [(n, c, op) for n, t in sources.items() for c, op in REGISTRAR.findall(t)]
    if any(c in wanted and op == op_type for _, c, op in have):
        return None
    theirs = ", ".join(f"REGISTER_CPU_OP_CREATOR({c}, OpType_{op})" for _, c, op in have) or "no creator"
    return Refusal(f"MNN's registerCPUOps calls REGISTER_CPU_OP_CREATOR({wanted[0]}, OpType_{op_type}) from "
                   f"{original.name}; the kernel registers {theirs}: register under that name, or MNN runs its own "
                   "kernel instead", candidate=True, file=candidate.sources[0] if candidate.sources else "")


class TreeBaseline:
    """MNN's own kernel for the op, run by the judge in the tree's host (the `DeviceBaseline` of target mnn)."""

    def __init__(self, target: Target, problem: Any, buffers: tuple[np.ndarray, ...], threads: int,
                 exe: Path, label: str) -> None:
        self.source = label
        self.exe = self.interleaved = exe
        self.runner = target.runner
        whole = bool(target.whole_model and target.whole_model(problem))
        ins, outs = ((graph_inputs(problem, buffers)[0], graph_outputs(problem)) if whole
                     else (tuple(o.tensor for o in problem.op_inputs), problem.outputs))
        self.request = RunRequest(op=problem.op, inputs=ins, outputs=outs, sets=(buffers,), threads=threads,
                                  model=problem.mnn_path, session=whole)

    def outputs(self) -> tuple[np.ndarray, ...]:
        return self._run(None).checked[0].outputs

    def time(self, warmup: int, min_repeats: int, min_time_ms: float, max_repeats: int = 100000) -> list[float]:
        plan = TimingPlan(warmup=warmup, min_repeats=min_repeats, min_time_ms=min_time_ms, max_repeats=max_repeats)
        return [s / 1e6 for s in self._run(plan).samples_ns]

    def _run(self, timing: TimingPlan | None) -> RunOutcome:
        request = RunRequest(**{**self.request.__dict__, "timing": timing, "seed": secrets.randbits(63)})
        outcome = self.runner.run(self.exe, request)
        if outcome.failure is not None or not outcome.checked:
            raise BaselineError(f"MNN's own kernel failed in the tree's host: {outcome.message or outcome.failure}")
        return outcome


def mnn_target(source: str, limits: Limits | None = None) -> Target:
    """The tree at `source` (a checkout or tarball, set up with `mkb mnn setup`) as a target."""
    try:
        tree = open_tree(source)
    except MnnTreeError as exc:
        raise TargetError(str(exc)) from None
    if not tree.ready:
        raise TargetError(f"the MNN tree at {tree.root} is not built yet: run `mkb mnn setup` first "
                          "(about 9 minutes the first time on two cores)")
    try:
        builder = MnnBuilder(tree, isolate=limits.isolate if limits is not None else True)
        builder.archive  # noqa: B018 -- brings the build up to date now, not inside the first evaluation
    except (MnnTreeError, OSError) as exc:
        raise TargetError(str(exc)) from None

    def baseline(target: Target, problem: Any, buffers: tuple[np.ndarray, ...], threads: int) -> TreeBaseline:
        # MNN's own file for the op, built and linked exactly as a candidate is (same flags, same place in the
        # link): the two executables differ only in that file, so code layout favours neither side.
        try:
            own = mnn_own_candidate(tree, problem.mnn_op_type)
            build = builder.build(own)
        except (DropInError, BuildError, OSError) as exc:
            raise BaselineError(f"MNN's own kernel cannot be built: {exc}") from None
        if not build.ok or build.exe is None:
            first = build.errors[0].message if build.errors else "no executable"
            raise BaselineError(f"MNN's own {own.sources[0]} does not build as the tree's kernel host: {first}")
        return TreeBaseline(target, problem, buffers, threads, build.exe, tree.label)

    device = {"kind": "mnn-tree", "tree": tree.label, "mnn": tree.version, "root": str(tree.root),
              "cpu": cpu_model(), "cores": os.cpu_count(), "arch": platform.machine(),
              "os": f"{platform.system()} {platform.release()}", "host_tuned": False}
    return Target("mnn", builder, LocalRunner(limits, judge=builder.judge), device, device_baseline=baseline,
                  admit=lambda problem, candidate: admit(tree, problem, candidate), reads_model=True,
                  whole_model=lambda problem: whole_model(tree, problem))
