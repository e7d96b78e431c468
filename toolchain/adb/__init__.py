"""The adb device target: kernels cross-built for arm64-v8a, run and timed on an Android phone over adb."""

from __future__ import annotations

from toolchain.adb.baseline import ReferenceBaseline
from toolchain.adb.cross import cross_toolchain
from toolchain.adb.device import Device, DeviceError, Server, pick_device
from toolchain.adb.runner import AdbRunner, Thermal
from toolchain.builder import Builder
from toolchain.sandbox import Limits
from toolchain.targets import Target


def adb_target(serial: str | None, limits: Limits | None = None) -> Target:
    """The phone `serial` (or the only one connected) on the adb server adb itself would use."""
    server = Server.from_env()
    entry = pick_device(serial, server)
    device = Device(entry.serial, server)
    info = device.describe(server, threads=1)
    builder = Builder(cross_toolchain())
    return Target(f"adb:{entry.serial}", builder, AdbRunner(device, info, limits, Thermal.from_env()), info,
                  device_baseline=ReferenceBaseline)


__all__ = ["DeviceError", "adb_target"]
