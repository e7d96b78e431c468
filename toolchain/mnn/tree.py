"""An MNN source tree and its build: the real MNN a kernel must drop into.

The source is the user's checkout or a tarball of one (`mkb mnn setup SOURCE`, the config's `mnn_root`,
or `MKB_MNN_ROOT`). A tarball is unpacked once into the cache dir (or `MKB_MNN_HOME`), keyed by its
sha256. The build (CMake + Ninja, CPU only, MNN's unit tests and timing tools) lives there too, keyed by
(source digest, compiler, CMake options): never inside the user's checkout and never inside a clone of this project, so
every later use on the machine is incremental. The first build of MNN 3.6.1 takes about 9 minutes on
two cores; `build` reports ninja's progress (step k of n) with an ETA as it goes.

The tree is the user's own code and builds unsandboxed, like any build the user runs. What a candidate
puts into it builds and runs sandboxed (`toolchain.mnn.dropin`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolchain.cache import cache_dir

# What the workbench builds: MNN's unit tests (run_test.out) and its timing tools.
TARGETS = ("run_test.out", "MNNV2Basic.out", "timeProfile.out")
CMAKE_OPTIONS = ("-DCMAKE_BUILD_TYPE=Release", "-DMNN_BUILD_TEST=ON", "-DMNN_BUILD_CONVERTER=OFF",
                 "-DMNN_BUILD_TOOLS=ON", "-DMNN_BUILD_DEMO=OFF", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON")
STEP = re.compile(rb"^\[(\d+)/(\d+)\]")
CPU_DIR = Path("source/backend/cpu")
BUILT_STAMP = "mkb-built"  # written after the first full build succeeded

Progress = Callable[[str], None]


class MnnTreeError(Exception):
    """The tree cannot be found, unpacked, configured or built; one sentence."""


@dataclass(frozen=True)
class MnnTree:
    """A source tree (`root`, with MNN's top-level CMakeLists.txt) and where its build goes."""

    root: Path
    digest: str  # of the source: a tarball's sha256, or a checkout's path and git commit
    version: str  # MNN's version, from its CMakeLists.txt
    commit: str  # the git commit, when known ("" otherwise)
    build_dir: Path

    @property
    def label(self) -> str:
        """What a result compared against this tree says: `mnn-tree@<commit or version>`."""
        return f"mnn-tree@{self.commit[:12] if self.commit else self.version}"

    def built(self) -> dict[str, bool]:
        return {t: (self.build_dir / t).is_file() for t in TARGETS}

    @property
    def ready(self) -> bool:
        """Built once in full. (A drop-in check whose link failed can leave a target missing; the next
        incremental build makes it again.)"""
        return (self.build_dir / BUILT_STAMP).is_file() and (self.build_dir / "build.ninja").is_file()

    def cpu_source(self, name: str) -> Path:
        return self.root / CPU_DIR / name


def open_tree(source: str | Path) -> MnnTree:
    """The tree at `source` (a checkout, or a .tar/.tar.gz/.tar.xz of one), unpacked if need be; not built."""
    if not str(source):
        raise MnnTreeError("no MNN source is set up: run `mkb mnn setup PATH` with an MNN checkout or tarball, "
                           "or set MKB_MNN_ROOT")
    path = Path(source).expanduser()
    if not path.exists():
        raise MnnTreeError(f"there is no MNN source at {path}")
    if path.is_file():
        digest = _file_digest(path)
        root = _unpack(path, digest)
        commit = _tarball_commit(path)
    else:
        root = path.resolve()
        commit = _git_commit(root)
        digest = hashlib.sha256(f"{root}|{commit}".encode()).hexdigest()
    if not (root / "CMakeLists.txt").is_file() or not (root / CPU_DIR).is_dir():
        raise MnnTreeError(f"{path} is not an MNN source tree (no CMakeLists.txt and {CPU_DIR}/)")
    version = _version(root)
    key = hashlib.sha256("|".join((digest, _compiler(), *CMAKE_OPTIONS)).encode()).hexdigest()[:16]
    return MnnTree(root, digest, version, commit, _home("mnn-build") / key)


def build(tree: MnnTree, progress: Progress | None = None, jobs: int | None = None) -> MnnTree:
    """Configure (once) and build TARGETS; incremental after the first time. Raises MnnTreeError."""
    say = progress or (lambda _msg: None)
    for tool in ("cmake", "ninja"):
        if shutil.which(tool) is None:
            raise MnnTreeError(f"{tool} is not installed (apt-get install cmake ninja-build, or pip install {tool})")
    tree.build_dir.mkdir(parents=True, exist_ok=True)
    if not (tree.build_dir / "build.ninja").is_file():
        say("configuring MNN with CMake")
        _run(["cmake", str(tree.root), "-G", "Ninja", *CMAKE_OPTIONS], tree.build_dir, "configuring MNN")
    (tree.build_dir / "mkb-source.json").write_text(json.dumps(
        {"root": str(tree.root), "digest": tree.digest, "version": tree.version, "commit": tree.commit}))
    ninja(tree, TARGETS, say, jobs)
    (tree.build_dir / BUILT_STAMP).touch()
    return tree


def ninja(tree: MnnTree, targets: tuple[str, ...], say: Progress, jobs: int | None = None) -> str:
    """Run ninja on `targets`, saying "step k/n, about T left" as it goes; its output. Raises MnnTreeError with
    the first compiler error when the build fails."""
    argv = ["ninja", "-C", str(tree.build_dir), f"-j{jobs or os.cpu_count() or 2}", *targets]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env={**os.environ, "NINJA_STATUS": "[%f/%t] "})
    t0, out = time.monotonic(), []
    assert proc.stdout is not None
    for line in proc.stdout:
        out.append(line)
        if (m := STEP.match(line)) and (done := int(m[1])) and time.monotonic() - t0 > 1:
            total = int(m[2])
            eta = (time.monotonic() - t0) / done * (total - done)
            say(f"building MNN: step {done}/{total}, about {_duration(eta)} left")
    proc.wait()
    text = b"".join(out).decode(errors="replace")
    if proc.returncode != 0:
        raise MnnTreeError(f"building MNN failed: {first_error(text)}")
    return text


