"""AdbRunner: the Runner protocol on a phone — push, run pinned with a device-side timeout, pull, collect.

Files go to a content-addressed cache on the phone (`/data/local/tmp/mkb/cache/<sha256>`), and a file
whose hash is already there is not pushed again; each run gets a fresh `/data/local/tmp/mkb/<run-id>/`
of symlinks into the cache, so no output of an earlier run can be mistaken for this one's. The kernel
runs there as the driver protocol says (`./kernel run.json`), under `timeout` and `taskset` with the
big-core mask; what it leaves is pulled into a local directory and read by `toolchain.runner.collect`,
exactly as on the host. Phone-side failures raise DeviceError (a toolchain error, not the kernel's fault).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import struct
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from adbutils.errors import AdbError

from toolchain.adb.device import Device, DeviceError, Snapshot, big_core_mask, mask_hex
from toolchain.runner import RunOutcome, RunRequest, collect
from toolchain.sandbox import Limits, SandboxResult

REMOTE_ROOT = "/data/local/tmp/mkb"
REMOTE_CACHE = f"{REMOTE_ROOT}/cache"
PULLED = re.compile(r"^(result\.json|out_\d+_\d+\.bin|post_\d+\.bin|\.stdout|\.stderr)$")
KILL_AFTER_S = 2  # after the device-side timeout's SIGTERM, SIGKILL this much later
SYNC_CHUNK = 64 * 1024  # the sync protocol's largest DATA packet
RUNS_KEPT = 8  # per-run state kept in the device record


@dataclass(frozen=True)
class Thermal:
    """Cool down until no zone is above `max_temp_c`, waiting at most `cooldown_s`; then refuse to time."""

    max_temp_c: float = 60.0
    cooldown_s: float = 120.0

    @classmethod
    def from_env(cls) -> Thermal:
        try:
            return cls(float(os.environ.get("MKB_ADB_MAX_TEMP_C", cls.max_temp_c)),
                       float(os.environ.get("MKB_ADB_COOLDOWN_S", cls.cooldown_s)))
        except ValueError:
            raise DeviceError("MKB_ADB_MAX_TEMP_C and MKB_ADB_COOLDOWN_S must be numbers") from None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class AdbRunner:
    def __init__(self, device: Device, info: dict[str, Any], limits: Limits | None = None,
                 thermal: Thermal | None = None) -> None:
        self.device = device
        self.info = info  # the Target's device record: each run appends its before/after state
        self.limits = limits or Limits()
        self.thermal = thermal or Thermal()
        # Who hears what the phone is doing right now (cooling down, pushing, running, pulling): a phone run
        # takes seconds, and the workbench shows each phase as it happens. Set by the caller around a run.
        self.progress: Callable[[str], None] | None = None

    def say(self, phase: str) -> None:
        if self.progress is not None:
            self.progress(phase)

    def run(self, exe: Path, request: RunRequest) -> RunOutcome:
        work = Path(tempfile.mkdtemp(prefix="mkb-adb-"))
        try:
            return self._run_in(exe, request, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _run_in(self, exe: Path, request: RunRequest, work: Path) -> RunOutcome:
        dev = self.device
        files: dict[str, tuple[bytes, int]] = {"kernel": (exe.read_bytes(), 0o755),
                                               "run.json": (json.dumps(request.run_json()).encode(), 0o644)}
        for t, buffers in enumerate(request.trials):
            for i, buf in enumerate(buffers):
                files[f"in_{t}_{i}.bin"] = (np.ascontiguousarray(buf).tobytes(), 0o644)
        before, waited, mask = self.ready(request.threads)
        hashes, pushed = self.stage(files)
        with self.run_dir(hashes) as run_dir:
            res = self._execute(run_dir, mask, request.threads)
            self.say(f"pulling outputs from {dev.serial}")
            for name in dev.list_dir(run_dir, "listing the kernel's outputs"):
                if PULLED.match(name):
                    dev.pull(f"{run_dir}/{name}", work / name, "the kernel's outputs")
            res = SandboxResult(res.returncode, res.timed_out, res.wall_ms, _text(work / ".stdout"),
                                _text(work / ".stderr"))
        self.log_run(hashes["kernel"][:16], mask, request.threads, pushed, len(files), waited, before)
        self._check_started(res)
        return collect(work, request, res)

    def ready(self, threads: int) -> tuple[Snapshot, float, str]:
        """Cool the phone down (or refuse to time it); its state then, the wait, and the big-core taskset mask."""
        dev = self.device
        self.say(f"reading {dev.serial}'s temperatures")
        before, waited = dev.cool_down(self.thermal.max_temp_c, self.thermal.cooldown_s, on_wait=self._cooling)
        hot = before.hottest
        if hot and hot[1] > self.thermal.max_temp_c:
            raise DeviceError(f"device {dev.serial} is too hot to time on: {hot[0]} is at {hot[1]:g} °C after "
                              f"{waited:.0f} s of cooling down (limit {self.thermal.max_temp_c:g} °C)")
        return before, waited, mask_hex(big_core_mask(before.cores, threads))

    def _cooling(self, hottest: tuple[str, float]) -> None:
        self.say(f"cooling down: {hottest[0]} at {hottest[1]:g} °C (limit {self.thermal.max_temp_c:g} °C)")

    def stage(self, files: dict[str, tuple[bytes, int]]) -> tuple[dict[str, str], list[str]]:
        """Each file's hash, and the names pushed: only what the phone's cache lacks (or holds corrupted)."""
        hashes = {name: _sha(data) for name, (data, _) in files.items()}
        return hashes, self._stage(files, hashes)

    @contextlib.contextmanager
    def run_dir(self, hashes: dict[str, str]) -> Iterator[str]:
        """A fresh directory on the phone of links into the cache, named as `hashes` names them; removed after."""
        dev = self.device
        run_dir = f"{REMOTE_ROOT}/{secrets.token_hex(6)}"
        links = " && ".join(f"ln -s ../cache/{h} {shlex.quote(n)}" for n, h in hashes.items())
        setup = dev.sh(f"mkdir -p {run_dir} && cd {run_dir} && {links}", "preparing the run directory")
        if setup.returncode != 0:
            raise DeviceError(f"device {dev.serial} could not prepare {run_dir}: "
                              f"{(setup.stderr or setup.stdout).strip() or f'exit status {setup.returncode}'}")
        try:
            yield run_dir
        finally:
            # Best effort: a phone that is gone keeps the directory, and the error in flight says why.
            with contextlib.suppress(DeviceError):
                dev.sh(f"rm -rf {run_dir}", "removing the run directory")

    def log_run(self, what: str, mask: str, threads: int, pushed: list[str], files: int, waited: float,
                before: Snapshot) -> None:
        """Record one run in the device record: what ran, how it was pinned, and the phone's state around it."""
        runs = self.info.setdefault("runs", [])
        runs.append({"kernel": what, "pin_mask": mask, "threads": threads, "pushed": pushed,
                     "reused": files - len(pushed), "cooldown_s": round(waited, 1),
                     "before": before.to_json(), "after": self.device.snapshot().to_json()})
        del runs[:-RUNS_KEPT]

    def _stage(self, files: dict[str, tuple[bytes, int]], hashes: dict[str, str]) -> list[str]:
        """Push what the phone's cache lacks (or holds corrupted); the names pushed."""
        wanted = sorted(set(hashes.values()))
        self.say(f"checking the files already on {self.device.serial}")
        listing = self.device.sh(f"mkdir -p {REMOTE_CACHE} && cd {REMOTE_CACHE} && "
                                 f"sha256sum {' '.join(wanted)} 2>/dev/null", "checking the files already there")
        present = {h for h, _, name in (ln.partition("  ") for ln in listing.stdout.splitlines()) if h == name.strip()}
        pushed, done = [], set()
        for name, (data, mode) in files.items():
            h = hashes[name]
            if h in present or h in done:
                continue
            self.say(f"pushing {name} ({len(data) / 1024:.0f} KiB) to {self.device.serial}")
            self._push(data, f"{REMOTE_CACHE}/{h}", mode, name)
            pushed.append(name)
            done.add(h)
        return pushed

    def _push(self, data: bytes, remote: str, mode: int, what: str) -> None:
        """A sync SEND over adbutils' connection; unlike adbutils' own push, it keeps the phone's reason for a FAIL."""
        dev = self.device
        try:
            with dev.open_transport() as c:
                c.send_command("sync:")
                c.check_okay()
                spec = f"{remote},{0o100000 | mode}".encode()
                c.conn.sendall(b"SEND" + struct.pack("<I", len(spec)) + spec)
                for off in range(0, len(data), SYNC_CHUNK):
                    chunk = data[off:off + SYNC_CHUNK]
                    c.conn.sendall(b"DATA" + struct.pack("<I", len(chunk)) + chunk)
                c.conn.sendall(b"DONE" + struct.pack("<I", int(time.time())))
                status = c.read_exact(8)
                reason = c.read_exact(struct.unpack("<I", status[4:])[0]).decode(errors="replace") \
                    if status[:4] == b"FAIL" else ""
        except (AdbError, OSError, EOFError) as exc:
            raise dev.gone_or(f"pushing {what}", exc) from None
        if status[:4] != b"OKAY":
            raise DeviceError(f"device {dev.serial} refused the push of {what} to {remote}: "
                              f"{reason.strip() or status[:4].decode(errors='replace')}")

    def _execute(self, run_dir: str, mask: str, threads: int) -> SandboxResult:
        """Exit status and wall time; the kernel's stdout and stderr stay on the phone until pulled."""
        wall = self.limits.wall_s
        # The device-side timeout ends the kernel even if adb or this process dies; the host-side one
        # only guards against a phone that stops answering.
        cmd = (f"cd {run_dir} && MKB_THREADS={threads} timeout -k {KILL_AFTER_S} {wall:g} "
               f"taskset {mask} ./kernel run.json >.stdout 2>.stderr")
        self.say(f"running on {self.device.serial} (cores {mask}, {threads} thread{'s' if threads != 1 else ''})")
        t0 = time.perf_counter()
        r = self.device.sh(cmd, "running the kernel", timeout=wall + KILL_AFTER_S + 30)
        wall_ms = (time.perf_counter() - t0) * 1e3
        rc = r.returncode
        # timeout(1) exits 124 when it stopped the kernel, 137 when the kill-after SIGKILL was needed.
        timed_out = rc == 124 or (rc == 137 and wall_ms >= wall * 1e3)
        if timed_out:
            return SandboxResult(None, True, wall_ms, "", "")
        # A shell reports death by signal N as 128+N; the Runner contract is a negative return code.
        code = -(rc - 128) if 128 < rc < 160 else rc
        return SandboxResult(code, False, wall_ms, "", "")

    def _check_started(self, res: SandboxResult) -> None:
        """`timeout` or `taskset` refusing to start the kernel is the phone's problem, not a kernel crash."""
        if res.returncode in (125, 126, 127) or (res.returncode and "stage:" not in res.stderr
                                                 and "taskset:" in res.stderr):
            first = next((ln for ln in res.stderr.splitlines() if ln.strip()), f"exit status {res.returncode}")
            raise DeviceError(f"device {self.device.serial} could not start the kernel: {first.strip()}")


def _text(path: Path, limit: int = 16384) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return data[-limit:].decode(errors="replace")
