"""Phones over adb (adbutils): finding the server and devices, shell and file transfer, CPU and thermal state.

The server is found the way `adb` finds it: `ANDROID_ADB_SERVER_HOST` / `ANDROID_ADB_SERVER_PORT`, default
127.0.0.1:5037. We never start one: adbutils would spawn `adb start-server` on a failed connection, so the
port is probed first and a missing server is one sentence telling the user to start it.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import adbutils
from adbutils import AdbConnection
from adbutils.errors import AdbError

from toolchain.sandbox import SandboxError

ARM64_ABI = "arm64-v8a"
SHELL_TIMEOUT_S = 60.0
# One round trip for the CPU and thermal state: per core its index, max/current frequency and governor;
# per thermal zone its type and temperature.
STATE_SCRIPT = (
    "for c in /sys/devices/system/cpu/cpu[0-9]*; do "
    'echo "cpu ${c##*/cpu} $(cat $c/cpufreq/cpuinfo_max_freq 2>/dev/null || echo -) '
    "$(cat $c/cpufreq/scaling_cur_freq 2>/dev/null || echo -) "
    '$(cat $c/cpufreq/scaling_governor 2>/dev/null || echo -)"; '
    "done; "
    "for z in /sys/class/thermal/thermal_zone*; do "
    'echo "zone $(cat $z/type 2>/dev/null | tr -d " ") $(cat $z/temp 2>/dev/null || echo -)"; '
    "done"
)
STATE_WORDS = {"device": "ready"}  # adb's state names, as the workbench shows them


class DeviceError(SandboxError):
    """The phone or the adb server failed us (not the kernel); one sentence.

    A SandboxError, because that is what the evaluation reports as a toolchain error rather than
    blaming the candidate.
    """


@dataclass(frozen=True)
class Server:
    host: str
    port: int

    @classmethod
    def from_env(cls) -> Server:
        host = os.environ.get("ANDROID_ADB_SERVER_HOST") or "127.0.0.1"
        raw = os.environ.get("ANDROID_ADB_SERVER_PORT") or "5037"
        try:
            return cls(host, int(raw))
        except ValueError:
            raise DeviceError(f"ANDROID_ADB_SERVER_PORT is {raw!r}, not a port number") from None

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"

    def client(self) -> adbutils.AdbClient:
        try:
            with socket.create_connection((self.host, self.port), timeout=2):
                pass
        except OSError:
            raise DeviceError(f"no adb server is listening at {self}: start it with `adb start-server` "
                              "(or set ANDROID_ADB_SERVER_HOST / ANDROID_ADB_SERVER_PORT)") from None
        return adbutils.AdbClient(self.host, self.port, socket_timeout=SHELL_TIMEOUT_S)


@dataclass(frozen=True)
class DeviceEntry:
    serial: str
    state: str  # ready, unauthorized, offline (or adb's own word for anything else)
    model: str = ""


def list_devices(server: Server | None = None) -> list[DeviceEntry]:
    server = server or Server.from_env()
    try:
        infos = server.client().list(extended=True)
    except (AdbError, OSError) as exc:
        raise DeviceError(f"the adb server at {server} did not list its devices: {exc}") from None
    return [DeviceEntry(i.serial, STATE_WORDS.get(i.state, i.state), i.tags.get("model", "").replace("_", " "))
            for i in infos]


def state_problem(entry: DeviceEntry) -> str | None:
    """Why a listed device cannot be used, or None when it is ready."""
    if entry.state == "ready":
        return None
    if entry.state == "unauthorized":
        return (f"device {entry.serial} is unauthorized: unlock it and accept the \"Allow USB debugging\" "
                "prompt on the phone")
    if entry.state == "offline":
        return f"device {entry.serial} is offline: reconnect its cable or run `adb reconnect`"
    return f"device {entry.serial} is in state {entry.state!r}, not ready for commands"


def pick_device(serial: str | None, server: Server | None = None) -> DeviceEntry:
    server = server or Server.from_env()
    devices = list_devices(server)
    if serial:
        entry = next((d for d in devices if d.serial == serial), None)
        if entry is None:
            known = ", ".join(d.serial for d in devices) or "none"
            raise DeviceError(f"device {serial} is not connected to the adb server at {server} (connected: {known})")
    else:
        if not devices:
            raise DeviceError(f"no Android device is connected to the adb server at {server}")
        ready = [d for d in devices if d.state == "ready"]
        if len(ready) > 1:
            raise DeviceError(f"{len(ready)} devices are connected ({', '.join(d.serial for d in ready)}): "
                              "choose one with --target adb:SERIAL")
        entry = ready[0] if ready else devices[0]
    problem = state_problem(entry)
    if problem:
        raise DeviceError(problem)
    return entry


@dataclass(frozen=True)
class Core:
    index: int
    max_khz: int | None
    cur_khz: int | None
    governor: str


@dataclass(frozen=True)
class Snapshot:
    """CPU frequencies and governors and thermal-zone temperatures at one moment."""

    cores: tuple[Core, ...]
    temps_c: dict[str, float] = field(default_factory=dict)

    @property
    def hottest(self) -> tuple[str, float] | None:
        return max(self.temps_c.items(), key=lambda kv: kv[1]) if self.temps_c else None

    def to_json(self) -> dict[str, Any]:
        return {"cur_khz": [c.cur_khz for c in self.cores],
                "governors": sorted({c.governor for c in self.cores}),
                "temps_c": self.temps_c}


def describe_state(snap: Snapshot) -> str:
    """The hottest zone and the fastest core's current frequency, as a progress line says them."""
    hot = snap.hottest
    khz = [c.cur_khz for c in snap.cores if c.cur_khz]
    return (f"{hot[0]} {hot[1]:g} °C" if hot else "no temperature") + \
        (f", fastest core {max(khz) / 1e6:.2f} GHz" if khz else "")


