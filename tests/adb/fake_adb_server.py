"""A loopback adb server for tests: the real adb server protocol, fake phones, real aarch64 code under qemu.

It speaks what adbutils and the `adb` client send to an adb server on port 5037: 4-hex-digit
length-prefixed requests answered OKAY or FAIL; `host:version`, `host:devices[-l]`, `host:features`,
`host:transport:S` / `host:transport-any` / `host:tport:serial:S` / `host:tport:any` (which switch the
connection to a device), `host-serial:S:features|get-state|get-serialno`; on a device, `shell:` and
`shell,v2:` and `sync:` (STAT, LIST, SEND, RECV, DATA, DONE, QUIT).

Each fake phone is a directory standing in for its file system: `data/local/tmp` and a plausible
`sys/devices/system/cpu` (little and big cores, cpufreq files) and `sys/class/thermal`. Shell commands
run in the host's /bin/sh with those two prefixes rewritten; `getprop` and `taskset` are small scripts,
and `taskset` starts aarch64 programs under `qemu-aarch64-static` (called explicitly: no binfmt here),
x86-64 ones natively. qemu-user cannot install a seccomp filter, so an arm64 kernel host refuses to run
unsealed under it: tests that need a kernel to run give the phone x86-64 builds (`tests/adb/native.py`).

Run it by hand: `python tests/adb/fake_adb_server.py --port 5038`, then `adb -P 5038 devices`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import socketserver
import stat
import struct
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SERVER_VERSION = 41  # what adb 1.0.41 expects; a client seeing another version kills and restarts the server
FEATURES = "shell_v2,cmd,fixed_push_mkdir"
UNAUTHORIZED = ("device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set\n"
                "Try 'adb kill-server' if that seems wrong.\nOtherwise check for a confirmation dialog on your device.")
# Device paths the fake file system holds; everything else is outside what an app-less shell may touch.
DEVICE_PREFIX = re.compile(r"(?<![\w/.])/(data/local/tmp|sys)(?=/|\b)")

GETPROP = """#!/bin/sh
if [ $# -eq 0 ]; then cat "$FAKE_ROOT/props"; exit 0; fi
sed -n "s/^\\[$1\\]: \\[\\(.*\\)\\]\\$/\\1/p" "$FAKE_ROOT/props"
"""
# Validates the mask against the fake phone's cores, logs it, and runs aarch64 ELF files under qemu: the
# program, and the one after a `--` (the kernel the judge starts), since there is no binfmt_misc to do it.
TASKSET = """#!/bin/sh
mask=$1; shift
ncpu=$(cat "$FAKE_ROOT/ncpu")
if ! [ $((0x$mask)) -gt 0 ] 2>/dev/null || [ $((0x$mask >> ncpu)) -ne 0 ]; then
  echo "taskset: sched_setaffinity: Invalid argument" >&2; exit 1
fi
echo "$mask" >> "$FAKE_ROOT/taskset.log"
arm() { [ "$(od -An -tx1 -j18 -N2 "$1" 2>/dev/null | tr -d ' ')" = "b700" ]; }
n=$#; program=1
for a in "$@"; do
  if [ $program = 1 ] && arm "$a"; then set -- "$@" qemu-aarch64-static; fi
  program=0; [ "$a" = "--" ] && program=1
  set -- "$@" "$a"
done
shift $n
exec "$@"
"""


@dataclass
class FakeDevice:
    serial: str
    root: Path
    state: str = "device"  # device | unauthorized | offline
    model: str = "Pixel_7"
    little_khz: int = 1_800_000
    big_khz: int = 2_850_000
    cores: tuple[int, int] = (4, 4)  # little, big
    temp_mc: int = 41_000
    props: dict[str, str] = field(default_factory=dict)
    refuse_push: str = ""  # when set, every SEND fails with this message
    vanish_on: str = ""  # when a shell command contains this, the phone drops off the bus mid-command
    transport_id: int = 0

    def populate(self) -> None:
        (self.root / "data" / "local" / "tmp").mkdir(parents=True, exist_ok=True)
        n_little, n_big = self.cores
        for i in range(n_little + n_big):
            d = self.root / "sys" / "devices" / "system" / "cpu" / f"cpu{i}" / "cpufreq"
            d.mkdir(parents=True, exist_ok=True)
            top = self.little_khz if i < n_little else self.big_khz
            for name, value in (("cpuinfo_max_freq", top), ("cpuinfo_min_freq", 300_000),
                                ("scaling_cur_freq", top), ("scaling_governor", "schedutil")):
                (d / name).write_text(f"{value}\n")
        (self.root / "ncpu").write_text(str(n_little + n_big))
        for k, kind in enumerate(("cpu-0-0-usr", "cpu-1-0-usr", "battery")):
            z = self.root / "sys" / "class" / "thermal" / f"thermal_zone{k}"
            z.mkdir(parents=True, exist_ok=True)
            (z / "type").write_text(kind + "\n")
        self.set_temperature(self.temp_mc)
        props = {"ro.product.model": self.model.replace("_", " "), "ro.product.manufacturer": "Google",
                 "ro.build.version.release": "14", "ro.build.version.sdk": "34", "ro.product.cpu.abi": "arm64-v8a",
                 "ro.soc.model": "Tensor G2", "ro.kernel.qemu": "1", **self.props}
        (self.root / "props").write_text("".join(f"[{k}]: [{v}]\n" for k, v in sorted(props.items())))

    def set_temperature(self, millidegrees: int) -> None:
        self.temp_mc = millidegrees
        for k in range(2):  # the CPU zones; the battery stays cool
            (self.root / "sys" / "class" / "thermal" / f"thermal_zone{k}" / "temp").write_text(f"{millidegrees}\n")
        (self.root / "sys" / "class" / "thermal" / "thermal_zone2" / "temp").write_text("30000\n")

    def set_big_clock(self, khz: int) -> None:
        """What a throttling governor does: the big cores' current frequency drops."""
        n_little, n_big = self.cores
        for i in range(n_little, n_little + n_big):
            (self.root / "sys" / "devices" / "system" / "cpu" / f"cpu{i}" / "cpufreq" / "scaling_cur_freq") \
                .write_text(f"{khz}\n")

    def device_path(self, path: str) -> Path | None:
        """The host file for a device path, or None when the path is outside the fake file system."""
        if not DEVICE_PREFIX.match(path):
            return None
        resolved = (self.root / path.lstrip("/")).resolve()
        return resolved if resolved.is_relative_to(self.root.resolve()) else None

    @property
    def taskset_masks(self) -> list[str]:
        log = self.root / "taskset.log"
        return log.read_text().split() if log.exists() else []


class _Conn:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def read_exact(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def read_request(self) -> str:
        size = int(self.read_exact(4), 16)
        return self.read_exact(size).decode()

    def okay(self, payload: bytes = b"") -> None:
        self.sock.sendall(b"OKAY" + payload)

    def fail(self, message: str) -> None:
        data = message.encode()
        self.sock.sendall(b"FAIL" + f"{len(data):04x}".encode() + data)

    def block(self, text: str) -> None:
        data = text.encode()
        self.okay(f"{len(data):04x}".encode() + data)


class FakeAdbServer:
    """`with FakeAdbServer() as server: server.add_device("emulator-5554")`; `server.port` is where it listens."""

    def __init__(self, port: int = 0, workdir: Path | None = None) -> None:
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="fake-adb-"))
        self.devices: dict[str, FakeDevice] = {}
        self._lock = threading.Lock()
        self._next_id = 1
        self.bin_dir = self.workdir / "bin"
        self.bin_dir.mkdir(parents=True, exist_ok=True)
        for name, text in (("getprop", GETPROP), ("taskset", TASKSET)):
            (self.bin_dir / name).write_text(text)
            (self.bin_dir / name).chmod(0o755)
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                with contextlib.suppress(EOFError, OSError):
                    server._serve(_Conn(self.request))

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._tcp = socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)
        self._tcp.daemon_threads = True
        self.port = self._tcp.server_address[1]
        self._thread = threading.Thread(target=self._tcp.serve_forever, daemon=True)

    def __enter__(self) -> FakeAdbServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._tcp.shutdown()
        self._tcp.server_close()

    def add_device(self, serial: str, **kw: object) -> FakeDevice:
        with self._lock:
            dev = FakeDevice(serial, self.workdir / serial, transport_id=self._next_id, **kw)  # type: ignore[arg-type]
            self._next_id += 1
            dev.populate()
            self.devices[serial] = dev
            return dev

    def remove_device(self, serial: str) -> None:
        with self._lock:
            self.devices.pop(serial, None)

    # --- host services -------------------------------------------------------------------------------

    def _serve(self, c: _Conn) -> None:
        req = c.read_request()
        if req == "host:version":
            c.block(f"{SERVER_VERSION:04x}")
        elif req in ("host:devices", "host:devices-l"):
            c.block(self._device_list(long=req.endswith("-l")))
        elif req == "host:features":
            c.block(FEATURES)
        elif req == "host:kill":
            c.okay()
        elif req.startswith(("host:transport", "host:tport:")):
            dev = self._select(c, req)
            if dev is not None:
                c.okay(struct.pack("<Q", dev.transport_id) if req.startswith("host:tport:") else b"")
                self._device_service(c, dev, c.read_request())
        elif req.startswith("host-serial:"):
            serial, _, cmd = req[len("host-serial:"):].rpartition(":")
            dev = self._lookup(c, serial)
            if dev is None:
                return
            answers = {"features": FEATURES, "get-state": dev.state, "get-serialno": dev.serial}
            if cmd in answers:
                c.block(answers[cmd])
            else:
                c.fail(f"unsupported host-serial command: {cmd}")
        else:
            c.fail(f"unknown host service: {req}")

    def _device_list(self, long: bool) -> str:
        with self._lock:
            devs = list(self.devices.values())
        lines = []
        for d in devs:
            extra = f" product:sdk_gphone64_arm64 model:{d.model} device:emu64a transport_id:{d.transport_id}"
            lines.append(f"{d.serial}\t{d.state}" if not long else f"{d.serial:<22}{d.state}{extra}")
        return "".join(line + "\n" for line in lines)

    def _select(self, c: _Conn, req: str) -> FakeDevice | None:
        if req in ("host:transport-any", "host:tport:any"):
            with self._lock:
                devs = list(self.devices.values())
            if not devs:
                c.fail("no devices/emulators found")
                return None
            if len(devs) > 1:
                c.fail("more than one device/emulator")
                return None
            return self._ready(c, devs[0])
        serial = req.split(":", 2)[2] if req.startswith("host:transport:") else req[len("host:tport:serial:"):]
        return self._lookup(c, serial)

    def _lookup(self, c: _Conn, serial: str) -> FakeDevice | None:
        with self._lock:
            dev = self.devices.get(serial)
        if dev is None:
            c.fail(f"device '{serial}' not found")
            return None
        return self._ready(c, dev)

    @staticmethod
    def _ready(c: _Conn, dev: FakeDevice) -> FakeDevice | None:
        if dev.state == "unauthorized":
            c.fail(UNAUTHORIZED)
            return None
        if dev.state == "offline":
            c.fail("device offline")
            return None
        return dev

    # --- device services -----------------------------------------------------------------------------

    def _device_service(self, c: _Conn, dev: FakeDevice, req: str) -> None:
        if req.startswith("shell,v2") or req.startswith("shell:"):
            opts, _, cmd = req.partition(":")
            c.okay()
            self._shell(c, dev, cmd, v2="v2" in opts.split(","))
        elif req == "sync:":
            c.okay()
            _Sync(c, dev).serve()
        else:
            c.fail(f"unknown device service: {req}")

    def _shell(self, c: _Conn, dev: FakeDevice, cmd: str, v2: bool) -> None:
        translated = DEVICE_PREFIX.sub(lambda m: f"{dev.root}/{m.group(1)}", cmd)
        env = {"PATH": f"{self.bin_dir}:/usr/bin:/bin", "FAKE_ROOT": str(dev.root), "LANG": "C"}
        proc = subprocess.Popen(["/bin/sh", "-c", translated], cwd=dev.root / "data" / "local" / "tmp", env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE if v2 else subprocess.STDOUT, start_new_session=True)
        if dev.vanish_on and dev.vanish_on in cmd:
            time.sleep(0.2)  # the command has started on the phone when the cable goes
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            self.remove_device(dev.serial)
            c.sock.shutdown(socket.SHUT_RDWR)
            return
        try:
            out, err = proc.communicate()
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        if not v2:
            c.sock.sendall(out)
            return
        for kind, data in ((1, out), (2, err or b"")):
            if data:
                c.sock.sendall(bytes([kind]) + struct.pack("<I", len(data)) + data)
        status = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode  # as a shell reports it
        c.sock.sendall(bytes([3]) + struct.pack("<I", 1) + bytes([status & 0xFF]))


