"""The adb device target: kernels cross-built for arm64-v8a, run and timed on an Android phone over adb."""

from __future__ import annotations

from functools import partial

from toolchain.adb.baseline import MnnBaseline, ReferenceBaseline, mnn_android_files
from toolchain.adb.cross import cross_toolchain
from toolchain.adb.device import Device, DeviceError, Server, pick_device
from toolchain.adb.runner import AdbRunner, Thermal
from toolchain.builder import Builder
from toolchain.sandbox import Limits
from toolchain.target_types import Target, TargetSettings


def adb_target(serial: str | None, limits: Limits | None = None, settings: TargetSettings | None = None) -> Target:
    """The phone `serial` (or the only one connected) on the adb server adb itself would use."""
    settings = settings or TargetSettings()
    # Checked before the phone is: a wrong path in the config is the user's to fix whichever phone is there.
    baseline = (partial(MnnBaseline, files=mnn_android_files(settings.mnn_android)) if settings.mnn_android
                else ReferenceBaseline)
    server = Server.from_env()
    entry = pick_device(serial, server)
    device = Device(entry.serial, server)
    info = device.describe(server, threads=1)
    builder = Builder(cross_toolchain(settings.android_ndk or None), isolate=limits.isolate if limits else True)
    runner = AdbRunner(device, info, limits, Thermal.from_env(), judge=builder.judge)
    return Target(f"adb:{entry.serial}", builder, runner, info, device_baseline=baseline)


__all__ = ["DeviceError", "adb_target"]
