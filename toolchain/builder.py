"""The Builder: candidate sources → one executable (candidate objects + the cached driver objects).

The driver (`toolchain/driver/*.cpp`) is compiled once per toolchain, flags and API-header content, and
cached; a candidate then costs its own translation units and a link. Finished builds are cached by
the candidate's content too, so re-evaluating an unchanged kernel compiles nothing.

A candidate's source can ask the compiler to read anything (`#include "/secret"`, `.incbin`, `/dev/zero`),
so its compile and link run in the sandbox (`toolchain.sandbox`): only the build dir (writable) and the
API include dir and driver cache (read-only) are visible, at their own paths so diagnostics read the same;
no network, no stdin, none of our environment, and memory, CPU, file-size and process limits. The driver
and the precompiled prelude are compiled from our own sources only, outside the sandbox, because they
are written into the driver cache, which no sandboxed process may write. Everything cached (driver
objects, prelude, kernels) is sealed with its digest when written and checked before use; a mismatch is
rebuilt and said so in the build log. A candidate object that strongly defines a runtime-library symbol
(its own `clock_gettime`, `memcmp`, `operator new`, ...) is a compile error naming the symbol.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import platform
import shutil
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

from toolchain import sandbox
from toolchain.cache import cache_dir
from toolchain.candidate import Candidate
from toolchain.diagnostics import parse_gcc_json, parse_linker, parse_text
from toolchain.integrity import ElfError, check_seal, demangle, interpositions, runs_before_main, seal, unseal
from toolchain.result import Diagnostic

API_INCLUDE = Path(__file__).parent / "include"
DRIVER_DIR = Path(__file__).parent / "driver"
JUDGE_SOURCE = Path(__file__).parent / "judge" / "judge.cpp"
PRELUDE = DRIVER_DIR / "std_prelude.hpp"
# Where MNN keeps CPU ops: a candidate's `#include "backend/cpu/CPUFoo.hpp"` must resolve unchanged.
KERNEL_SUBDIR = Path("backend") / "cpu"
COMPILE_TIMEOUT_S = 120
# Enough for any honest kernel at -O3 (a few hundred MB); `#include "/dev/zero"` hits it in about a second.
COMPILE_LIMITS = sandbox.Limits(wall_s=COMPILE_TIMEOUT_S, cpu_s=60, address_space_mb=2048, file_size_mb=512,
                                processes=128)
DIAGNOSTICS_CAP = 1 << 20  # bytes of compiler output kept: a template error can be long, never unbounded
# Builds under way in this process, by key: a second request for the same build waits for the first
# (so a build started early, before the heavy imports of an evaluation, is not done twice).
_inflight: dict[str, Future] = {}
_inflight_lock = threading.Lock()


class BuildError(Exception):
    """Our side of the build failed (no compiler, driver does not build); one sentence."""


@dataclass(frozen=True)
class Toolchain:
    """A C++ compiler and how we call it."""

    cxx: str
    flags: tuple[str, ...]  # the candidate's sources (and the prelude they include): what results record
    label: str  # e.g. "host g++ 12.2.0"
    json_diagnostics: bool  # GCC's -fdiagnostics-format=json
    link_flags: tuple[str, ...] = ("-pthread",)
    pch: bool = False  # GCC: precompile the standard prelude (same text either way; only faster)
    # Our own driver and judge (C++17, exceptions): never the candidate's flags, which may forbid both.
    driver_flags: tuple[str, ...] = ()
    host_tuned: bool = False  # -march=native: not what MNN ships; every result says so

    @cached_property
    def key(self) -> str:
        return hashlib.sha256(
            f"{self.cxx}|{self.label}|{self.flags}|{self.driver_flags}|{self.link_flags}".encode()).hexdigest()


# What MNN 3.6.1's CMake gives `source/backend/cpu/*.cpp` (read from its compile_commands.json on x86-64,
# Release, duplicates and the overridden -std=c++11 dropped): the candidate is built as MNN builds the
# file it replaces, at the baseline ISA. MNN reaches AVX2/AVX-512 only through per-ISA function tables.
MNN_CPU_FLAGS = (
    "-std=gnu++11", "-D__STRICT_ANSI__", "-O3", "-fvisibility-inlines-hidden", "-fvisibility=hidden",
    "-fomit-frame-pointer", "-funwind-tables", "-fstrict-aliasing", "-ffunction-sections", "-fdata-sections",
    "-fno-rtti", "-fno-exceptions", "-DNDEBUG", "-fPIC",
    "-DMNN_SUPPORT_DEPRECATED_OPV2", "-DMNN_SUPPORT_QUANT_EXTEND", "-DMNN_USE_THREAD_POOL",
    "-DMNN_USE_SPARSE_COMPUTE",
)
HOST_TUNED_FLAGS = ("-march=native",)


def mnn_cpu_flags() -> tuple[str, ...]:
    """MNN_CPU_FLAGS plus the SIMD define MNN's CMake adds on this machine (x86: -DMNN_USE_SSE; on ARM
    `core/Macro.h` defines MNN_USE_NEON itself)."""
    return (*MNN_CPU_FLAGS, *(("-DMNN_USE_SSE",) if platform.machine().lower() in ("x86_64", "amd64") else ()))
DRIVER_FLAGS = ("-O3", "-std=c++17", "-pthread")


GCC_DIAG = ("-fdiagnostics-format=json", "-fdiagnostics-column-unit=byte")  # what toolchain.diagnostics parses
CLANG_DIAG = ("-fno-color-diagnostics", "-fno-caret-diagnostics")


@dataclass(frozen=True)
class Compiler:
    """What we need to know of a C++ compiler to call it: its version line, machine-readable diagnostics,
    and the linker flag for gold where GCC can use it (gold links a kernel three times faster than bfd)."""

    cxx: str
    version: str
    is_gcc: bool
    diagnostics: tuple[str, ...]
    gold: tuple[str, ...]


def probe_compiler(cxx: str) -> Compiler:
    """Raises BuildError when `cxx` does not run."""
    try:
        first = subprocess.run([cxx, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"the C++ compiler {cxx} does not run: {exc}") from None
    version = first.splitlines()[0] if first else cxx
    is_gcc = "clang" not in version.lower()
    gold = ("-fuse-ld=gold",) if is_gcc and shutil.which("ld.gold") else ()
    return Compiler(cxx, version, is_gcc, GCC_DIAG if is_gcc else CLANG_DIAG, gold)


@cache
def host_toolchain(cxx: str | None = None, extra_flags: tuple[str, ...] = (), tuned: bool = False) -> Toolchain:
    """MNN's flags for its CPU files; `tuned` adds -march=native (`--host-tuned`: faster here, not MNN)."""
    cxx = cxx or os.environ.get("CXX") or shutil.which("g++") or shutil.which("clang++")
    if not cxx or not shutil.which(cxx):
        raise BuildError("no C++ compiler found: install g++ (apt-get install g++) or set CXX")
    c = probe_compiler(cxx)
    flags = (*mnn_cpu_flags(), *(HOST_TUNED_FLAGS if tuned else ()), *c.diagnostics, *extra_flags)
    return Toolchain(cxx=cxx, flags=flags, label=f"host {c.version}", json_diagnostics=c.is_gcc, pch=c.is_gcc,
                     link_flags=("-pthread", *c.gold), driver_flags=(*DRIVER_FLAGS, *c.diagnostics), host_tuned=tuned)


