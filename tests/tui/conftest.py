"""TUI fixtures: an isolated config and data dir per test, and app builders.

The config dir is a fixed path (not tmp_path) so SVG snapshots that print it are byte-stable.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolchain.candidate import Candidate
from toolchain.result import Baseline, Diagnostic, EvalResult, Status, Timing

SNAP_CONFIG = Path("/tmp/mkb-tui-test-config")
SIZE = (160, 45)


@pytest.fixture(autouse=True)
def isolated_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    shutil.rmtree(SNAP_CONFIG, ignore_errors=True)
    monkeypatch.setenv("MKB_CONFIG_DIR", str(SNAP_CONFIG))
    monkeypatch.setenv("MKB_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path
    shutil.rmtree(SNAP_CONFIG, ignore_errors=True)


def canned_evaluator():
    """A stand-in for toolchain.evaluate with fixed answers: a compile error, then a correct kernel.

    Only for snapshots, whose pixels must not depend on this machine's timings; the flows use the
    real pipeline."""
    calls: list[Candidate] = []

    def evaluate(task, candidate, target, options, progress, samples=None) -> EvalResult:
        calls.append(candidate)
        if progress:
            progress("compiling")
        if len(calls) == 1:
            return EvalResult(task.id, Status.COMPILE_ERROR, "1 compile error; first: CPULayerNorm.cpp:27:12",
                              diagnostics=(Diagnostic("error", "CPULayerNorm.cpp", 27, 12,
                                                      "'v' was not declared in this scope"),))
        timing = Timing.from_samples([0.10, 0.11, 0.12, 0.10, 0.11])
        base = Timing.from_samples([0.20, 0.21, 0.22, 0.20, 0.21])
        if samples:
            samples("baseline", base.samples_ms[:2])
            samples("kernel", timing.samples_ms)
        return EvalResult(task.id, Status.OK, "correct on 3 trials", timing=timing,
                          baseline=Baseline(base.median_ms, "", base))

    return evaluate


@pytest.fixture
def anyio_backend() -> str:
    # Async tests run through anyio's pytest plugin (anyio ships with httpx); Textual runs on asyncio.
    return "asyncio"
