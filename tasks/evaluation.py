"""Evaluating a benchmark task: prepare it (cached), then hand the prepared task to the engine.

The engine (`toolchain.evaluate.evaluate_problem`) takes any `toolchain.problem.Problem` and never imports
this package; this is the one place that joins the two, and what the CLI, the workbench and the agents call.
"""

from __future__ import annotations

import time

from tasks.prepare import prepare
from tasks.task import Task, TaskError
from toolchain.candidate import Candidate
from toolchain.evaluate import EvalOptions, Progress, Samples, evaluate_problem
from toolchain.result import EvalResult, Status
from toolchain.target_types import Target


def evaluate(task: Task, candidate: Candidate, target: Target | str = "host", options: EvalOptions | None = None,
             progress: Progress | None = None, samples: Samples | None = None) -> EvalResult:
    """`candidate` on `task`, on `target`; never raises for anything the candidate or the task does (a task
    that cannot be prepared is a `toolchain_error` result). See `evaluate_problem` for the rest."""
    if progress is not None:
        progress("preparing task")
    t0 = time.perf_counter()
    try:
        prepared = prepare(task)
    except (TaskError, OSError) as exc:
        return EvalResult(task.id, Status.TOOLCHAIN_ERROR, str(exc),
                          stages_ms={"prepare": round((time.perf_counter() - t0) * 1e3, 2)})
    stages = {"prepare": round((time.perf_counter() - t0) * 1e3, 2)}
    return evaluate_problem(prepared, candidate, target, options, progress, samples, stages)