@dataclass(frozen=True)
class DriverJob:
    """One file of ours compiled into the driver cache: `source` to `out`, with `includes` and `extra` flags,
    and the driver's flags (`driver`) or the candidates'."""

    source: Path
    out: Path
    includes: tuple[Path, ...]
    extra: tuple[str, ...] = ()
    driver: bool = True


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    exe: Path | None
    diagnostics: tuple[Diagnostic, ...] = ()
    log: str = ""
    compile_ms: float = 0.0
    link_ms: float = 0.0
    cached: bool = False
    toolchain: str = ""
    flags: tuple[str, ...] = field(default=())

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def _tree_digest(*dirs: Path) -> str:
    """Names, sizes and modification times: any edit changes it, and it costs no file reads."""
    h = hashlib.sha256()
    for d in dirs:
        for p in sorted(d.rglob("*")):
            if p.is_file() and p.suffix in (".h", ".hpp", ".cpp"):
                st = p.stat()
                h.update(f"{p.relative_to(d)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive file lock, so parallel evaluations build the driver once, not twice at once."""
    with open(path, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def sealed_output(path: Path, make: Callable[[Path], None]) -> Path:
    """`path`, made by `make(tmp)` (then moved into place and sealed) when it is missing or not as sealed; one
    maker at a time per folder."""
    if check_seal(path) is None:
        return path
    with file_lock(path.parent / ".lock"):
        if check_seal(path) is None:
            return path
        unseal(path)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.unlink(missing_ok=True)
        make(tmp)
        os.replace(tmp, path)
        seal(path)
    return path


def run_trusted(argv: list[str], failure: str, timeout: float = COMPILE_TIMEOUT_S) -> None:
    """One of our own build steps (outside the sandbox, with none of our environment and no stdin); raises
    BuildError starting with `failure` and the tool's first error line."""
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                              env=dict(sandbox.CLEAN_ENV))
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"{failure}: {exc}") from None
    if proc.returncode != 0:
        first = next((ln for ln in proc.stderr.splitlines() if "error" in ln), proc.stderr.strip()[-300:])
        raise BuildError(f"{failure}: {first}")


