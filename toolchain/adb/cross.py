"""The arm64-v8a cross toolchain: which compiler builds kernels for a phone, and how it is called.

In order of preference: the Android NDK's clang (the argument — the config's `android_ndk` — else
`MKB_ANDROID_NDK`, else `ANDROID_NDK_HOME`); else Debian's `g++-aarch64-linux-gnu` linking statically;
else the `ziglang` package's `zig c++ -target aarch64-linux-musl`, also static. A static Linux binary runs
on Android (bionic is not needed for what the driver calls), and under qemu-user on a development
machine. The toolchain's label names the compiler and how it linked; it is recorded with every result.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from toolchain.builder import CLANG_DIAG, GCC_DIAG, BuildError, Toolchain
from toolchain.cache import cache_dir

ANDROID_API = 24  # Android 7.0: every arm64 phone still in use
BASE_FLAGS = ("-O3", "-std=c++17", "-pthread")
GNU_CROSS = "aarch64-linux-gnu-g++"


def _first_line(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"the cross compiler {argv[0]} does not run: {exc}") from None
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else argv[0]


def ndk_toolchain(ndk: Path) -> Toolchain:
    host_tag = f"{platform.system().lower()}-x86_64"  # the NDK ships x86_64 hosts only (Rosetta on Apple silicon)
    clang = ndk / "toolchains" / "llvm" / "prebuilt" / host_tag / "bin" / "clang++"
    if not clang.exists():
        raise BuildError(f"the Android NDK at {ndk} has no {clang.relative_to(ndk)}: is it an NDK r19 or newer?")
    revision = "?"
    props = ndk / "source.properties"
    if props.exists():
        for line in props.read_text().splitlines():
            if line.startswith("Pkg.Revision"):
                revision = line.split("=", 1)[1].strip()
    target = f"--target=aarch64-linux-android{ANDROID_API}"
    return Toolchain(cxx=str(clang), flags=(target, *BASE_FLAGS, *CLANG_DIAG),
                     label=f"Android NDK {revision} clang++ ({target[9:]}, static libc++)",
                     json_diagnostics=False, link_flags=(target, "-static-libstdc++", "-pthread"))


def gnu_toolchain(cxx: str) -> Toolchain:
    version = _first_line([cxx, "--version"])
    return Toolchain(cxx=cxx, flags=(*BASE_FLAGS, "-march=armv8-a", *GCC_DIAG),
                     label=f"{version} (aarch64-linux-gnu, static)", json_diagnostics=True,
                     link_flags=("-static", "-pthread"))


def zig_toolchain() -> Toolchain:
    # Builder calls one executable; zig is `python -m ziglang c++ ...`, so a two-line wrapper stands in.
    wrapper = cache_dir("zig") / "zig-cxx-aarch64-musl"
    text = f'#!/bin/sh\nexec "{sys.executable}" -m ziglang c++ -target aarch64-linux-musl "$@"\n'
    if not wrapper.exists() or wrapper.read_text() != text:
        tmp = wrapper.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text)
        tmp.chmod(0o755)
        os.replace(tmp, wrapper)
    version = _first_line([sys.executable, "-m", "ziglang", "version"])
    return Toolchain(cxx=str(wrapper), flags=(*BASE_FLAGS, *CLANG_DIAG),
                     label=f"zig {version} c++ (aarch64-linux-musl, static)", json_diagnostics=False,
                     link_flags=("-static", "-pthread"))


def cross_toolchain(ndk: str | Path | None = None) -> Toolchain:
    """The best arm64-v8a toolchain on this machine, or one sentence saying how to get one."""
    ndk = ndk or os.environ.get("MKB_ANDROID_NDK") or os.environ.get("ANDROID_NDK_HOME")
    if ndk:
        return ndk_toolchain(Path(ndk).expanduser())
    gnu = shutil.which(GNU_CROSS)
    if gnu:
        return gnu_toolchain(gnu)
    if importlib.util.find_spec("ziglang") is not None:
        return zig_toolchain()
    raise BuildError("no arm64 cross compiler found: set ANDROID_NDK_HOME to an Android NDK, or install "
                     "g++-aarch64-linux-gnu (apt-get install g++-aarch64-linux-gnu) or `pip install ziglang`")
