"""MNN 3.6.1's source tree for tests: the tarball `../shared/mnn/` beside the repo (or `MKB_MNN_TARBALL`),
unpacked once (`toolchain.mnn.tree.open_tree`). Tests that need it skip, saying why, when it is absent:
never faked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toolchain.mnn.tree import open_tree

REPO = Path(__file__).resolve().parents[2]
TARBALL = REPO.parent / "shared" / "mnn" / "MNN-3.6.1-cpu.tar.xz"
# The include path MNN's CMake gives source/backend/cpu/*.cpp (its compile_commands.json), in its order.
INCLUDE_DIRS = ("include", "source", "express", "tools", "schema/current", "3rd_party",
                "3rd_party/flatbuffers/include", "3rd_party/half", "3rd_party/imageHelper")


def tarball() -> Path:
    return Path(os.environ.get("MKB_MNN_TARBALL") or TARBALL)


def mnn_root() -> Path:
    """The unpacked tree (unpacked as `mkb mnn setup` unpacks it), or skip the test with the reason."""
    path = tarball()
    if not path.is_file():
        pytest.skip(f"MNN's source tarball is not at {path} (set MKB_MNN_TARBALL to it)")
    return open_tree(path).root


def mnn_includes(root: Path) -> list[str]:
    return [f"-I{root / d}" for d in INCLUDE_DIRS]
