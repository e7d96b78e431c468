"""The Builder: candidate sources → one executable (candidate objects + the cached driver objects).

The driver (`toolchain/driver/*.cpp`) is compiled once per toolchain, flags and API-header content, and
cached; a candidate then costs its own translation units and a link. Finished builds are cached by
the candidate's content too, so re-evaluating an unchanged kernel compiles nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import platform
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from tasks.cache import cache_dir
from toolchain.candidate import Candidate
from toolchain.diagnostics import parse_gcc_json, parse_linker, parse_text
from toolchain.result import Diagnostic

API_INCLUDE = Path(__file__).parent / "include"
DRIVER_DIR = Path(__file__).parent / "driver"
JUDGE_SOURCE = Path(__file__).parent / "judge" / "judge.cpp"
PRELUDE = DRIVER_DIR / "std_prelude.hpp"
# Where MNN keeps CPU ops: a candidate's `#include "backend/cpu/CPUFoo.hpp"` must resolve unchanged.
KERNEL_SUBDIR = Path("backend") / "cpu"
COMPILE_TIMEOUT_S = 120
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


@cache
def host_toolchain(cxx: str | None = None, extra_flags: tuple[str, ...] = (), tuned: bool = False) -> Toolchain:
    """MNN's flags for its CPU files; `tuned` adds -march=native (`--host-tuned`: faster here, not MNN)."""
    cxx = cxx or os.environ.get("CXX") or shutil.which("g++") or shutil.which("clang++")
    if not cxx or not shutil.which(cxx):
        raise BuildError("no C++ compiler found: install g++ (apt-get install g++) or set CXX")
    try:
        first = subprocess.run([cxx, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"the C++ compiler {cxx} does not run: {exc}") from None
    version = first.splitlines()[0] if first else cxx
    is_gcc = "clang" not in version.lower()
    diag = ("-fdiagnostics-format=json", "-fdiagnostics-column-unit=byte") if is_gcc else (
        "-fno-color-diagnostics", "-fno-caret-diagnostics")
    flags = (*mnn_cpu_flags(), *(HOST_TUNED_FLAGS if tuned else ()), *diag, *extra_flags)
    # gold links a kernel three times faster than bfd; the program is the same.
    link = ("-pthread", "-fuse-ld=gold") if is_gcc and shutil.which("ld.gold") else ("-pthread",)
    return Toolchain(cxx=cxx, flags=flags, label=f"host {version}", json_diagnostics=is_gcc, pch=is_gcc,
                     link_flags=link, driver_flags=(*DRIVER_FLAGS, *diag), host_tuned=tuned)


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
def _locked(path: Path) -> Iterator[None]:
    """An exclusive file lock, so parallel evaluations build the driver once, not twice at once."""
    with open(path, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


class Builder:
    def __init__(self, toolchain: Toolchain, include_dir: Path = API_INCLUDE, driver_dir: Path = DRIVER_DIR):
        self.toolchain = toolchain
        self.include_dir = include_dir
        self.driver_dir = driver_dir

    @cached_property
    def api_digest(self) -> str:
        return _tree_digest(self.include_dir, self.driver_dir, JUDGE_SOURCE.parent)

    def _compile_cmd(self, src: Path, obj: Path, extra_includes: tuple[Path, ...] = (),
                     extra: tuple[str, ...] = (), driver: bool = False) -> list[str]:
        includes = [f"-I{p}" for p in (*extra_includes, self.include_dir)]
        flags = self.toolchain.driver_flags if driver and self.toolchain.driver_flags else self.toolchain.flags
        return [self.toolchain.cxx, *flags, *extra, *includes, "-c", str(src), "-o", str(obj)]

    @cached_property
    def driver_cache(self) -> Path:
        key = hashlib.sha256(f"{self.toolchain.key}|{self.api_digest}".encode()).hexdigest()[:20]
        return cache_dir("driver", key)

    def prelude_flags(self) -> tuple[str, ...]:
        """`-include` of the standard prelude for candidates. The header is copied next to where its
        precompiled form will be (GCC looks for `<header>.gch` beside it); until that exists, or with a
        compiler that cannot use it, the same text is simply parsed."""
        header = self.driver_cache / PRELUDE.name
        if not header.exists():
            tmp = header.with_suffix(f".{os.getpid()}.tmp")
            shutil.copyfile(PRELUDE, tmp)
            os.replace(tmp, header)
        return ("-include", str(header))

    def driver_objects(self) -> list[Path]:
        out = self.driver_cache
        sources = sorted(self.driver_dir.glob("*.cpp"))
        objs = [out / (s.stem + ".o") for s in sources]
        gch = out / (PRELUDE.name + ".gch")
        if all(o.exists() for o in objs) and (gch.exists() or not self.toolchain.pch):
            return objs
        with _locked(out / ".lock"):
            jobs = [(s, o, (self.driver_dir,), (), True) for s, o in zip(sources, objs) if not o.exists()]
            if self.toolchain.pch and not gch.exists():  # included by candidates: their flags
                jobs.append((out / PRELUDE.name, gch, (), ("-x", "c++-header"), False))
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
                results = list(pool.map(lambda job: self._compile_one(*job), jobs))
            for (src, *_), (ok, text) in zip(jobs, results):
                if not ok:
                    first = next((ln for ln in text.splitlines() if "error" in ln), text.strip()[-300:])
                    raise BuildError(f"the evaluation driver ({src.name}) does not build with "
                                     f"{self.toolchain.label}: {first}")
        return objs

    def judge(self) -> Path:
        """The trusted judge for this toolchain's machine: built once from our own source, never linked with a
        candidate (only `channel.hpp` is shared with the kernel host)."""
        exe = self.driver_cache / "judge"
        if exe.exists():
            return exe
        with _locked(self.driver_cache / ".lock"):
            if exe.exists():
                return exe
            tmp = exe.with_suffix(f".{os.getpid()}.tmp")
            cmd = [self.toolchain.cxx, *(self.toolchain.driver_flags or self.toolchain.flags), f"-I{self.driver_dir}",
                   str(JUDGE_SOURCE),
                   *self.toolchain.link_flags, "-o", str(tmp)]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=COMPILE_TIMEOUT_S)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise BuildError(f"the judge could not be built with {self.toolchain.label}: {exc}") from None
            if proc.returncode != 0:
                first = next((ln for ln in proc.stderr.splitlines() if "error" in ln), proc.stderr.strip()[-300:])
                raise BuildError(f"the judge does not build with {self.toolchain.label}: {first}")
            os.replace(tmp, exe)
        return exe

    def _compile_one(self, src: Path, obj: Path, includes: tuple[Path, ...],
                     extra: tuple[str, ...] = (), driver: bool = False) -> tuple[bool, str]:
        tmp = obj.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp{obj.suffix}")
        try:
            proc = subprocess.run(self._compile_cmd(src, tmp, includes, extra, driver), capture_output=True, text=True,
                                  timeout=COMPILE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return False, f"{src.name}: compiling took longer than {COMPILE_TIMEOUT_S} s"
        except OSError as exc:
            raise BuildError(f"the C++ compiler could not be started: {exc.strerror}") from None
        if proc.returncode == 0:
            os.replace(tmp, obj)
        return proc.returncode == 0, proc.stderr + proc.stdout

    def start(self, candidate: Candidate) -> None:
        """Begin building in the background; a later `build` of the same candidate picks the result up."""
        def quietly() -> None:
            with contextlib.suppress(Exception):  # the caller's own build() reports any failure
                self.build(candidate)

        threading.Thread(target=quietly, daemon=True).start()

    def build(self, candidate: Candidate) -> BuildResult:
        key = hashlib.sha256(f"{candidate.digest}|{self.toolchain.key}|{self.api_digest}".encode()).hexdigest()
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
        if (cached / "kernel").exists():
            return BuildResult(True, cached / "kernel", cached=True, toolchain=self.toolchain.label,
                               flags=self.toolchain.flags)
        work = Path(tempfile.mkdtemp(prefix="mkb-build-"))
        try:
            return self._build_in(candidate, work, cached)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _build_in(self, candidate: Candidate, work: Path, cached: Path) -> BuildResult:
        src_dir = work / KERNEL_SUBDIR
        src_dir.mkdir(parents=True)
        for name, text in candidate.files.items():
            (src_dir / name).write_text(text)
        roots = {src_dir.resolve(): "", self.include_dir.resolve(): "api/"}
        t0 = time.perf_counter()
        prelude = self.prelude_flags()
        with ThreadPoolExecutor(max_workers=max(2, len(candidate.sources))) as pool:
            driver = pool.submit(self.driver_objects)
            pool.submit(self.judge)  # needed to run the kernel; built beside it the first time
            compiled = list(pool.map(
                lambda name: self._compile_one(src_dir / name, src_dir / (Path(name).stem + ".o"),
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
                diagnostics += (Diagnostic("error", "<compiler>", 0, 0, log.strip()[-500:] or "compile failed"),)
            return BuildResult(False, None, diagnostics, log, **common)

        t1 = time.perf_counter()
        objs = [str(src_dir / (Path(n).stem + ".o")) for n in candidate.sources]
        link_out = work / "kernel"
        try:
            proc = subprocess.run(
                [self.toolchain.cxx, *self.toolchain.link_flags, *objs, *map(str, driver_objs), "-o", str(link_out)],
                capture_output=True, text=True, timeout=COMPILE_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            raise BuildError(f"linking with {self.toolchain.label} took longer than {COMPILE_TIMEOUT_S} s") from None
        link_ms = (time.perf_counter() - t1) * 1e3
        if proc.returncode != 0:
            link_diags = parse_linker(proc.stderr) or [Diagnostic("error", "<link>", 0, 0, proc.stderr.strip()[-500:])]
            return BuildResult(False, None, diagnostics + tuple(link_diags), log + proc.stderr, link_ms=link_ms,
                               **common)
        cached.mkdir(parents=True, exist_ok=True)
        tmp = cached / f"kernel.{os.getpid()}.tmp"
        shutil.copy2(link_out, tmp)
        os.replace(tmp, cached / "kernel")
        return BuildResult(True, cached / "kernel", diagnostics, log, link_ms=link_ms, **common)
