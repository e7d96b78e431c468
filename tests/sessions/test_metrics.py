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
