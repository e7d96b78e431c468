"""Iterations, steps and re-evaluation of a recorded candidate."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.replay import candidate_at, compare_rows, iterations, reevaluate
from sessions.store import SessionError, load_session
from toolchain.result import Status

from .conftest import result


def test_iterations_know_who_led_to_them(synthetic: Path) -> None:
    its = iterations(load_session(synthetic))
    assert [it.role for it in its] == ["coder", "debugger", "accelerator", "accelerator"]
    assert [it.status for it in its] == ["compile_error", "ok", "ok", "wrong_output"]
    assert its[2].speedup == pytest.approx(2.0) and its[3].speedup is None


def test_candidate_at_any_kind_of_step(synthetic: Path) -> None:
    s = load_session(synthetic)
    c = s.candidates()[1]
    ev = next(e for e in s.evaluations() if e.candidate == c.seq)
    plan_after = next(e for e in s.events if e.kind == "plan" and e.iteration == 2)
    assert candidate_at(s, c.seq) == candidate_at(s, ev.seq) == candidate_at(s, plan_after.seq) == c
    with pytest.raises(SessionError, match="no candidate had been recorded by step 1"):
        candidate_at(s, 1)
    with pytest.raises(SessionError, match="has no step 999"):
        candidate_at(s, 999)


def test_reevaluate_shows_recorded_beside_now(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tasks.evaluation

    seen = {}

    def fake(task, candidate, target, options=None, progress=None):
        seen.update(task=task.id, files=dict(candidate.files), target=target)
        return result(Status.OK, 0.25)

    monkeypatch.setattr(tasks.evaluation, "evaluate", fake)
    s = load_session(synthetic)
    r = reevaluate(s, s.candidates()[2].seq)
    assert seen["task"] == "Relu" and seen["target"] == "host" and "fmaxf" in seen["files"]["CPURelu.cpp"]
    rows = dict((w, (a, b)) for w, a, b in compare_rows(r))
    assert rows["status"] == ("ok", "ok")
    assert rows["speedup"] == ("2.00x", "4.00x")


@pytest.mark.slow
def test_reevaluate_a_demo_kernel_for_real() -> None:
    s = load_session(Path(__file__).resolve().parents[2] / "sessions" / "demos" / "Softmax.jsonl")
    from toolchain.evaluate import EvalOptions
    from toolchain.runner import TimingPlan

    r = reevaluate(s, s.candidates()[-1].seq, options=EvalOptions(timing=TimingPlan(warmup=1, min_repeats=3,
                                                                                       min_time_ms=5)))
    assert r.recorded is not None and r.recorded.ok
    # Recorded against the old clean-room API. MNN's Vec4::operator[] is not const, so this demo kernel does not
    # compile in MNN 3.6.1, and re-evaluated for real it no longer compiles here either: the replay says so.
    assert r.now.status is Status.COMPILE_ERROR, r.now.message
    assert any("discards qualifiers" in d.message for d in r.now.diagnostics), r.now.diagnostics