class Builder:
    def __init__(self, toolchain: Toolchain, include_dir: Path = API_INCLUDE, driver_dir: Path = DRIVER_DIR,
                 isolate: bool = True):
        self.toolchain = toolchain
        self.include_dir = include_dir
        self.driver_dir = driver_dir
        self.isolate = isolate  # False only on the user's explicit --no-sandbox

    @cached_property
    def api_digest(self) -> str:
        return _tree_digest(self.include_dir, self.driver_dir, JUDGE_SOURCE.parent)

    def include_dirs(self) -> tuple[Path, ...]:
        """Where a candidate's `#include`s resolve, after its own dir: the API headers."""
        return (self.include_dir,)

    def visible_dirs(self) -> tuple[Path, ...]:
        """What the sandboxed compiler and linker may read besides the build dir (ours, read-only)."""
        return (self.include_dir, self.driver_cache)

    def diagnostic_roots(self) -> dict[Path, str]:
        """How diagnostics name files outside the candidate's own: by a prefix per root."""
        return {self.include_dir.resolve(): "api/"}

    def candidate_flags(self) -> tuple[str, ...]:
        return self.prelude_flags()

    def link_command(self, driver_objs: list[Path], objects: list[Path], out: Path) -> list[str]:
        # The driver's objects first: its .preinit_array entry (the seal) must run before anything else.
        return [self.toolchain.cxx, *self.toolchain.link_flags, *map(str, driver_objs), *map(str, objects),
                "-o", str(out)]

    def _compile_cmd(self, src: Path, obj: Path, extra_includes: tuple[Path, ...] = (),
                     extra: tuple[str, ...] = (), driver: bool = False) -> list[str]:
        includes = [f"-I{p}" for p in (*extra_includes, *self.include_dirs())]
        flags = self.toolchain.driver_flags if driver and self.toolchain.driver_flags else self.toolchain.flags
        return [self.toolchain.cxx, *flags, *extra, *includes, "-c", str(src), "-o", str(obj)]

    @cached_property
    def driver_cache(self) -> Path:
        key = hashlib.sha256(f"{self.toolchain.key}|{self.api_digest}".encode()).hexdigest()[:20]
        return cache_dir("driver", key)

    @cached_property
    def compiler_dirs(self) -> tuple[Path, ...]:
        """The compiler's own installation when it is outside the system dirs the sandbox always shows
        (an Android NDK: `<prefix>/bin/clang++` beside `<prefix>/lib` and `<prefix>/sysroot`)."""
        cxx = shutil.which(self.toolchain.cxx) or self.toolchain.cxx
        dirs = []
        for path in dict.fromkeys((Path(cxx).absolute(), Path(cxx).resolve())):
            if not any(path.is_relative_to(d) for d in sandbox.SYSTEM_DIRS):
                dirs.append(path.parent.parent)
        return tuple(dict.fromkeys(dirs))

    def prelude_flags(self) -> tuple[str, ...]:
        """`-include` of the standard prelude for candidates. The header is copied next to where its
        precompiled form will be (GCC looks for `<header>.gch` beside it); until that exists, or with a
        compiler that cannot use it, the same text is simply parsed."""
        header = self.driver_cache / PRELUDE.name
        if not header.exists() or check_seal(header) is not None:
            tmp = header.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            shutil.copyfile(PRELUDE, tmp)
            os.replace(tmp, header)
            seal(header)
        gch = header.with_name(header.name + ".gch")
        if gch.exists() and check_seal(gch) is not None:
            unseal(gch)  # not the one we built: parse the text until `driver_objects` builds it again
        return ("-include", str(header))

    def driver_jobs(self) -> tuple[list[Path], list[DriverJob]]:
        """The driver objects a candidate links with, and every cached file they take to make (the objects,
        and the precompiled prelude candidates include, which gets their flags)."""
        out = self.driver_cache
        sources = sorted(self.driver_dir.glob("*.cpp"))
        objs = [out / (s.stem + ".o") for s in sources]
        jobs = [DriverJob(s, o, (self.driver_dir,)) for s, o in zip(sources, objs)]
        if self.toolchain.pch:
            jobs.append(DriverJob(out / PRELUDE.name, out / (PRELUDE.name + ".gch"), (), ("-x", "c++-header"),
                                  driver=False))
        return objs, jobs

    def driver_objects(self, notes: list[str] | None = None) -> list[Path]:
        """The cached driver objects (and precompiled prelude), built when missing or not as sealed;
        a rebuild of a tampered file is added to `notes`."""
        objs, wanted = self.driver_jobs()
        if all(check_seal(job.out) is None for job in wanted):
            return objs
        with file_lock(self.driver_cache / ".lock"):
            jobs = []
            for job in wanted:
                why = check_seal(job.out)
                if why is None:
                    continue
                if job.out.exists() and notes is not None:
                    notes.append(f"rebuilt the cached {job.out.name}: {why}")
                unseal(job.out)
                jobs.append(job)
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
                results = list(pool.map(
                    lambda j: self._compile_trusted(j.source, j.out, j.includes, j.extra, j.driver), jobs))
            for job, (ok, text) in zip(jobs, results):
                if not ok:
                    first = next((ln for ln in text.splitlines() if "error" in ln), text.strip()[-300:])
                    raise BuildError(f"the evaluation driver ({job.source.name}) does not build with "
                                     f"{self.toolchain.label}: {first}")
        return objs

    def judge(self) -> Path:
        """The trusted judge for this toolchain's machine: built once from our own source, never linked with a
        candidate (only `channel.hpp` is shared with the kernel host), sealed like the driver objects."""
        def make(tmp: Path) -> None:
            run_trusted([self.toolchain.cxx, *(self.toolchain.driver_flags or self.toolchain.flags),
                         f"-I{self.driver_dir}", str(JUDGE_SOURCE), *self.toolchain.link_flags, "-o", str(tmp)],
                        f"the judge does not build with {self.toolchain.label}")

        return sealed_output(self.driver_cache / "judge", make)

    def _compile_trusted(self, src: Path, obj: Path, includes: tuple[Path, ...],
                         extra: tuple[str, ...] = (), driver: bool = False) -> tuple[bool, str]:
        """Our own sources into the driver cache: outside the sandbox (which must never write there), but
        with none of our environment and no stdin all the same."""
        tmp = obj.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp{obj.suffix}")
        try:
            proc = subprocess.run(self._compile_cmd(src, tmp, includes, extra, driver), capture_output=True, text=True,
                                  timeout=COMPILE_TIMEOUT_S, stdin=subprocess.DEVNULL, env=dict(sandbox.CLEAN_ENV))
        except subprocess.TimeoutExpired:
            return False, f"{src.name}: compiling took longer than {COMPILE_TIMEOUT_S} s"
        except OSError as exc:
            raise BuildError(f"the C++ compiler could not be started: {exc.strerror}") from None
        if proc.returncode == 0:
            os.replace(tmp, obj)
            seal(obj)
        return proc.returncode == 0, proc.stderr + proc.stdout

    def _compile_one(self, box: _Box, src: Path, obj: Path, includes: tuple[Path, ...],
                     extra: tuple[str, ...] = ()) -> tuple[bool, str]:
        """A candidate's translation unit, compiled in the sandbox."""
        return box.run(self._compile_cmd(src, obj, includes, extra), src.name)

    def start(self, candidate: Candidate) -> None:
        """Begin building in the background; a later `build` of the same candidate picks the result up."""
        def quietly() -> None:
            with contextlib.suppress(Exception):  # the caller's own build() reports any failure
                self.build(candidate)

        threading.Thread(target=quietly, daemon=True).start()

    def build(self, candidate: Candidate) -> BuildResult:
        # An unsandboxed build is cached apart: what its compiler could read must not reach a sandboxed run.
        mode = "" if self.isolate else "|unsandboxed"
        key = hashlib.sha256(
            f"{candidate.digest}|{self.toolchain.key}|{self.api_digest}{mode}".encode()).hexdigest()
        with _inflight_lock:
            running = _inflight.get(key)
            if running is None:
                _inflight[key] = mine = Future()
        if running is not None:
            return running.result()
        try:
            result = self._build(candidate, cache_dir("builds") / key[:24])
            mine.set_result(result)
            return result
        except BaseException as exc:
            mine.set_exception(exc)
            raise
        finally:
            with _inflight_lock:
                del _inflight[key]

    def _build(self, candidate: Candidate, cached: Path) -> BuildResult:
        kernel = cached / "kernel"
        notes: list[str] = []
        if kernel.exists():
            why = check_seal(kernel)
            if why is None:
                return BuildResult(True, kernel, cached=True, toolchain=self.toolchain.label,
                                   flags=self.toolchain.flags)
            # Never run a binary that is not the one we linked: build it again from the sources.
            notes.append(f"rebuilt the cached kernel: {why}")
            unseal(kernel)
        problem = sandbox.isolation_problem() if self.isolate else None
        if problem:  # before the driver's first build, not after it
            raise BuildError(problem)
        base = Path(tempfile.mkdtemp(prefix="mkb-build-"))
        try:
            result = self._build_in(candidate, base, cached, notes)
        finally:
            shutil.rmtree(base, ignore_errors=True)
        if notes:
            result = replace(result, log="\n".join([*notes, result.log]).strip())
        return result

    def _build_in(self, candidate: Candidate, base: Path, cached: Path, notes: list[str]) -> BuildResult:
        # `tree` is all the sandbox may write; `logs` (the compiler's captured output) it never sees.
        work, logs = base / "tree", base / "logs"
        src_dir = work / KERNEL_SUBDIR
        src_dir.mkdir(parents=True)
        logs.mkdir(mode=0o700)
        os.chmod(base, 0o711)  # the sandbox's user may pass through to `tree`, not list or read `logs`
        for name, text in candidate.files.items():
            (src_dir / name).write_text(text)
        _hand_over(work)
        roots = {src_dir.resolve(): "", **self.diagnostic_roots()}
        t0 = time.perf_counter()
        prelude = self.candidate_flags()
        box = _Box(self, work, logs, self.visible_dirs(), self.compiler_dirs)
        with ThreadPoolExecutor(max_workers=max(2, len(candidate.sources))) as pool:
            driver = pool.submit(self.driver_objects, notes)
            pool.submit(self.judge)  # needed to run the kernel; built beside it the first time
            compiled = list(pool.map(
                lambda name: self._compile_one(box, src_dir / name, src_dir / (Path(name).stem + ".o"),
                                               (src_dir, work), prelude),
                candidate.sources,
            ))
            driver_objs = driver.result()
        compile_ms = (time.perf_counter() - t0) * 1e3
        log = "\n".join(text for _, text in compiled if text.strip())
        parse = parse_gcc_json if self.toolchain.json_diagnostics else parse_text
        diagnostics = tuple(parse(log, roots))
        common = dict(toolchain=self.toolchain.label, flags=self.toolchain.flags, compile_ms=compile_ms)
        if not all(ok for ok, _ in compiled):
            if not any(d.severity == "error" for d in diagnostics):
                # No diagnostic GCC could place (the assembler's, out of memory): its own words, minus the
                # empty JSON list it printed.
                plain = "\n".join(ln for ln in log.splitlines() if ln.strip() not in ("", "[]"))
                diagnostics += (Diagnostic("error", "<compiler>", 0, 0, plain[-500:] or "compile failed"),)
            return BuildResult(False, None, diagnostics, log, **common)

        objects = [(n, src_dir / (Path(n).stem + ".o")) for n in candidate.sources]
        replaced = self._interposed(objects)
        if replaced:
            return BuildResult(False, None, diagnostics + tuple(replaced), log, **common)

        t1 = time.perf_counter()
        link_out = work / "kernel"
        ok, link_log = box.run(self.link_command(driver_objs, [o for _, o in objects], link_out), "link")
        link_ms = (time.perf_counter() - t1) * 1e3
        if not ok:
            link_diags = parse_linker(link_log) or [Diagnostic("error", "<link>", 0, 0, link_log.strip()[-500:])]
            return BuildResult(False, None, diagnostics + tuple(link_diags), log + link_log, link_ms=link_ms,
                               **common)
        cached.mkdir(parents=True, exist_ok=True)
        tmp = cached / f"kernel.{os.getpid()}.{threading.get_ident()}.tmp"
        shutil.copyfile(link_out, tmp)  # a copy of our own, owned by us: nobody's file stays behind
        os.chmod(tmp, 0o755)
        os.replace(tmp, cached / "kernel")
        seal(cached / "kernel")
        return BuildResult(True, cached / "kernel", diagnostics, log, link_ms=link_ms, **common)

    def _interposed(self, objects: list[tuple[str, Path]]) -> list[Diagnostic]:
        """A compile error for each runtime-library symbol the candidate defines (it would replace the
        library's, e.g. the timer or the comparison the judge uses)."""
        try:
            hits = interpositions(objects, self.toolchain)
            early = [(source, what) for source, obj in objects for what in runs_before_main(obj)]
        except (ElfError, OSError) as exc:
            return [Diagnostic("error", "<compiler>", 0, 0, f"the compiled object cannot be read: {exc}")]
        readable = demangle([sym for _, sym, _ in hits]) if hits else []
        return [*(Diagnostic("error", source, 0, 0,
                             f"defines `{name}`, which {lib} also defines: a kernel may not replace a runtime-library "
                             "symbol (make it static or put it in a namespace)")
                  for (source, _sym, lib), name in zip(hits, readable)),
                *(Diagnostic("error", source, 0, 0, f"has {what}, which would run before the sandbox is sealed: "
                             "a kernel may not") for source, what in early)]


