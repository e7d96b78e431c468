"""`mkb` as a user and a script meet it: the JSON contract, exit codes, one-sentence errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

KERNEL = REPO / "tasks" / "reference_kernels" / "ReLU"


def mkb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbench.cli", *args], cwd=REPO, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300)


def test_eval_json_contract():
    p = mkb("eval", "Relu", str(KERNEL), "--json", "--min-time-ms", "5")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)  # stdout is exactly one JSON object: MNN's banners must not leak into it
    for key in ("task", "status", "diagnostics", "correctness", "timing", "baseline", "speedup"):
        assert key in d
    assert d["status"] == "ok"
    assert set(d["correctness"]) >= {"passed", "max_abs_err", "max_rel_err", "trials"}
    assert d["timing"]["median_ms"] > 0 and d["timing"]["runs"] >= 10
    assert d["baseline"]["mnn_native_ms"] > 0
    assert d["speedup"] == pytest.approx(d["baseline"]["mnn_native_ms"] / d["timing"]["median_ms"])
    assert len(d["provenance"]["seeds"]) == 3 and d["provenance"]["compiler"]


def test_eval_compile_error_exits_nonzero(tmp_path):
    bad = tmp_path / "CPURelu.cpp"
    bad.write_text("#include \"core/Execution.hpp\"\nint f( { return 0; }\n")
    p = mkb("eval", "Relu", str(bad), "--json")
    assert p.returncode == 1
    d = json.loads(p.stdout)
    assert d["status"] == "compile_error"
    assert d["diagnostics"][0]["file"] == "CPURelu.cpp" and d["diagnostics"][0]["line"] == 2


@pytest.mark.parametrize("args, phrase", [
    (("eval", "NoSuchTask", str(KERNEL)), "no task named NoSuchTask"),
    (("eval", "Relu", "/nonexistent/CPU.cpp"), "cannot read the candidate"),
    (("eval", "Relu", str(KERNEL), "--target", "toaster"), "unknown target"),
    (("eval", "Relu", str(KERNEL), "--target", "adb", "--host-tuned"), "--host-tuned applies to the host target only"),
])
def test_errors_are_one_sentence(args, phrase):
    p = mkb(*args)
    assert p.returncode != 0
    assert phrase in p.stderr or phrase in p.stdout
    assert "Traceback" not in p.stderr


def test_tasks_lists_and_describes():
    p = mkb("tasks", "--json", "LayerNorm_vision", "Relu")
    assert p.returncode == 0, p.stderr
    rows = {r["id"]: r for r in json.loads(p.stdout)}
    ln = rows["LayerNorm_vision"]
    assert ln["category"] == "Normalization" and ln["onnx_op"] == "LayerNormalization"
    assert ln["inputs"] == [{"name": "input_0", "shape": [1, 196, 768], "dtype": "float32", "distribution": "randn"}]
    assert ln["mnn_op_type"] == "LayerNorm"
    assert all(f["passed"] for f in ln["filters"].values())
