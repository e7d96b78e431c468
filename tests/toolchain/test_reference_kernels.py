"""The core tasks' reference kernels pass the real pipeline: compiler, sandbox, onnxruntime, MNN, timed.

(The whole suite is checked by `mkb check`; tests/suite samples it across every category.)"""

from __future__ import annotations

import pytest

from tasks.evaluation import evaluate
from tasks.prepare import prepare
from tasks.registry import get_task, reference_candidate
from toolchain.result import Status

CORE_TASKS = ("LayerNorm_vision", "Softmax", "Relu", "Add", "ReduceMean", "MatMul", "ArgMax", "MaxPool")


@pytest.mark.parametrize("name", CORE_TASKS)
def test_reference_kernel_is_correct(name, quick_options):
    task = get_task(name)
    prepared = prepare(task)
    assert prepared.filters["single_op"].passed, prepared.filters["single_op"].detail
    r = evaluate(task, reference_candidate(prepared.mnn_op_type), "host", quick_options)
    assert r.status is Status.OK, r.message
    assert r.correctness is not None and r.correctness.passed and r.correctness.trials > 3  # sets + checked timed calls
    assert r.timing is not None and r.timing.runs >= 3
    assert r.baseline.mnn_native_ms is not None, r.baseline.note
    assert r.speedup is not None and r.speedup > 0