class _Box:
    """How a candidate's compile and link run: sandboxed (unless --no-sandbox), limited, output captured."""

    def __init__(self, builder: Builder, work: Path, logs: Path, ours: Sequence[Path],
                 installed: Sequence[Path] = ()) -> None:
        self.builder, self.work, self.logs = builder, work, logs
        self.ours = ours  # small trees of ours, mirrored if the sandbox's user cannot reach them
        self.installed = installed  # a compiler's installation: too big to mirror, must be readable as is

    def run(self, argv: list[str], name: str) -> tuple[bool, str]:
        out = self.logs / f"{name}.{threading.get_ident()}"
        out.mkdir()
        isolate = self.builder.isolate
        try:
            if isolate:
                ro = {str(p): _visible_to_sandbox(p) for p in self.ours}
                for p in self.installed:
                    if os.geteuid() == 0 and not _nobody_can_reach(p):
                        raise BuildError(f"the compiler is installed in {p}, which the sandbox's user (nobody) "
                                         "cannot read: install it where every user can, or pass --no-sandbox")
                    ro[str(p)] = p
                argv = sandbox.isolated(argv, ro=ro, rw={str(self.work): self.work}, cwd=str(self.work))
            res = sandbox.run(argv, out, replace(COMPILE_LIMITS, isolate=isolate), as_nobody=isolate)
        except sandbox.SandboxError as exc:  # includes "this machine cannot isolate": the build refuses
            raise BuildError(str(exc)) from None
        text = _head(out / ".stderr") + _head(out / ".stdout")
        if res.timed_out:
            return False, text + f"\n{name}: the compiler took longer than {COMPILE_TIMEOUT_S} s and was stopped"
        if res.signal_name or res.returncode not in (0, 1):
            lim = COMPILE_LIMITS
            text += (f"\n{name}: the compiler stopped ({res.signal_name or f'exit {res.returncode}'}); it may "
                     f"use {lim.address_space_mb // 1024} GiB of memory and {lim.cpu_s} s of CPU")
        return res.returncode == 0, text


