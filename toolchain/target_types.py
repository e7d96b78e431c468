"""The target types: what a target is (a Builder plus a Runner, and what to record about them).

Apart from the factory (`toolchain.targets`), so the device packages (`toolchain.adb`) can name these
types without importing the module that imports them: no circle.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from toolchain.builder import Builder
from toolchain.runner import RunOutcome, RunRequest


class Runner(Protocol):
    def run(self, exe: Any, request: RunRequest) -> RunOutcome: ...


class DeviceBaseline(Protocol):
    """A baseline timed on a non-host target; answers MnnSession's `time` call. `source`: "mnn" or "reference"."""

    source: str
    # Its kernel host, when the target's judge can time it call by call beside the candidate's (target
    # mnn): then `time` is not called. None: timed by `time`, in two halves around the candidate.
    interleaved: Path | None

    def time(self, warmup: int, min_repeats: int, min_time_ms: float, max_repeats: int = 100000) -> list[float]: ...

    def outputs(self) -> tuple[np.ndarray, ...] | None:
        """Its outputs on the first input set, raw as a kernel writes them, when the target can give them
        (the judge then checks the baseline as it checks a candidate); None otherwise."""
        ...


@cache
def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith(("model name", "Hardware", "Processor")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@dataclass(frozen=True)
class Refusal:
    """Why a target will not evaluate a candidate, said before building: the candidate's fault (`candidate`,
    a compile error on `file`) or the target's (it cannot run this task)."""

    message: str
    candidate: bool = False
    file: str = ""


class TargetError(Exception):
    """A target that cannot be used; one sentence."""


@dataclass(frozen=True)
class TargetSettings:
    """What device targets need from this machine. The workbench reads them from its config and passes them
    down, so the toolchain never reads the workbench's config itself."""

    android_ndk: str = ""  # an Android NDK; empty: MKB_ANDROID_NDK / ANDROID_NDK_HOME, else a static cross build
    mnn_android: str = ""  # MNN's Android build (libMNN.so, MNNV2Basic.out): MNN's own kernel as the phone's baseline
    host_tuned: bool = False  # host: add -march=native to MNN's flags (`--host-tuned`); results say so
    mnn_root: str = ""  # target mnn: the MNN tree (checkout or tarball) set up with `mkb mnn setup`


@dataclass
class Target:
    name: str
    builder: Builder
    runner: Runner
    device: dict[str, Any]  # CPU model, cores, OS: recorded with every result
    # For targets where the `mnn` package cannot run: (target, prepared task, one trial's op inputs, threads)
    # -> the baseline on the device; it raises toolchain.baseline.BaselineError when it cannot be had.
    device_baseline: Callable[[Target, Any, tuple[np.ndarray, ...], int], DeviceBaseline] | None = None
    # Checked before building: (prepared task, candidate) -> why this target will not evaluate it, or None.
    admit: Callable[[Any, Any], Refusal | None] | None = None
    reads_model: bool = False  # the kernel host reads the op from the task's model.mnn (target mnn)
    # (prepared task) -> run the whole converted model as an MNN session, not the op alone (target mnn)
    whole_model: Callable[[Any], bool] | None = None

    @property
    def baseline_on_host(self) -> bool:
        """MNN's own kernel runs through the `mnn` package, on this machine."""
        return self.name == "host"
