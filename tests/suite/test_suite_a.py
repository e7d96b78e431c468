"""Part A of the suite (Activation, Binary, Convolution, Logic, Matrix, Normalization): the task
files are complete, and a fixed sample of two tasks per category passes with its reference kernel
through the real pipeline (export, MNN conversion, compiler, sandbox, onnxruntime)."""

from __future__ import annotations

import pytest

from tasks.evaluation import evaluate
from tasks.prepare import prepare
from tasks.registry import all_tasks, get_task, reference_candidate
from toolchain.evaluate import EvalOptions
from toolchain.result import Status

EXPECTED_COUNTS = {"Activation": 12, "Binary": 8, "Convolution": 21, "Logic": 13, "Matrix": 19, "Normalization": 12}

# Two per category, chosen to cover distinct kernels and layouts: NC4HW4 (PReLU, Scale, Convolution,
# DeconvolutionDepthwise), broadcasting, bool-as-int32, 1-D MatMul, Permute and multi-axis LayerNorm.
SAMPLE = (
    "ELU",
    "PRelu",
    "Div",
    "Mul_bcast",
    "Conv",
    "DeconvolutionDepthwise_2D_stride",
    "Greater",
    "LogicalXor_2d",
    "MatMul_1d_3d",
    "Einsum_transpose",
    "BatchNormalization",
    "LayerNorm_3d",
)


def test_part_a_categories_are_complete():
    counts: dict[str, int] = {}
    for t in all_tasks():
        if t.category in EXPECTED_COUNTS:
            counts[t.category] = counts.get(t.category, 0) + 1
    assert counts == EXPECTED_COUNTS


@pytest.mark.slow
@pytest.mark.parametrize("name", SAMPLE)
def test_sampled_task_passes_with_its_reference_kernel(name):
    task = get_task(name)
    prepared = prepare(task)
    assert prepared.mnn_op_type is not None, prepared.problems
    candidate = reference_candidate(prepared.mnn_op_type)
    result = evaluate(task, candidate, "host", EvalOptions(trials=2, timing=None))
    assert result.status is Status.OK, result.message
    assert result.correctness is not None and result.correctness.passed and result.correctness.trials >= 2