def _head(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            return f.read(DIAGNOSTICS_CAP).decode(errors="replace")
    except OSError:
        return ""


def _hand_over(work: Path) -> None:
    """The build tree, writable by the sandbox's user (nobody, when we are root)."""
    if os.geteuid() == 0:
        for d, _dirs, files in os.walk(work):
            os.chown(d, sandbox.NOBODY, sandbox.NOBODY)
            for f in files:
                os.chown(os.path.join(d, f), sandbox.NOBODY, sandbox.NOBODY)


def _nobody_can_reach(path: Path) -> bool:
    """`path` and every directory above it searchable by others."""
    p = path.resolve()
    try:
        return all(os.stat(d).st_mode & stat.S_IXOTH for d in (*reversed(p.parents), p))
    except OSError:
        return False


def _nobody_can_read(path: Path) -> bool:
    """`path` reachable and every file under it readable by others."""
    p = path.resolve()
    if not _nobody_can_reach(p):
        return False
    try:
        for d, _dirs, files in os.walk(p):
            if not os.stat(d).st_mode & stat.S_IXOTH:
                return False
            if any(not os.stat(os.path.join(d, f)).st_mode & stat.S_IROTH for f in files):
                return False
    except OSError:
        return False
    return True


def _visible_to_sandbox(path: Path) -> Path:
    """Where bwrap (run as nobody, when we are root) can bind `path` from: the path itself, or, when nobody
    cannot reach it (a cache under /root), a read-only copy of ours in the temp dir, bound at the original
    path so the compiler and its diagnostics see no difference."""
    if os.geteuid() != 0 or _nobody_can_read(path):
        return path
    src = path.resolve()
    mirror = Path(tempfile.gettempdir()) / f"mkb-ro-0-{hashlib.sha256(str(src).encode()).hexdigest()[:16]}"
    with contextlib.suppress(FileExistsError):
        os.mkdir(mirror, 0o755)
    st = os.lstat(mirror)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != 0 or st.st_mode & 0o022:
        raise BuildError(f"{mirror} is not a directory only root can write; remove it and evaluate again")
    for d, _dirs, files in os.walk(src):
        rel = Path(d).relative_to(src)
        (mirror / rel).mkdir(mode=0o755, exist_ok=True)
        for f in files:
            if f.startswith(".") or ".tmp" in f:
                continue  # our lock, and files still being written
            s, m = Path(d) / f, mirror / rel / f
            try:
                sst = s.stat()
            except FileNotFoundError:
                continue
            with contextlib.suppress(FileNotFoundError):
                mst = m.stat()
                if (mst.st_size, mst.st_mtime_ns) == (sst.st_size, sst.st_mtime_ns):
                    continue
            tmp = m.with_name(f".{f}.{os.getpid()}.{threading.get_ident()}.tmp")
            shutil.copy2(s, tmp)
            os.chmod(tmp, 0o644)
            os.replace(tmp, m)
    return mirror
