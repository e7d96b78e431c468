"""Shared fixtures: an isolated cache per test session, and quick evaluation options."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs
import pytest

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