def _int(word: str) -> int | None:
    return int(word) if word.lstrip("-").isdigit() else None


def parse_state(text: str) -> Snapshot:
    cores, temps = [], {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 5 and parts[0] == "cpu" and parts[1].isdigit():
            cores.append(Core(int(parts[1]), _int(parts[2]), _int(parts[3]), parts[4]))
        elif len(parts) == 3 and parts[0] == "zone" and (raw := _int(parts[2])) is not None:
            # Most kernels report millidegrees, a few whole degrees; either way a zone outside what a
            # phone can reach is a disabled or broken sensor, not a reading.
            c = raw / 1000 if abs(raw) >= 1000 else float(raw)
            if -30 < c < 150:
                name = parts[1] if parts[1] not in temps else f"{parts[1]}#{len(temps)}"
                temps[name] = round(c, 1)
    return Snapshot(tuple(sorted(cores, key=lambda c: c.index)), temps)


def big_core_mask(cores: tuple[Core, ...], threads: int) -> tuple[int, ...]:
    """The fastest cores, by cpuinfo_max_freq: the top cluster, plus the next ones if `threads` needs more."""
    known = [c for c in cores if c.max_khz]
    if not known:
        return tuple(c.index for c in cores)
    chosen: list[int] = []
    for khz in sorted({c.max_khz for c in known}, reverse=True):
        chosen += [c.index for c in known if c.max_khz == khz]
        if len(chosen) >= threads:
            break
    return tuple(sorted(chosen))


def mask_hex(indices: tuple[int, ...]) -> str:
    return f"{sum(1 << i for i in indices):x}"


@dataclass(frozen=True)
class ShellResult:
    returncode: int
    stdout: str
    stderr: str


class Device:
    """One ready phone: shell commands, push and pull, and what to record about it."""

    def __init__(self, serial: str, server: Server) -> None:
        self.serial, self.server = serial, server
        self._adb = server.client().device(serial)

    def gone_or(self, what: str, exc: BaseException) -> DeviceError:
        """The sentence for a failed adb call: a vanished or locked phone, else what failed and why."""
        try:
            entry = next((d for d in list_devices(self.server) if d.serial == self.serial), None)
        except DeviceError:
            return DeviceError(f"the adb server at {self.server} went away while {what}")
        if entry is None:
            return DeviceError(f"device {self.serial} disconnected while {what}")
        problem = state_problem(entry)
        if problem:
            return DeviceError(f"{problem} (it changed while {what})")
        detail = " ".join(str(a) for a in exc.args[:1]) or type(exc).__name__
        return DeviceError(f"adb failed while {what} on {self.serial}: {detail.splitlines()[0]}")

    def sh(self, command: str, what: str, timeout: float = SHELL_TIMEOUT_S) -> ShellResult:
        try:
            r = self._adb.shell2(command, timeout=timeout, v2=True)
        except (AdbError, OSError, EOFError) as exc:
            raise self.gone_or(what, exc) from None
        return ShellResult(r.returncode, r.stdout, r.stderr)

    def open_transport(self) -> AdbConnection:
        """A connection switched to this phone, for protocols adbutils does not wrap the way we need."""
        try:
            return self._adb.open_transport(timeout=SHELL_TIMEOUT_S)
        except (AdbError, OSError, EOFError) as exc:
            raise self.gone_or("connecting", exc) from None

    def pull(self, remote: str, local: Path, what: str) -> None:
        try:
            self._adb.sync.pull_file(remote, local)
        except (AdbError, OSError, EOFError) as exc:
            local.unlink(missing_ok=True)
            raise self.gone_or(f"pulling {what}", exc) from None

    def list_dir(self, remote: str, what: str) -> list[str]:
        try:
            return [f.path for f in self._adb.sync.list(remote) if f.path not in (".", "..")]
        except (AdbError, OSError, EOFError) as exc:
            raise self.gone_or(what, exc) from None

    def properties(self) -> dict[str, str]:
        out = self.sh("getprop", "reading its properties").stdout
        props = {}
        for line in out.splitlines():
            key, sep, value = line.partition("]: [")
            if sep and key.startswith("[") and value.endswith("]"):
                props[key[1:]] = value[:-1]
        return props

    def snapshot(self) -> Snapshot:
        return parse_state(self.sh(STATE_SCRIPT, "reading CPU and thermal state").stdout)

    def cool_down(self, max_temp_c: float, max_wait_s: float, poll_s: float = 2.0,
                  on_wait: Callable[[tuple[str, float]], None] | None = None) -> tuple[Snapshot, float]:
        """Wait (up to `max_wait_s`) until no thermal zone is above `max_temp_c`; the last snapshot and the wait.

        A phone that stays hotter would throttle mid-measurement: the caller reports it instead of timing.
        `on_wait` hears the hottest zone before each wait, so a long cool-down is visible while it lasts.
        """
        t0 = time.monotonic()
        snap = self.snapshot()
        while (hot := snap.hottest) and hot[1] > max_temp_c and time.monotonic() - t0 < max_wait_s:
            if on_wait is not None:
                on_wait(hot)
            time.sleep(min(poll_s, max(0.0, max_wait_s - (time.monotonic() - t0))))
            snap = self.snapshot()
        return snap, time.monotonic() - t0

    def describe(self, server: Server, threads: int) -> dict[str, Any]:
        """What every result records about this phone (the `device` of its provenance)."""
        props = self.properties()
        abi = props.get("ro.product.cpu.abi", "")
        if abi and abi != ARM64_ABI:
            raise DeviceError(f"device {self.serial} is {abi}; the workbench builds for {ARM64_ABI} only")
        snap = self.snapshot()
        big = big_core_mask(snap.cores, threads)
        model = " ".join(filter(None, (props.get("ro.product.manufacturer"), props.get("ro.product.model"))))
        # An emulator's timings are those of the machine running it: flagged so they are never compared
        # with a phone's.
        emulated = "1" in (props.get("ro.kernel.qemu"), props.get("ro.boot.qemu"))
        return {
            "kind": "adb", "serial": self.serial, "server": str(server), "model": model,
            "cpu": props.get("ro.soc.model") or props.get("ro.board.platform") or props.get("ro.hardware", ""),
            "arch": "aarch64", "abi": abi or ARM64_ABI,
            "os": f"Android {props.get('ro.build.version.release', '?')} "
                  f"(SDK {props.get('ro.build.version.sdk', '?')})",
            "cores": len(snap.cores), "max_khz": [c.max_khz for c in snap.cores],
            "big_cores": list(big), "pin_mask": mask_hex(big), "emulated": emulated,
        }

