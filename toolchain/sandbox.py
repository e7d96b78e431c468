"""Running untrusted native code (a kernel, or the compiler reading a kernel): isolated, limited, clean.

Two layers, used together:
- `run` starts a program with hard limits applied by util-linux's `prlimit` exec'ing it (so they hold
  from its first instruction, with no Python between fork and exec), a clean environment, no stdin,
  its own process group (killed whole on timeout or exit), and, when we are root, as `nobody`.
- `isolated` wraps an argv in Debian's bubblewrap: new user, network, PID, mount, IPC, UTS and cgroup
  namespaces; only the directories it is given are visible (read-only unless said otherwise); a
  private tmpfs for /tmp; no /proc unless asked (so no other process's environment can be read);
  everything in it dies when the caller dies. bwrap works unprivileged, so root and an ordinary user
  get the same sandbox (root first drops to `nobody`, which also makes the process limit bite).

A machine that cannot isolate (no bwrap, user namespaces disabled) makes `isolation_problem()` say
why in one sentence; callers refuse to run unless the user passed `--no-sandbox` (`Limits.isolate`
False), which every result then records.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534
# A kernel inherits none of our environment: no API keys, no proxies, no LD_PRELOAD.
CLEAN_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C", "LC_ALL": "C", "HOME": "/nonexistent"}


class SandboxError(Exception):
    """Our side could not start the program (no prlimit, bad directory); one sentence."""


@dataclass(frozen=True)
class Limits:
    wall_s: float = 20.0
    cpu_s: int = 60
    address_space_mb: int = 4096
    file_size_mb: int = 1024
    processes: int = 64  # threads count here too
    isolate: bool = True  # False only on the user's explicit --no-sandbox; results say so


@dataclass(frozen=True)
class SandboxResult:
    returncode: int | None  # None when killed for the wall-clock limit
    timed_out: bool
    wall_ms: float
    stdout: str
    stderr: str

    @property
    def signal_name(self) -> str | None:
        if self.returncode is None or self.returncode >= 0:
            return None
        try:
            return signal.Signals(-self.returncode).name
        except ValueError:
            return f"signal {-self.returncode}"


# What a dynamically linked program (the compiler, a kernel) needs to start: read-only, nothing else of /etc.
SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin", "/etc/alternatives",
               "/etc/ld.so.cache")


def _bwrap() -> str | None:
    return shutil.which("bwrap")


def isolated(argv: Sequence[str], *, ro: Mapping[str, Path | str] = {}, rw: Mapping[str, Path | str] = {},
             cwd: str = "/", system: bool = True, proc: bool = False,
             env: Mapping[str, str] | None = None) -> list[str]:
    """`argv` wrapped in bubblewrap. `ro`/`rw` map a path inside the sandbox to one outside it. Raises
    SandboxError when this machine cannot isolate (see `isolation_problem`)."""
    problem = isolation_problem()
    if problem:
        raise SandboxError(problem)
    cmd = [_bwrap() or "bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
           "--clearenv", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/work"]
    for key, value in {**CLEAN_ENV, **(env or {})}.items():
        cmd += ["--setenv", key, value]
    if system:
        for d in SYSTEM_DIRS:
            if os.path.exists(d):
                cmd += ["--ro-bind", d, d]
    if proc:
        cmd += ["--proc", "/proc"]  # a fresh one: only the sandbox's own processes are in it
    for inside, outside in ro.items():
        cmd += ["--ro-bind", str(outside), inside]
    for inside, outside in rw.items():
        cmd += ["--bind", str(outside), inside]
    return [*cmd, "--chdir", cwd, "--", *argv]


@functools.cache
def isolation_problem() -> str | None:
    """None when `isolated` works here (probed once per process), else one sentence saying why not."""
    bwrap = _bwrap()
    if bwrap is None:
        return ("bubblewrap is not installed, so kernels cannot be isolated (apt-get install bubblewrap), "
                "or pass --no-sandbox to run them unisolated")
    as_root = os.geteuid() == 0
    probe = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
             *(a for d in SYSTEM_DIRS if os.path.exists(d) for a in ("--ro-bind", d, d)), "--", "/bin/true"]
    try:
        proc = subprocess.run(probe, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
                              user=NOBODY if as_root else None, group=NOBODY if as_root else None,
                              extra_groups=[] if as_root else None)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap does not run here ({exc}); pass --no-sandbox to run kernels unisolated"
    if proc.returncode != 0:
        why = (proc.stderr.strip().splitlines() or ["no reason given"])[-1]
        return (f"this machine cannot isolate kernels (bubblewrap: {why}); enable unprivileged user "
                "namespaces, or pass --no-sandbox to run them unisolated")
    return None


def describe(limits: Limits) -> str:
    """What a result records as its sandbox (provenance "sandbox"); screens flag the second as UNSANDBOXED."""
    return "bubblewrap" if limits.isolate else UNSANDBOXED


UNSANDBOXED = "none (--no-sandbox)"


def unsandboxed(provenance: Mapping[str, object]) -> bool:
    """Whether a result's provenance says it ran without isolation (results from before this field: no)."""
    return str(provenance.get("sandbox", "")).startswith("none")


