"""A small synthetic session (no compiler needed): a compile error, a fix, then two speed-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.events import EvaluationEvent, Header, PlanEvent, ReplyEvent
from sessions.store import SessionWriter
from toolchain.result import Baseline, Correctness, Diagnostic, EvalResult, Status, Timing

KERNEL = "#include <cstdio>\nvoid relu(float* x, int n) {{\n    for (int i = 0; i < n; ++i) x[i] = {body};\n}}\n"


def result(status: Status, ms: float | None = None, mnn: float | None = 1.0) -> EvalResult:
    ok = status is Status.OK
    return EvalResult(
        task="Relu", status=status, message=f"{status.value} for a test",
        diagnostics=(Diagnostic("error", "CPURelu.cpp", 3, 5, "expected ';'"),) if not status.compiled else (),
        correctness=Correctness(True, 0.0, 0.0, 3, (1, 2, 3)) if ok else None,
        timing=Timing.from_samples([ms, ms * 1.1, ms * 0.9]) if ok and ms else None,
        baseline=Baseline(mnn, "", Timing.from_samples([mnn])) if ok and mnn else Baseline(None, "not measured"),
    )


def write_demo_like(path: Path) -> Path:
    header = Header(task="Relu", provider="hand-written", model="", written_by="human", title="synthetic")
    steps = [
        ("x[i] > 0 ? x[i] : 0", result(Status.COMPILE_ERROR), ("debugger", {"fix": "add the missing ';'"})),
        ("x[i] > 0.f ? x[i] : 0.f", result(Status.OK, 2.0), ("accelerator", {"bottleneck": "branch",
                                                                               "optimisation": "use fmaxf"})),
        ("fmaxf(x[i], 0.f)", result(Status.OK, 0.5), ("accelerator", {"bottleneck": "scalar loop",
                                                                       "optimisation": "Vec4"})),
        ("fmaxf(x[i], 0.0f)", result(Status.WRONG_OUTPUT), None),
    ]
    with SessionWriter.create(path, header) as w:
        for i, (body, res, plan) in enumerate(steps, 1):
            w.append(ReplyEvent(iteration=i, role="coder", text=f"draft {i}", model="hand-written"))
            cand = w.add_candidate({"CPURelu.cpp": KERNEL.format(body=body)}, i, "coder")
            w.append(EvaluationEvent(iteration=i, candidate=cand.seq, result=res.to_json()))
            if plan:
                w.append(PlanEvent(iteration=i, role=plan[0], plan=plan[1]))
    return path


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    return write_demo_like(tmp_path / "synthetic.jsonl")
