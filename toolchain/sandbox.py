"""Running untrusted native code: its own process group, hard limits, an empty directory, no secrets.

Limits are applied by util-linux's `prlimit` exec'ing the program (so they hold from its first
instruction, static initialisers included, with no Python between fork and exec). Run as root, the
program is dropped to `nobody`, which also makes the process-count limit bite (root ignores it). On
timeout or exit the whole process group is killed, so a forked child never outlives the evaluation.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
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


def prepare_workdir(path: Path) -> None:
    """Make `path` usable by the sandboxed user (nobody, when we are root)."""
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)
        for p in path.iterdir():
            os.chown(p, NOBODY, NOBODY)


def _process_count(uid: int) -> int:
    n = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    n += 1
            except OSError:
                continue
    return n


def run(argv: list[str], cwd: Path, limits: Limits, env: dict[str, str] | None = None) -> SandboxResult:
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        raise SandboxError("util-linux's prlimit is not installed, so kernels cannot be run with limits")
    as_root = os.geteuid() == 0
    nproc = limits.processes if as_root else _process_count(os.geteuid()) + limits.processes
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