class _Sync:
    """The `sync:` sub-protocol: 4-byte id + little-endian u32 length, then that many bytes."""

    def __init__(self, c: _Conn, dev: FakeDevice) -> None:
        self.c, self.dev = c, dev

    def header(self) -> tuple[bytes, int]:
        raw = self.c.read_exact(8)
        return raw[:4], struct.unpack("<I", raw[4:])[0]

    def fail(self, message: str) -> None:
        data = message.encode()
        self.c.sock.sendall(b"FAIL" + struct.pack("<I", len(data)) + data)

    def serve(self) -> None:
        while True:
            cmd, size = self.header()
            if cmd == b"QUIT":
                return
            path = self.c.read_exact(size).decode()
            handler = {b"STAT": self.stat, b"LIST": self.list, b"SEND": self.send, b"RECV": self.recv}.get(cmd)
            if handler is None:
                self.fail(f"unknown sync command {cmd!r}")
                return
            handler(path)

    def stat(self, path: str) -> None:
        host = self.dev.device_path(path)
        st = host.stat() if host is not None and host.exists() else None
        fields = (st.st_mode, st.st_size, int(st.st_mtime)) if st else (0, 0, 0)
        self.c.sock.sendall(b"STAT" + struct.pack("<III", *fields))

    def list(self, path: str) -> None:
        host = self.dev.device_path(path)
        if host is not None and host.is_dir():
            for entry in sorted(host.iterdir()):
                st = entry.lstat()
                name = entry.name.encode()
                self.c.sock.sendall(b"DENT" + struct.pack("<IIII", st.st_mode, st.st_size, int(st.st_mtime),
                                                          len(name)) + name)
        self.c.sock.sendall(b"DONE" + bytes(16))

    def send(self, spec: str) -> None:
        path, _, mode = spec.rpartition(",")
        chunks = []
        while True:  # the whole upload is read before answering, as adbd does
            kind, size = self.header()
            if kind == b"DONE":
                break
            if kind != b"DATA":
                self.fail(f"unexpected {kind!r} during SEND")
                return
            chunks.append(self.c.read_exact(size))
        host = self.dev.device_path(path)
        if self.dev.refuse_push or host is None:
            self.fail(self.dev.refuse_push or f"couldn't create file: {path}: Permission denied")
            return
        host.parent.mkdir(parents=True, exist_ok=True)  # adbd creates missing directories
        host.write_bytes(b"".join(chunks))
        host.chmod(stat.S_IMODE(int(mode)) if mode else 0o644)
        self.c.sock.sendall(b"OKAY" + bytes(4))

    def recv(self, path: str) -> None:
        host = self.dev.device_path(path)
        if host is None or not host.is_file():
            self.fail(f"remote object '{path}' does not exist")
            return
        with open(host, "rb") as f:
            while chunk := f.read(64 * 1024):
                self.c.sock.sendall(b"DATA" + struct.pack("<I", len(chunk)) + chunk)
        self.c.sock.sendall(b"DONE" + bytes(4))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=5038)
    ap.add_argument("--device", action="append", default=None, help="serial of a fake phone (repeatable)")
    args = ap.parse_args()
    if not shutil.which("qemu-aarch64-static"):
        print("note: qemu-aarch64-static is not installed (apt-get install qemu-user-static); kernels will not run")
    with FakeAdbServer(args.port) as server:
        for serial in args.device or ["emulator-5554"]:
            server.add_device(serial)
        print(f"fake adb server on 127.0.0.1:{server.port} ({server.workdir}); Ctrl-C stops it")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