def prepare_workdir(path: Path) -> None:
    """Make `path` usable by the sandboxed user (nobody, when we are root)."""
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)
        for p in path.iterdir():
            os.chown(p, NOBODY, NOBODY)


def _task_count(uid: int) -> int:
    """Threads the kernel counts against `uid`'s RLIMIT_NPROC right now: our own (pytest, torch and
    onnxruntime keep several) and those of a sandbox that was killed but is still being torn down."""
    n = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    n += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                continue
    return n


def run(argv: Sequence[str], cwd: Path, limits: Limits, env: Mapping[str, str] | None = None,
        as_nobody: bool = True) -> SandboxResult:
    """`argv` (already wrapped by `isolated` where it should be) under `limits`, as `nobody` when root
    (unless `as_nobody` is False: an unsandboxed compiler must read our caches, which nobody may not reach)."""
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        raise SandboxError("util-linux's prlimit is not installed, so kernels cannot be run with limits")
    as_root = os.geteuid() == 0 and as_nobody
    # RLIMIT_NPROC counts every task of the real user, not the sandbox's, so the budget sits on top
    nproc = _task_count(NOBODY if as_root else os.geteuid()) + limits.processes
    mb = 1024 * 1024
    wrapped = [
        prlimit,
        f"--as={limits.address_space_mb * mb}",
        f"--cpu={limits.cpu_s}",
        f"--fsize={limits.file_size_mb * mb}",
        f"--nproc={nproc}",
        "--core=0",
        "--",
        *argv,
    ]
    out_path, err_path = cwd / ".stdout", cwd / ".stderr"
    start = time.perf_counter()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        try:
            proc = subprocess.Popen(
                wrapped, cwd=cwd, env={**CLEAN_ENV, **(env or {})}, stdin=subprocess.DEVNULL,
                stdout=out, stderr=err, start_new_session=True,
                user=NOBODY if as_root else None, group=NOBODY if as_root else None,
                extra_groups=[] if as_root else None,
            )
        except OSError as exc:
            raise SandboxError(f"could not start {Path(argv[0]).name}: {exc.strerror}") from None
        timed_out = False
        try:
            proc.wait(timeout=limits.wall_s)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _kill_group(proc.pid)
            proc.wait()
    wall_ms = (time.perf_counter() - start) * 1e3
    return SandboxResult(
        returncode=None if timed_out else proc.returncode,
        timed_out=timed_out,
        wall_ms=wall_ms,
        stdout=_tail(out_path),
        stderr=_tail(err_path),
    )


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _tail(path: Path, limit: int = 16384) -> str:
    """The last `limit` bytes: a kernel may print gigabytes, we keep what explains its end."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - limit))
            return f.read().decode(errors="replace")
    except OSError:
        return ""
