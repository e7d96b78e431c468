"""Every task's reference kernel passes the real pipeline: compiler, sandbox, onnxruntime, MNN."""

from __future__ import annotations

import pytest

from tasks.prepare import prepare
from tasks.registry import REFERENCE_KERNELS_DIR, all_tasks
from toolchain.candidate import Candidate
from toolchain.evaluate import evaluate
from toolchain.result import Status


@pytest.mark.parametrize("task", all_tasks(), ids=lambda t: t.id)
def test_reference_kernel_is_correct(task, quick_options):
    prepared = prepare(task)
    assert prepared.filters["single_op"].passed, prepared.filters["single_op"].detail
    kernel_dir = REFERENCE_KERNELS_DIR / prepared.mnn_op_type
    r = evaluate(task, Candidate.from_paths([kernel_dir]), "host", quick_options)
    assert r.status is Status.OK, r.message
    assert r.correctness is not None and r.correctness.passed and r.correctness.trials == 3
    assert r.timing is not None and r.timing.runs >= 3
    assert r.baseline.mnn_native_ms is not None, r.baseline.note
    assert r.speedup is not None and r.speedup > 0
