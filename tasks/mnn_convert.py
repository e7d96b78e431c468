"""MNN's converter core, called directly and fenced in.

The `mnn` package's command-line wrappers (`mnnconvert`, `MNN.tools.*`) pip-install a logging SDK and
send usage data, so we never call them. We call the compiled core, `_tools.mnnconvert([...])`, in a child
process (it prints to the C-level stdout, which must not reach `mkb ... --json`), with an audit hook
that refuses any socket connection or subprocess from Python in that child, and no proxy variables.

Run as `python -m tasks.mnn_convert ONNX MNN JSON`; `convert()` is the in-process entry for callers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_REFUSED_EVENTS = ("socket.connect", "socket.getaddrinfo", "subprocess.Popen", "os.system", "os.exec",
                   "os.posix_spawn", "os.fork")


class ConvertError(Exception):
    """MNN's converter failed; the message is one sentence."""


def _fence(event: str, _args: tuple) -> None:
    if event in _REFUSED_EVENTS:
        raise PermissionError(f"mkb: the MNN converter may not use {event}")


def convert(onnx_path: Path, mnn_path: Path, json_path: Path, timeout: float = 300) -> str:
    """Convert ONNX → .mnn and dump the .mnn as JSON; returns the converter's log."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and not k.endswith("_API_KEY")}
    proc = subprocess.run(
        [sys.executable, "-m", "tasks.mnn_convert", str(onnx_path), str(mnn_path), str(json_path)],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=Path(__file__).resolve().parent.parent,
    )
    log = proc.stdout + proc.stderr
    if proc.returncode != 0 or not json_path.exists():
        last = next((ln for ln in reversed(log.strip().splitlines()) if ln.strip()), "no output")
        raise ConvertError(f"MNN's converter rejected {onnx_path.name}: {last.strip()}")
    return log


def _main(argv: list[str]) -> int:
    onnx_path, mnn_path, json_path = argv
    sys.addaudithook(_fence)
    import _tools  # the compiled converter core, not the MNN.tools wrappers

    rc = _tools.mnnconvert(["mnnconvert", "-f", "ONNX", "--modelFile", onnx_path, "--MNNModel", mnn_path,
                            "--bizCode", "mkb"])
    if not Path(mnn_path).exists():  # its return value is not a reliable status across versions
        print(f"conversion to .mnn failed (returned {rc!r})", file=sys.stderr)
        return 1
    _tools.mnnconvert(["mnnconvert", "-f", "MNN", "--modelFile", mnn_path, "--JsonFile", json_path])
    return 0 if Path(json_path).exists() else 1


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
