"""Targets: where a kernel is built and run — a Builder plus a Runner, and what to record about them."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from toolchain.builder import Builder, host_toolchain
from toolchain.runner import LocalRunner, RunOutcome, RunRequest
from toolchain.sandbox import Limits


class Runner(Protocol):
    def run(self, exe: Any, request: RunRequest) -> RunOutcome: ...


class TargetError(Exception):
    """A target that cannot be used; one sentence."""


@dataclass
class Target:
    name: str
    builder: Builder
    runner: Runner
    device: dict[str, Any]  # CPU model, cores, OS: recorded with every result

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


def host_target(limits: Limits | None = None) -> Target:
    device = {"kind": "host", "cpu": cpu_model(), "cores": os.cpu_count(), "arch": platform.machine(),
              "os": f"{platform.system()} {platform.release()}"}
    return Target("host", Builder(host_toolchain()), LocalRunner(limits), device)


def resolve_target(spec: str, limits: Limits | None = None) -> Target:
    """`host` (this machine). Other targets (`adb[:SERIAL]`, `mnn-tree:PATH`) are separate issues."""
    if spec == "host":
        return host_target(limits)
    raise TargetError(f"unknown target {spec!r}: this build knows 'host' (adb and mnn-tree are not built yet)")
