"""Targets: where a kernel is built and run — a Builder plus a Runner, and what to record about them."""

from __future__ import annotations

import os
import platform
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

import numpy as np

from toolchain.builder import Builder, BuildError, host_toolchain
from toolchain.runner import LocalRunner, RunOutcome, RunRequest
from toolchain.sandbox import Limits


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


def host_target(limits: Limits | None = None, tuned: bool = False) -> Target:
    """This machine. Candidates build with MNN's flags for its CPU files at the baseline ISA; `tuned` adds
    -march=native, which MNN does not use: the device record (and so every result's provenance) says so."""
    device = {"kind": "host", "cpu": cpu_model(), "cores": os.cpu_count(), "arch": platform.machine(),
              "os": f"{platform.system()} {platform.release()}", "host_tuned": tuned}
    builder = Builder(host_toolchain(tuned=tuned))
    return Target("host", builder, LocalRunner(limits, judge=builder.judge), device)


def resolve_target(spec: str, limits: Limits | None = None, settings: TargetSettings | None = None) -> Target:
    """`host` (this machine) or `adb[:SERIAL]` (an Android phone). `mnn-tree:PATH` is a separate issue."""
    if spec == "host":
        return host_target(limits, tuned=bool(settings and settings.host_tuned))
    if spec == "adb" or spec.startswith("adb:"):
        # Imported here: adbutils and the cross toolchain cost nothing for host evaluations.
        from toolchain.adb import DeviceError, adb_target

        try:
            return adb_target(spec[4:] or None, limits, settings or TargetSettings())
        except (DeviceError, BuildError) as exc:  # no phone, or no arm64 cross compiler
            raise TargetError(str(exc)) from None
    raise TargetError(f"unknown target {spec!r}: this build knows 'host' and 'adb[:SERIAL]'")
