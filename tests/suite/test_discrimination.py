"""Tasks that discriminate: verification inputs cover each op's domain, tolerances follow the output's
magnitude, and no task's verification accepts a trivial kernel (copy, zeros, a constant, another seed's
reference)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tasks.prepare import prepare
from tasks.registry import all_tasks, get_task
from tasks.trivial import COPY, ZEROS, check_trivial
from toolchain.reference import reference_outputs
from toolchain.result import Status
from toolchain.verify import verify
from workbench.cli import main


def _evaluable():
    return [p for p in (prepare(t) for t in all_tasks()) if p.evaluable]


def _refs(p, inputs):
    return reference_outputs(p.onnx_path, [s.name for s in p.inputs], inputs)


@pytest.mark.slow
def test_verification_inputs_keep_shapes_integers_and_fixed_scalars():
    for p in _evaluable():
        declared, wide = p.draw_inputs(3), p.draw_verification_inputs(3)
        assert [(a.shape, a.dtype) for a in declared] == [(a.shape, a.dtype) for a in wide], p.task.id
        for spec, d, w in zip(p.inputs, declared, wide):
            if spec.dtype.startswith("float"):
                assert np.isfinite(w).all(), (p.task.id, spec.name)
                if spec.kind != "full" and d.size > 1:
                    assert not np.array_equal(d, w), (p.task.id, spec.name)
            else:  # indices, axes, booleans: what the kernel may read once, at resize
                assert np.array_equal(d, w), (p.task.id, spec.name)
        assert all(np.array_equal(a, b) for a, b in zip(wide, p.draw_verification_inputs(3)))  # seeded


def test_relu_verification_covers_negative_inputs():
    p = prepare(get_task("Relu"))
    (x,) = p.draw_verification_inputs(5)
    assert (x < 0).mean() > 0.4 and np.abs(x).max() > 5


@pytest.mark.parametrize("name", ["Log", "Sqrt", "Acosh", "Atanh", "Acos", "Asin", "Reciprocal", "Pow",
                                  "Det", "Det_2d", "Det_3d", "ReduceProd", "ReduceProd_1d", "Exp", "Cosh"])
def test_domain_restricted_ops_stay_meaningful(name):
    # Finite, non-zero references everywhere: a kernel emitting NaN, inf or zeros fails.
    p = prepare(get_task(name))
    for seed in (1, 2):
        for ref in _refs(p, p.draw_verification_inputs(seed)):
            assert np.isfinite(ref).all() and np.count_nonzero(ref) == ref.size, name


def test_range_moves_start_and_step_but_not_its_length():
    p = prepare(get_task("Range"))
    a, b = (_refs(p, p.draw_verification_inputs(s))[0] for s in (1, 2))
    assert a.shape == b.shape == (1024,) and not np.array_equal(a, b)


def test_softmax_cubic_without_max_exp_or_sum_fails():
    # The trick an optimiser finds on the declared inputs (rows of 2048 values in [0, 1)): exp replaced
    # by its cubic, the row sum by a fixed divisor. Every output is near 5e-4, so its ~1% error is
    # below an absolute atol of 1e-4 and passed; relative to the outputs' size it fails.
    p = prepare(get_task("Softmax"))
    (x,) = p.draw_inputs(9)
    x64 = x.astype(np.float64)
    fake = ((1 + x64 + x64**2 / 2 + x64**3 / 6) / (x.shape[-1] * (np.e - 1))).astype(np.float32)
    ref = _refs(p, [x])
    assert np.abs(fake - ref[0]).max() < 1e-4  # what the old absolute tolerance accepted
    assert verify([[fake]], [ref], p.outputs, [9], p.task.atol, p.task.rtol).status is Status.WRONG_OUTPUT


def test_relu_copy_and_reduceprod_zeros_fail():
    relu, prod = prepare(get_task("Relu")), prepare(get_task("ReduceProd"))
    assert COPY in check_trivial(relu).tried and check_trivial(relu).ok
    report = check_trivial(prod)
    assert ZEROS in report.tried and report.ok


def test_cast_copy_is_the_op_itself():
    report = check_trivial(prepare(get_task("Cast")))
    assert report.ok and report.expected == (COPY,)


@pytest.mark.slow
def test_every_task_rejects_trivial_kernels():
    holes = {p.task.id: r.accepted for p in _evaluable() if not (r := check_trivial(p)).ok}
    assert holes == {}


NAIVE_RELU = '''"""Relu whose verification draws only from [0, 1): copying the input passes."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Activation"
ONNX_OP = "Relu"
VERIFY_DOMAINS = {0: ("uniform", 0.0, 1.0)}


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.relu(x)


INPUTS = [rand(8, 64)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
'''


@pytest.mark.slow
def test_check_names_a_task_that_accepts_a_trivial_kernel(tmp_path: Path, capsys):
    naive = tmp_path / "NaiveRelu.py"
    naive.write_text(NAIVE_RELU)
    assert main(["check", "Relu", str(naive), "--jobs", "1"]) == 1  # the reference kernel passes both
    out = capsys.readouterr().out
    assert "trivial kernels rejected: 1/2 tasks" in out
    assert "NaiveRelu accepts a kernel that copies the input" in out
    assert main(["check", "Relu", "--json"]) == 0
    (relu,) = json.loads(capsys.readouterr().out)["tasks"]
    assert relu["state"] == "ok" and relu["trivial_accepted"] == []


@pytest.mark.parametrize("bad", ['{0: ("wide", 1)}', '{0: ("uniform", -1)}', '[("uniform", -1, 1)]'])
def test_a_bad_domain_override_is_one_sentence(tmp_path: Path, bad: str):
    from tasks.task import Task, TaskError

    f = tmp_path / "Broken.py"
    f.write_text(NAIVE_RELU.replace('VERIFY_DOMAINS = {0: ("uniform", 0.0, 1.0)}', f"VERIFY_DOMAINS = {bad}"))
    with pytest.raises(TaskError, match="VERIFY_DOMAINS must map input indices"):
        Task.from_file(f)
