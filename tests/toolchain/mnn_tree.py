"""MNN 3.6.1's source tree for tests: the tarball `../shared/mnn/` beside the repo (or `MKB_MNN_TARBALL`),
unpacked once into the test cache. Tests that need it skip, saying why, when it is absent: never faked."""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
from functools import cache
from pathlib import Path

import pytest

from toolchain.cache import cache_dir

REPO = Path(__file__).resolve().parents[2]
TARBALL = REPO.parent / "shared" / "mnn" / "MNN-3.6.1-cpu.tar.xz"
TOP = "MNN-3.6.1"
# The include path MNN's CMake gives source/backend/cpu/*.cpp (its compile_commands.json), in its order.
INCLUDE_DIRS = ("include", "source", "express", "tools", "schema/current", "3rd_party",
                "3rd_party/flatbuffers/include", "3rd_party/half", "3rd_party/imageHelper")


def tarball() -> Path:
    return Path(os.environ.get("MKB_MNN_TARBALL") or TARBALL)


@cache
def _unpack(path: Path, stamp: str) -> Path:
    digest = hashlib.sha256(f"{path.resolve()}|{stamp}".encode()).hexdigest()[:16]
    root = cache_dir("mnn-src", digest) / TOP
    if root.is_dir():
        return root
    tmp = Path(tempfile.mkdtemp(prefix="unpack-", dir=root.parent))
    try:
        with tarfile.open(path) as tar:
            tar.extractall(tmp, filter="data")
        os.replace(tmp / TOP, root)  # atomic: a parallel run sees the whole tree or none
    except OSError:
        if not root.is_dir():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return root


def mnn_root() -> Path:
    """The unpacked tree, or skip the test with the reason."""
    path = tarball()
    if not path.is_file():
        pytest.skip(f"MNN's source tarball is not at {path} (set MKB_MNN_TARBALL to it)")
    st = path.stat()
    return _unpack(path, f"{st.st_size}:{st.st_mtime_ns}")


def mnn_includes(root: Path) -> list[str]:
    return [f"-I{root / d}" for d in INCLUDE_DIRS]
