"""Targets: where a kernel is built and run. The factory (`resolve_target`, `host_target`); the types live
in `toolchain.target_types` (re-exported here) so `toolchain.adb` never imports this module back."""

from __future__ import annotations

import os
import platform

from toolchain.builder import Builder, BuildError, host_toolchain
from toolchain.runner import LocalRunner
from toolchain.sandbox import Limits
from toolchain.target_types import DeviceBaseline, Runner, Target, TargetError, TargetSettings, cpu_model

__all__ = ["DeviceBaseline", "Runner", "Target", "TargetError", "TargetSettings", "cpu_model", "host_target",
           "resolve_target"]


def host_target(limits: Limits | None = None, tuned: bool = False) -> Target:
    """This machine. Candidates build with MNN's flags for its CPU files at the baseline ISA; `tuned` adds
    -march=native, which MNN does not use: the device record (and so every result's provenance) says so."""
    device = {"kind": "host", "cpu": cpu_model(), "cores": os.cpu_count(), "arch": platform.machine(),
              "os": f"{platform.system()} {platform.release()}", "host_tuned": tuned}
    builder = Builder(host_toolchain(tuned=tuned), isolate=limits.isolate if limits is not None else True)
    return Target("host", builder, LocalRunner(limits, judge=builder.judge), device)


def resolve_target(spec: str, limits: Limits | None = None, settings: TargetSettings | None = None) -> Target:
    """`host` (this machine), `adb[:SERIAL]` (an Android phone) or `mnn` (inside the MNN tree set up with
    `mkb mnn setup`, named by `settings.mnn_root`)."""
    if spec == "host":
        return host_target(limits, tuned=bool(settings and settings.host_tuned))
    if spec == "adb" or spec.startswith("adb:"):
        # Imported here: adbutils and the cross toolchain cost nothing for host evaluations.
        from toolchain.adb import DeviceError, adb_target

        try:
            return adb_target(spec[4:] or None, limits, settings or TargetSettings())
        except (DeviceError, BuildError) as exc:  # no phone, or no arm64 cross compiler
            raise TargetError(str(exc)) from None
    if spec == "mnn":
        from toolchain.mnn.target import mnn_target

        return mnn_target((settings or TargetSettings()).mnn_root, limits)
    raise TargetError(f"unknown target {spec!r}: this build knows 'host', 'adb[:SERIAL]' and 'mnn'")
