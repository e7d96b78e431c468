"""Part B of the suite (Others, Pooling, Reduction, Tensor, Trigonometry, Unary): a fixed sample of two
tasks per category through the real pipeline, the recorded reasons of tasks that cannot be evaluated,
and the `mkb export` / `mkb check` commands. The whole half is checked by `mkb check`."""

from __future__ import annotations

import json

import pytest

from tasks.evaluation import evaluate
from tasks.prepare import prepare
from tasks.registry import all_tasks, get_task, reference_candidate
from toolchain.evaluate import EvalOptions
from toolchain.result import Status
from workbench.cli import main

PART_B = ("Others", "Pooling", "Reduction", "Tensor", "Trigonometry", "Unary")
COUNTS = {"Others": 4, "Pooling": 15, "Reduction": 35, "Tensor": 28, "Trigonometry": 12, "Unary": 11}

# Two evaluable tasks per category, chosen to cover different kernels and layouts (NC4HW4 pools,
# ArgMin's int32 output, reductions over several axes, TopK's two outputs, the strided gather behind
# Slice). Others is sampled below for its recorded problems.
EVALUATED = ("Abs", "Round", "Acosh", "Tan", "ArgMin", "ReduceSum_multiple_axes",
             "AveragePool_2d_ceil", "GlobalMaxPool_3d", "TopK_dim0", "Slice")
UNEVALUABLE = {
    "LSTM": "MNN maps the model to",
    "Where": "ONNX graph holds Greater, Where",
    "ReduceL2": "MNN maps the model to 3 ops",
    "Trilu_lower": "MNN maps the model to",
}


def test_part_b_has_every_task_of_the_list():
    tasks = [t for t in all_tasks() if t.category in PART_B]
    assert {c: sum(t.category == c for t in tasks) for c in PART_B} == COUNTS


@pytest.mark.slow
@pytest.mark.parametrize("name", EVALUATED)
def test_reference_kernel_passes(name):
    task = get_task(name)
    prepared = prepare(task)
    r = evaluate(task, reference_candidate(prepared.mnn_op_type), "host", EvalOptions(trials=2, timing=None))
    assert r.status is Status.OK, r.message
    assert r.correctness is not None and r.correctness.passed


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(UNEVALUABLE))
def test_unevaluable_task_records_why(name):
    prepared = prepare(get_task(name))
    assert prepared.op is None
    assert any(UNEVALUABLE[name] in p for p in prepared.problems), prepared.problems


@pytest.mark.slow
def test_export_writes_the_artefacts(tmp_path, capsys):
    assert main(["export", "Sqrt", str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    assert {p.name for p in out.iterdir()} == {"model.onnx", "model.mnn", "model.mnn.json", "Sqrt.py", "task.json"}
    ops = json.loads((out / "model.mnn.json").read_text())["oplists"]
    assert any(op["type"] == "UnaryOp" for op in ops)
    assert json.loads((out / "task.json").read_text())["mnn_op_type"] == "UnaryOp"


@pytest.mark.slow
def test_check_reports_ok_and_skipped(capsys):
    assert main(["check", "Neg", "Where", "--json"]) == 0
    report = {t["task"]: t for t in json.loads(capsys.readouterr().out)["tasks"]}
    assert report["Neg"]["state"] == "ok"
    assert report["Where"]["state"] == "skipped" and "Where" in report["Where"]["message"]


def test_check_needs_a_selection(capsys):
    assert main(["check"]) == 2
    assert "--all" in capsys.readouterr().err
