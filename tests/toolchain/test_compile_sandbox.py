"""The compiler as an attack surface: a candidate's source may ask it to read secrets, hang or eat memory,
redefine the runtime's timer, or find a tampered binary in the cache. Each must end as a compile error
(or a rebuild), quickly, with nothing leaked and nothing left running."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from toolchain import sandbox
from toolchain.builder import Builder, BuildResult, host_toolchain
from toolchain.candidate import Candidate
from toolchain.integrity import SEAL_SUFFIX
from toolchain.result import EvalResult, Status
from workbench.report import format_result

TEMPLATE = (REPO / "tests" / "kernels" / "relu_template.cpp").read_text()
CORRECT = "for (int i = 0; i < n; ++i) dst[i] = src[i] > 0.f ? src[i] : 0.f;"
SECRET = f"MKB-SECRET-{uuid.uuid4().hex}"

needs_isolation = pytest.mark.skipif(sandbox.isolation_problem() is not None,
                                     reason=f"cannot isolate here: {sandbox.isolation_problem()}")


def _candidate(top: str = "", body: str = CORRECT, name: str | None = None) -> Candidate:
    """The ReLU template with `top` at file scope; a unique file name, so leftover processes can be found."""
    name = name or f"CPUAttack{uuid.uuid4().hex[:10]}.cpp"
    return Candidate({name: top + "\n" + TEMPLATE.replace("@BODY@", body)})


@pytest.fixture(scope="module")
def builder() -> Builder:
    return Builder(host_toolchain())


@pytest.fixture(scope="module")
def secret_file() -> Iterator[Path]:
    """A secret every user of this machine may read: only the sandbox keeps it from the compiler."""
    d = Path(tempfile.mkdtemp(prefix="mkb-secret-"))
    os.chmod(d, 0o755)
    f = d / "secret.txt"
    f.write_text(f'"{SECRET}"\n')
    os.chmod(f, 0o644)
    yield f
    f.unlink()
    d.rmdir()


def _running_with(marker: str) -> list[str]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                cmd = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if marker in cmd:
                found.append(cmd)
    return found


def _assert_refused(r: BuildResult, candidate: Candidate) -> None:
    assert not r.ok and r.exe is None
    assert r.errors, "a failed build names its error"
    shown = r.log + "\n".join(d.message for d in r.diagnostics)
    assert SECRET not in shown
    marker = Path(candidate.sources[0]).stem
    assert _running_with(marker) == [], "nothing of the compile may outlive it"


@needs_isolation
@pytest.mark.parametrize("top", [
    '#include "{secret}"',
    'static const char* s = \n#include "{secret}"\n;',
    'asm(".incbin \\"{secret}\\"");',
    '#include "/proc/self/environ"',
    '#include "/proc/1/environ"',
    '#include "/etc/passwd"',
], ids=["include", "include_as_string", "incbin", "own_environ", "parent_environ", "etc"])
def test_reading_outside_the_build_is_a_compile_error(builder, secret_file, top):
    c = _candidate(top.format(secret=secret_file))
    r = builder.build(c)
    _assert_refused(r, c)


@needs_isolation
@pytest.mark.parametrize("path", ["/dev/zero", "/dev/stdin", "/dev/random", "/dev/tty"])
def test_endless_or_blocking_includes_end_quickly(builder, path):
    c = _candidate(f'#include "{path}"')
    t0 = time.perf_counter()
    r = builder.build(c)
    assert time.perf_counter() - t0 < 30, f"{path} took too long"
    _assert_refused(r, c)


def test_our_environment_does_not_reach_the_compiler(secret_file, monkeypatch):
    # GCC reads CPLUS_INCLUDE_PATH: if our environment reached it, `leak.hpp` would be found. Checked in
    # the --no-sandbox mode too, where only the clean environment stands between them.
    (secret_file.parent / "leak.hpp").write_text(f"const char* leak = \"{SECRET}\";\n")
    try:
        monkeypatch.setenv("CPLUS_INCLUDE_PATH", str(secret_file.parent))
        for isolate in ([True, False] if sandbox.isolation_problem() is None else [False]):
            c = _candidate('#include "leak.hpp"')
            r = Builder(host_toolchain(), isolate=isolate).build(c)
            _assert_refused(r, c)
            assert any("leak.hpp" in d.message for d in r.errors)
    finally:
        (secret_file.parent / "leak.hpp").unlink()


@pytest.mark.parametrize("top, symbol", [
    ('extern "C" int memcmp(const void*, const void*, size_t) noexcept { return 0; }', "memcmp"),
    ('#include <time.h>\nextern "C" int clock_gettime(clockid_t, timespec* t) noexcept { t->tv_sec = 0; return 0; }',
     "clock_gettime"),
    ('#include <sys/time.h>\nextern "C" int gettimeofday(timeval* tv, void*) noexcept { tv->tv_sec = 0; return 0; }',
     "gettimeofday"),
    ('#include <chrono>\nnamespace std { namespace chrono { inline namespace _V2 {\n'
     'steady_clock::time_point steady_clock::now() noexcept { return {}; } } } }',
     "std::chrono::_V2::steady_clock::now()"),
    ('extern "C" void* malloc(size_t n) noexcept { static char pool[1 << 20]; static size_t used; '
     'void* p = pool + used; used += (n + 15) & ~size_t(15); return p; }', "malloc"),
    ("#include <new>\nvoid* operator new(std::size_t n) { return std::calloc(1, n ? n : 1); }", "operator new"),
    ("int y1 = 3;", "y1"),  # a C-linkage global of the same name as libm's Bessel function
])
def test_redefining_a_runtime_symbol_is_a_compile_error(builder, top, symbol):
    c = _candidate(top)
    r = builder.build(c)
    assert not r.ok
    names = [d for d in r.errors if symbol in d.message]
    assert names, [str(d) for d in r.errors]
    assert names[0].file == c.sources[0]


def test_inline_and_template_code_the_library_also_has_is_fine(builder):
    # std::sort, std::vector<float>, std::string and lambdas make weak (COMDAT) symbols libstdc++ also has.
    top = ('#include <algorithm>\n#include <string>\n#include <functional>\n'
           'namespace { std::string tag() { return std::to_string(3); } }\n'
           'template class std::vector<float>;')
    body = ("std::vector<float> tmp(src, src + n); std::sort(tmp.begin(), tmp.end()); "
            "std::function<float(float)> f = [](float x) { return x > 0.f ? x : 0.f; }; (void)tag(); "
            "for (int i = 0; i < n; ++i) dst[i] = f(src[i]);")
    r = builder.build(_candidate(top, body))
    assert r.ok, [str(d) for d in r.errors]


def _tamper(path: Path, marker: Path) -> None:
    """Replace a cached binary by a script that leaves a mark when run."""
    path.write_text(f"#!/bin/sh\ntouch {marker}\n")
    os.chmod(path, 0o755)


def test_a_tampered_cached_kernel_is_rebuilt_not_used(builder, tmp_path):
    c = _candidate(name="CPUTamperCheck.cpp", body=CORRECT + f" /* {uuid.uuid4().hex} */")
    first = builder.build(c)
    assert first.ok and not first.cached
    good = first.exe.read_bytes()
    assert builder.build(c).cached  # untouched: reused
    _tamper(first.exe, tmp_path / "ran")
    again = builder.build(c)
    assert again.ok and not again.cached
    assert "rebuilt the cached kernel" in again.log and "digest" in again.log
    assert again.exe.read_bytes()[:4] == b"\x7fELF" and len(again.exe.read_bytes()) == len(good)
    # Same bytes, re-sealed: the next evaluation may reuse it again.
    assert builder.build(c).cached
    # A cached kernel with no record of its digest (written by anyone but us) is not trusted either.
    (again.exe.parent / ("kernel" + SEAL_SUFFIX)).unlink()
    assert not builder.build(c).cached


def test_a_tampered_driver_object_is_rebuilt(builder):
    builder.driver_objects()
    obj = sorted(builder.driver_cache.glob("*.o"))[0]
    original = obj.read_bytes()
    obj.write_bytes(original[:-16] + b"\0" * 16)
    notes: list[str] = []
    builder.driver_objects(notes)
    assert obj.read_bytes() == original
    assert any(obj.name in n for n in notes)


def test_a_tampered_kernel_is_not_run_by_evaluate(tmp_path, quick_options):
    from tasks.evaluation import evaluate
    from tasks.registry import get_task
    from toolchain.targets import host_target

    target = host_target()
    c = _candidate(name="CPUTamperEval.cpp", body=CORRECT + f" /* {uuid.uuid4().hex} */")
    built = target.builder.build(c)
    assert built.ok
    marker = tmp_path / "ran"
    os.chmod(tmp_path, 0o777)  # so that even a kernel run as nobody could leave the mark
    _tamper(built.exe, marker)
    r = evaluate(get_task("Relu"), c, target, quick_options)
    assert r.status is Status.OK, r.message
    assert not marker.exists(), "the tampered binary ran"


@needs_isolation
def test_the_build_cache_is_invisible_to_the_compiler(builder):
    # The compiler may see the build dir, the API headers and the driver cache (read-only), nothing else.
    from toolchain.cache import cache_dir

    probe = cache_dir("builds") / "probe.hpp"
    probe.write_text("int visible = 1;\n")
    try:
        c = _candidate(f'#include "{probe}"')
        _assert_refused(builder.build(c), c)
    finally:
        probe.unlink()


def test_sandbox_is_described_and_labelled():
    assert sandbox.describe(sandbox.Limits()) == "bubblewrap"
    assert sandbox.describe(sandbox.Limits(isolate=False)) == "none (--no-sandbox)"
    none = sandbox.describe(sandbox.Limits(isolate=False))
    r = EvalResult("Relu", Status.OK, "correct", provenance={"sandbox": none})
    assert "UNSANDBOXED" in format_result(r)
    assert "UNSANDBOXED" not in format_result(EvalResult("Relu", Status.OK, "correct",
                                                         provenance={"sandbox": "bubblewrap"}))


def test_timings_pane_labels_an_unsandboxed_result():
    from screens.panes import timing_row
    from workbench.controller import Iteration

    def where(provenance: dict) -> str:
        row = timing_row(Iteration(1, "human", {}, EvalResult("Relu", Status.OK, "correct", provenance=provenance)))
        return str(row[-1])

    assert "UNSANDBOXED" in where({"sandbox": "none (--no-sandbox)"})
    assert "UNSANDBOXED" not in where({"sandbox": "bubblewrap"})


def test_a_machine_that_cannot_isolate_refuses_to_build(monkeypatch, quick_options):
    from tasks.evaluation import evaluate
    from tasks.registry import get_task

    why = "this machine cannot isolate kernels (bubblewrap: simulated); pass --no-sandbox to run them unisolated"
    monkeypatch.setattr(sandbox, "isolation_problem", lambda: why)
    r = evaluate(get_task("Relu"), _candidate(body=CORRECT + f" /* {uuid.uuid4().hex} */"), "host", quick_options)
    assert r.status is Status.TOOLCHAIN_ERROR and r.message == why


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbench.cli", *args], cwd=REPO, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("command", [
    ("eval", "Relu", str(REPO / "tasks" / "reference_kernels" / "ReLU")),
    ("check", "Relu"),
    ("agent", "Relu", "--provider", "replay", "--model", "replay"),
])
def test_cli_refuses_without_isolation(command, tmp_path):
    # An empty PATH for the probe: bwrap is "not installed", as on a machine without it.
    empty = tmp_path / "bin"
    empty.mkdir()
    for tool in ("g++", "prlimit", "nm", "c++filt"):
        real = subprocess.run(["which", tool], capture_output=True, text=True).stdout.strip()
        if real:
            (empty / tool).symlink_to(real)
    p = _cli(*command, env={"PATH": str(empty)})
    assert p.returncode not in (0, None)
    assert "bubblewrap is not installed" in p.stderr and "--no-sandbox" in p.stderr
    assert "Traceback" not in p.stderr


def _relu_copy(tmp_path: Path) -> Path:
    """The reference ReLU kernel with a fresh comment, so it is really compiled."""
    for f in (REPO / "tasks" / "reference_kernels" / "ReLU").iterdir():
        (tmp_path / f.name).write_text(f.read_text() + f"\n// {uuid.uuid4().hex}\n")
    return tmp_path


def test_cli_no_sandbox_runs_and_says_so(tmp_path):
    kernel = _relu_copy(tmp_path)
    p = _cli("eval", "Relu", str(kernel), "--no-sandbox", "--no-baseline", "--min-time-ms", "5")
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.startswith("Relu: ok")


def test_cli_no_sandbox_is_recorded_in_the_result(tmp_path):
    import json

    kernel = _relu_copy(tmp_path)
    p = _cli("eval", "Relu", str(kernel), "--no-sandbox", "--no-timing", "--json")
    assert json.loads(p.stdout)["provenance"]["sandbox"] == "none (--no-sandbox)"
    h = _cli("eval", "Relu", str(kernel), "--no-sandbox", "--no-timing")
    assert "UNSANDBOXED" in h.stdout


def test_sealed_files_notice_in_place_edits(tmp_path):
    from toolchain.integrity import check_seal, seal

    f = tmp_path / "obj.o"
    f.write_bytes(b"\x7fELF" + b"x" * 100)
    seal(f)
    assert check_seal(f) is None
    os.chmod(f, stat.S_IRUSR | stat.S_IWUSR)  # metadata only: same bytes, still trusted
    assert check_seal(f) is None
    with open(f, "r+b") as fh:  # same size, same mtime restored: the digest still tells
        st = f.stat()
        fh.seek(10)
        fh.write(b"y")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert "does not match" in (check_seal(f) or "")