def first_error(text: str) -> str:
    first = next((ln for ln in text.splitlines() if ": error:" in ln or ": fatal error:" in ln), "")
    return first.strip() or next((ln for ln in text.splitlines() if "FAILED:" in ln), text.strip()[-300:])


def test_names(tree: MnnTree) -> list[str]:
    """Every unit test `run_test.out` knows, from the `MNNTestSuiteRegister` lines of MNN's test sources."""
    names = set()
    for path in (tree.root / "test").rglob("*.cpp"):
        for m in re.finditer(r'MNNTestSuiteRegister\(\s*\w+\s*,\s*"([^"]+)"', path.read_text(errors="replace")):
            names.add(m[1])
    return sorted(names)


def status_lines(tree: MnnTree) -> list[str]:
    built = tree.built()
    lines = [f"MNN {tree.version} at {tree.root}" + (f" (commit {tree.commit[:12]})" if tree.commit else ""),
             f"build: {tree.build_dir}"]
    lines += [f"  {name}: {'built' if ok else 'not built'}" for name, ok in built.items()]
    if not tree.ready:
        lines.append("run `mkb mnn setup` to build it (about 9 minutes the first time on two cores)")
    elif not all(built.values()):
        lines.append("a drop-in check left a target unbuilt; the next check or `mkb mnn setup` rebuilds it")
    return lines


# --- helpers ---------------------------------------------------------------------------------------


def _home(*parts: str) -> Path:
    """`MKB_MNN_HOME` when set, else the cache dir: unpacked sources and builds, outside any clone, kept
    between runs (tests point it at the user cache, so every run on a machine shares one build)."""
    explicit = os.environ.get("MKB_MNN_HOME")
    path = Path(explicit).joinpath(*parts) if explicit else cache_dir(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _unpack(path: Path, digest: str) -> Path:
    """The tarball's single top folder, unpacked once into the cache (atomically: a parallel run sees all
    or nothing)."""
    home = _home("mnn-src", digest[:16])
    done = [p for p in home.iterdir() if p.is_dir() and not p.name.startswith("unpack-")]
    if done:
        return done[0]
    tmp = Path(tempfile.mkdtemp(prefix="unpack-", dir=home))
    try:
        with tarfile.open(path) as tar:
            tar.extractall(tmp, filter="data")
        tops = [p for p in tmp.iterdir() if p.is_dir()]
        if len(tops) != 1:
            raise MnnTreeError(f"{path} does not hold one top folder of MNN sources")
        root = home / tops[0].name
        os.replace(tops[0], root)
        return root
    except (OSError, tarfile.TarError) as exc:
        raise MnnTreeError(f"cannot unpack {path}: {exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _tarball_commit(path: Path) -> str:
    """The commit a tarball was cut at, when a README beside it says so (as `../shared/mnn/README.md` does)."""
    readme = path.with_name("README.md")
    try:
        m = re.search(r"\b([0-9a-f]{40})\b", readme.read_text())
    except OSError:
        return ""
    return m[1] if m else ""


def _git_commit(root: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=10, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _version(root: Path) -> str:
    """MNN's version, as its public header defines it."""
    try:
        text = (root / "include" / "MNN" / "MNNDefine.h").read_text(errors="replace")
    except OSError:
        return "?"
    parts = [re.search(rf"#define\s+MNN_VERSION_{k}\s+(\d+)", text) for k in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(m[1] for m in parts if m) or "?"


def _compiler() -> str:
    cxx = shutil.which(os.environ.get("CXX", "c++")) or "c++"
    try:
        return subprocess.run([cxx, "--version"], capture_output=True, text=True, timeout=10).stdout.split("\n")[0]
    except (OSError, subprocess.TimeoutExpired):
        return cxx


def _run(argv: list[str], cwd: Path, what: str) -> None:
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        last = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or ["no output"]
        raise MnnTreeError(f"{what} failed: {last[0]}")


def _duration(s: float) -> str:
    return f"{s:.0f} s" if s < 90 else f"{s / 60:.0f} min"
