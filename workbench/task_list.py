"""The task picker's rows: every task, its best saved speedup and whether MNN's baseline can time it."""

from __future__ import annotations

from dataclasses import dataclass

from tasks.task import Task


@dataclass(frozen=True)
class TaskRow:
    """One line of the task picker."""

    task: Task
    best_speedup: float | None  # over saved sessions of this task
    baseline: str  # "yes", "no: <why>" or "not prepared yet"


def task_rows() -> list[TaskRow]:
    """Every task with its best saved speedup and whether MNN's baseline can time it; no torch import."""
    import json

    from sessions.library import list_sessions
    from tasks.prepare import prepared_dir
    from tasks.registry import all_tasks

    best: dict[str, float] = {}
    for s in list_sessions():
        # Each session's best is the one every view reports; over sessions, the fastest of those.
        if s.best_speedup is not None:
            best[s.task] = max(best.get(s.task, 0.0), s.best_speedup)
    rows = []
    for t in all_tasks():
        manifest = prepared_dir(t) / "manifest.json"
        try:
            m = json.loads(manifest.read_text())
            baseline = "yes" if m.get("op") else "no: " + "; ".join(m.get("problems") or ["no single MNN op"])
        except (OSError, ValueError):
            baseline = "not prepared yet"
        rows.append(TaskRow(t, best.get(t.id), baseline))
    return rows
