"""AdbRunner: the Runner protocol on a phone — push, run the judge pinned with a device-side timeout, pull, collect.

Files go to a content-addressed cache on the phone (`/data/local/tmp/mkb/cache/<sha256>`), and a file
whose hash is already there is not pushed again; each run gets a fresh `/data/local/tmp/mkb/<run-id>/`
of hard links into the cache (hard, not symbolic: the judge opens its files with O_NOFOLLOW), so no
output of an earlier run can be mistaken for this one's. There the trusted judge, cross-built like the
kernel, runs as the judge protocol says (`toolchain/driver/PROTOCOL.md`): `./judge . -- ./kernel
run.json`, under `timeout` and `taskset` with the big-core mask. What the judge wrote (result.json, the
checked outputs, the kernel's log) is pulled into a local directory and read by
`toolchain.runner.collect`, exactly as on the host.

A phone has no bubblewrap: the kernel host is started directly, as the adb shell user (the judge's own
user), with no user, mount, network or PID namespace, in the judge's directory. What holds it is the
host's own seal (`toolchain/driver/seal.cpp`): before any entry point of the candidate runs, a seccomp
filter denies writing any file, creating processes, exec, sockets, ptrace and touching the judge's window.
Reading stays allowed, so a sealed kernel on a phone can read what the shell user can, its working
directory included; and code the candidate runs before `main` (static constructors) is not under the
filter at all, with nothing else around it on a phone. A phone whose Linux cannot install the filter
(or cannot seal the channel's memory files) is refused with one sentence: nothing runs unsealed.
Phone-side failures raise DeviceError (a toolchain error, not the kernel's fault).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shlex
import shutil
import struct
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adbutils.errors import AdbError

from toolchain.adb.device import Device, DeviceError, Snapshot, big_core_mask, describe_state, mask_hex
from toolchain.runner import RunOutcome, RunRequest, collect
from toolchain.sandbox import Limits, SandboxResult

REMOTE_ROOT = "/data/local/tmp/mkb"
REMOTE_CACHE = f"{REMOTE_ROOT}/cache"
# What the judge writes (and the judge's own stdout and stderr); nothing else in the run directory is read.
PULLED = re.compile(r"^(result\.json|check_\d+_\d+\.bin|kernel\.log|\.stdout|\.stderr)$")
KILL_AFTER_S = 2  # after the device-side timeout's SIGTERM, SIGKILL this much later
# The judge enforces the run's deadline itself and says where it was hit; the phone's `timeout` is only a
# backstop for a judge that hangs, so it allows this much more.
JUDGE_GRACE_S = 10
# The host's set-up failures that are the phone's, not the candidate's: no seccomp filter, no sealed memfd.
UNSEALABLE = ("seccomp failed", "prctl(NO_NEW_PRIVS) failed")
SYNC_CHUNK = 64 * 1024  # the sync protocol's largest DATA packet
RUNS_KEPT = 8  # per-run state kept in the device record
DURING_KEPT = 32  # readings kept per run from the watch during it
SHELL_JOIN_S = 5.0  # how long the end of a run waits for a reading in flight


@dataclass(frozen=True)
class Thermal:
    """Cool down until no zone is above `max_temp_c`, waiting at most `cooldown_s`; then refuse to time.
    While the judge runs, read the phone's state every `watch_s` seconds (0: not at all). A reading is one
    short shell command on the phone, off the pinned cores' work; a throttle mid-run shows in them."""

    max_temp_c: float = 60.0
    cooldown_s: float = 120.0
    watch_s: float = 1.0

    @classmethod
    def from_env(cls) -> Thermal:
        try:
            return cls(float(os.environ.get("MKB_ADB_MAX_TEMP_C", cls.max_temp_c)),
                       float(os.environ.get("MKB_ADB_COOLDOWN_S", cls.cooldown_s)),
                       max(0.0, float(os.environ.get("MKB_ADB_WATCH_S", cls.watch_s))))
        except ValueError:
            raise DeviceError("MKB_ADB_MAX_TEMP_C, MKB_ADB_COOLDOWN_S and MKB_ADB_WATCH_S must be numbers") from None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class AdbRunner:
    def __init__(self, device: Device, info: dict[str, Any], limits: Limits | None = None,
                 thermal: Thermal | None = None, *, judge: Callable[[], Path]) -> None:
        self.device = device
        self.judge = judge  # builds (once) or finds the judge, cross-built for the phone like the kernel
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
                                               "judge": (self.judge().read_bytes(), 0o755)}
        files |= {name: (data, 0o644) for name, data in request.files().items()}
        # The judge spins on a core of its own while the kernel's threads run: one more big core than threads.
        before, waited, mask = self.ready(request.threads + 1)
        hashes, pushed = self.stage(files)
        with self.run_dir(hashes) as run_dir, self.watch() as during:
            res = self._execute(run_dir, mask, request)
            self.say(f"pulling outputs from {dev.serial}")
            for name in dev.list_dir(run_dir, "listing what the judge wrote"):
                if PULLED.match(name):
                    dev.pull(f"{run_dir}/{name}", work / name, "what the judge wrote")
            res = SandboxResult(res.returncode, res.timed_out, res.wall_ms, _text(work / ".stdout"),
                                _text(work / ".stderr"))
        self.log_run(hashes["kernel"][:16], mask, request.threads, pushed, len(files), waited, before, during)
        self._check_started(res, work)
        return self._check_sealed(collect(work, request, res))

    def ready(self, cores: int) -> tuple[Snapshot, float, str]:
        """Cool the phone down (or refuse to time it); its state then, the wait, and the taskset mask of the
        `cores` fastest cores (more when the fastest cluster has more)."""
        dev = self.device
        self.say(f"reading {dev.serial}'s temperatures")
        before, waited = dev.cool_down(self.thermal.max_temp_c, self.thermal.cooldown_s, on_wait=self._cooling)
        hot = before.hottest
        if hot and hot[1] > self.thermal.max_temp_c:
            raise DeviceError(f"device {dev.serial} is too hot to time on: {hot[0]} is at {hot[1]:g} °C after "
                              f"{waited:.0f} s of cooling down (limit {self.thermal.max_temp_c:g} °C)")
        return before, waited, mask_hex(big_core_mask(before.cores, cores))

    def _cooling(self, hottest: tuple[str, float]) -> None:
        self.say(f"cooling down: {hottest[0]} at {hottest[1]:g} °C (limit {self.thermal.max_temp_c:g} °C)")

    def stage(self, files: dict[str, tuple[bytes, int]]) -> tuple[dict[str, str], list[str]]:
        """Each file's hash, and the names pushed: only what the phone's cache lacks (or holds corrupted)."""
        hashes = {name: _sha(data) for name, (data, _) in files.items()}
        return hashes, self._stage(files, hashes)

    @contextlib.contextmanager
    def run_dir(self, hashes: dict[str, str]) -> Iterator[str]:
        """A fresh directory on the phone of hard links into the cache, named as `hashes` names them; removed
        after. (The judge refuses to follow symbolic links.)"""
        dev = self.device
        run_dir = f"{REMOTE_ROOT}/{secrets.token_hex(6)}"
        links = " && ".join(f"ln ../cache/{h} {shlex.quote(n)}" for n, h in hashes.items())
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

    @contextlib.contextmanager
    def watch(self) -> Iterator[list[Snapshot]]:
        """The phone's state, read every `thermal.watch_s` on another adb connection while the block runs
        (the first reading at once); each reading is also said as progress, so the workbench shows it live."""
        readings: list[Snapshot] = []
        stop = threading.Event()

        def poll() -> None:
            while not stop.is_set():
                try:
                    snap = self.device.snapshot()
                except DeviceError:
                    return  # the run's own commands report a phone that went away
                readings.append(snap)
                self.say(f"running on {self.device.serial}: {describe_state(snap)}")
                stop.wait(self.thermal.watch_s)

        watcher = threading.Thread(target=poll, name="mkb-adb-watch", daemon=True)
        if self.thermal.watch_s > 0:
            watcher.start()
        try:
            yield readings
        finally:
            stop.set()
            if watcher.is_alive():
                watcher.join(timeout=SHELL_JOIN_S)

    def log_run(self, what: str, mask: str, threads: int, pushed: list[str], files: int, waited: float,
                before: Snapshot, during: list[Snapshot] | None = None) -> None:
        """Record one run in the device record: what ran, how it was pinned, and the phone's state before,
        during (evenly thinned to at most DURING_KEPT readings) and after it."""
        during = during or []
        if len(during) > DURING_KEPT:
            during = [during[i * (len(during) - 1) // (DURING_KEPT - 1)] for i in range(DURING_KEPT)]
        runs = self.info.setdefault("runs", [])
        runs.append({"kernel": what, "pin_mask": mask, "threads": threads, "pushed": pushed,
                     "reused": files - len(pushed), "cooldown_s": round(waited, 1),
                     "before": before.to_json(), "during": [snap.to_json() for snap in during],
                     "after": self.device.snapshot().to_json()})
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

    def _execute(self, run_dir: str, mask: str, request: RunRequest) -> SandboxResult:
        """Exit status and wall time of the judge; its stdout and stderr stay on the phone until pulled."""
        threads = request.threads
        wall = request.deadline_s + JUDGE_GRACE_S
        # The device-side timeout ends the judge (which takes the kernel's process group with it) even if
        # adb or this process dies; the host-side one only guards against a phone that stops answering.
        cmd = (f"cd {run_dir} && MKB_THREADS={threads} timeout -k {KILL_AFTER_S} {wall:g} "
               f"taskset {mask} ./judge . -- ./kernel run.json >.stdout 2>.stderr")
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

    def _check_started(self, res: SandboxResult, work: Path) -> None:
        """`timeout` or `taskset` refusing to start the judge is the phone's problem, not a kernel crash.

        Only when the judge wrote no result: once it has, the kernel ran, and the result says how."""
        if (work / "result.json").exists() or res.timed_out or not res.returncode:
            return
        if res.returncode in (125, 126, 127) or "taskset:" in res.stderr or "timeout:" in res.stderr:
            first = next((ln for ln in res.stderr.splitlines() if ln.strip()), f"exit status {res.returncode}")
            raise DeviceError(f"device {self.device.serial} could not start the judge: {first.strip()}")

    def _check_sealed(self, outcome: RunOutcome) -> RunOutcome:
        """A phone that cannot seal the kernel is refused, not blamed on the kernel (and nothing ran unsealed)."""
        said = outcome.message
        if outcome.failure == "bad_setup" and any(w in said for w in UNSEALABLE):
            why = said.split(": ", 1)[-1]
            hint = (" (its Linux has no seccomp filters, or it runs programs under qemu-user, which cannot "
                    "install them)" if "not implemented" in why else "")
            raise DeviceError(f"device {self.device.serial} cannot sandbox a kernel: {why}{hint}")
        if outcome.failure == "judge" and "cannot seal the channel" in said:
            raise DeviceError(f"device {self.device.serial} cannot seal the judge's channel "
                              f"({said.rsplit(': ', 1)[-1]}): the judge needs Linux 5.1 or newer (F_SEAL_FUTURE_WRITE)")
        return outcome


def _text(path: Path, limit: int = 16384) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return data[-limit:].decode(errors="replace")
