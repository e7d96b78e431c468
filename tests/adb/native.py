"""Kernels for the fake phone built for this machine, so the fake phone runs them natively, sealed.

qemu-user cannot install a seccomp filter: it answers seccomp(2) with ENOSYS, since a guest's filter
would apply to qemu's own system calls. The arm64 kernel host therefore refuses to run under it, and the
adb target refuses such a phone with one sentence (`test_arm64_phone_under_qemu_user_is_refused`).
Everything else on the phone path — pushing and caching, pinning, the judge driving the kernel, its
verdicts, pulling them back, the baselines — is tested with builds for this machine, which the fake
phone's `taskset` runs natively, under the same seal a phone's kernel runs under.
"""

from __future__ import annotations

import pytest

from toolchain.builder import Toolchain, host_toolchain


def build_natively(monkeypatch: pytest.MonkeyPatch) -> None:
    """adb targets made from now on build with this machine's compiler instead of the arm64 cross one."""

    def host(ndk: object = None) -> Toolchain:
        return host_toolchain()

    monkeypatch.setattr("toolchain.adb.cross_toolchain", host)
