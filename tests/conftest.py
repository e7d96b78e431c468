"""Shared fixtures: an isolated cache per test session, and quick evaluation options."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
import pytest

if TYPE_CHECKING:
    from toolchain.mnn.tree import MnnTree

# Prepared tasks and driver objects are content-addressed, so sharing one cache dir across the test
# session is safe and saves the ONNX export and driver build per test. Never the user's own cache.
os.environ.setdefault("MKB_CACHE_DIR", str(Path(os.environ.get("TMPDIR", "/tmp")) / "mkb-test-cache"))
# MNN's build (~9 minutes on two cores) is the one exception: keyed by source digest, compiler and options,
# it is exactly what `mkb mnn setup` of the same tarball makes, so every run on the machine shares it.
os.environ.setdefault("MKB_MNN_HOME", platformdirs.user_cache_dir("mobilekernelbench"))
# Settings and saved sessions are per run: a test that saves either must not steer the next run.
os.environ.setdefault("MKB_DATA_DIR", tempfile.mkdtemp(prefix="mkb-test-data-"))
os.environ.setdefault("MKB_CONFIG_DIR", tempfile.mkdtemp(prefix="mkb-test-config-"))
for key in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
    os.environ.pop(key, None)

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def quick_options():
    from toolchain.evaluate import EvalOptions
    from toolchain.runner import TimingPlan

    return EvalOptions(trials=3, timing=TimingPlan(warmup=1, min_repeats=3, min_time_ms=5))


@pytest.fixture(scope="session")
def tree() -> MnnTree:
    """MNN 3.6.1 from `../shared/mnn/` (tests/toolchain/mnn_tree.py), unpacked; not necessarily built."""
    from tests.toolchain.mnn_tree import tarball
    from toolchain.mnn.tree import open_tree

    if not tarball().is_file():
        pytest.skip(f"MNN's source tarball is not at {tarball()} (set MKB_MNN_TARBALL to it)")
    return open_tree(tarball())


@pytest.fixture(scope="session")
def built(tree: MnnTree) -> MnnTree:
    """The tree built (`mkb mnn setup`): about 9 minutes the first time on a machine, shared after."""
    from toolchain.mnn.tree import build
    from toolchain.sandbox import isolation_problem

    for tool in ("cmake", "ninja"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (apt-get install cmake ninja-build), so MNN cannot be built")
    if isolation_problem():
        pytest.skip(isolation_problem())
    return build(tree)  # about 9 minutes the first time on this machine, seconds after
