"""The target types: what a target is (a Builder plus a Runner, and what to record about them).

Apart from the factory (`toolchain.targets`), so the device packages (`toolchain.adb`) can name these
types without importing the module that imports them: no circle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from toolchain.builder import Builder
from toolchain.runner import RunOutcome, RunRequest


class Runner(Protocol):
    def run(self, exe: Any, request: RunRequest) -> RunOutcome: ...


class DeviceBaseline(Protocol):
    """A baseline timed on a non-host target; answers MnnSession's `time` call. `source`: "mnn" or "reference"."""

    source: str

    def time(self, warmup: int, min_repeats: int, min_time_ms: float, max_repeats: int = 100000) -> list[float]: ...


class TargetError(Exception):
    """A target that cannot be used; one sentence."""


@dataclass(frozen=True)
class TargetSettings:
    """What device targets need from this machine. The workbench reads them from its config and passes them
    down, so the toolchain never reads the workbench's config itself."""

    android_ndk: str = ""  # an Android NDK; empty: MKB_ANDROID_NDK / ANDROID_NDK_HOME, else a static cross build
    mnn_android: str = ""  # MNN's Android build (libMNN.so, MNNV2Basic.out): MNN's own kernel as the phone's baseline
    host_tuned: bool = False  # host: add -march=native to MNN's flags (`--host-tuned`); results say so


@dataclass
class Target:
    name: str
    builder: Builder
    runner: Runner
    device: dict[str, Any]  # CPU model, cores, OS: recorded with every result
    # For targets where the `mnn` package cannot run: (target, prepared task, one trial's op inputs, threads)
    # -> the baseline on the device; it raises toolchain.baseline.BaselineError when it cannot be had.
    device_baseline: Callable[[Target, Any, tuple[np.ndarray, ...], int], DeviceBaseline] | None = None

    @property
    def baseline_on_host(self) -> bool:
        """MNN's own kernel runs through the `mnn` package, on this machine."""
        return self.name == "host"
