"""The paper's metrics over sessions: the demos scored by hand, and the pass@k estimator."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sessions.library import demo_paths
from sessions.metrics import pass_at_k, score
from sessions.store import load_session
from tests.conftest import REPO


def test_pass_at_k_estimator():
    assert pass_at_k(5, 2, 1) == pytest.approx(0.4)
    assert pass_at_k(5, 0, 3) == 0.0
    assert pass_at_k(3, 3, 2) == 1.0
    assert pass_at_k(4, 1, 2) == pytest.approx(1 - 3 / 6)


def test_demos_scored_by_their_best_candidate():
    # LayerNorm_vision's demo reaches 1.41x, Softmax's 1.01x; both start with a compile error.
    scores = score(load_session(p) for p in demo_paths())
    (model,) = scores.values()
    rates = model.rates(total_tasks=2, ps=[1.0, 1.2], ks=[1])
    assert rates == {"CSR": 1.0, "FCR": 1.0, "fast_1": 1.0, "fast_1.2": 0.5, "pass@1": 1.0}
    assert model.rates(total_tasks=190, ps=[1.0], ks=[])["FCR"] == pytest.approx(2 / 190)


def test_metrics_command_json():
    p = subprocess.run([sys.executable, "-m", "workbench.cli", "metrics", "sessions/demos", "--json", "--attempted"],
                       cwd=REPO, capture_output=True, text=True, check=True)
    row = json.loads(p.stdout)["models"]["hand-written"]
    assert (row["tasks_attempted"], row["sessions"], row["fast_1.5"]) == (2, 2, 0.0)


def _flag_best(src, dst, flag):
    """A copy of a session whose fastest correct evaluation carries an evaluator flag."""
    lines = [json.loads(x) for x in src.read_text().splitlines()]
    evals = [e for e in lines if e.get("kind") == "evaluation" and e["result"].get("speedup")]
    best = max(evals, key=lambda e: e["result"]["speedup"])
    best["result"]["flags"] = [flag]
    dst.write_text("\n".join(json.dumps(e) for e in lines) + "\n")
    return best["result"]["speedup"]


def test_flagged_speedup_is_suspect_not_fast(tmp_path):
    # LayerNorm_vision's 1.41x is flagged: its best believed candidate is then 0.56x, so fast_1 loses it.
    layer, softmax = sorted(demo_paths(), key=lambda p: p.name)
    claimed = _flag_best(layer, tmp_path / layer.name, "speedup above 10x over MNN: check this by hand")
    (tmp_path / softmax.name).write_text(softmax.read_text())
    (model,) = score(load_session(p) for p in sorted(tmp_path.glob("*.jsonl"))).values()
    rates = model.rates(total_tasks=2, ps=[1.0], ks=[1])
    assert rates["fast_1"] == 0.5 and rates["FCR"] == 1.0  # still correct, no longer fast
    (task, rec), = model.suspect().items()
    assert task == "LayerNorm_vision" and rec.suspect_speedup == pytest.approx(claimed)
    assert rec.best_speedup is not None and rec.best_speedup < 1.0

    p = subprocess.run([sys.executable, "-m", "workbench.cli", "metrics", str(tmp_path), "--attempted"],
                       cwd=REPO, capture_output=True, text=True, check=True)
    assert "suspect" in p.stdout and "LayerNorm_vision: 1.41x (speedup above 10x" in p.stdout
    p = subprocess.run([sys.executable, "-m", "workbench.cli", "metrics", str(tmp_path), "--json", "--attempted"],
                       cwd=REPO, capture_output=True, text=True, check=True)
    out = json.loads(p.stdout)
    assert out["models"]["hand-written"]["suspect"] == 1 and out["models"]["hand-written"]["fast_1"] == 0.5
    assert list(out["suspect"]["hand-written"]) == ["LayerNorm_vision"]
