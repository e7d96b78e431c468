"""The task picker's rows: every task, its best saved speedup and whether MNN's baseline can time it."""

from __future__ import annotations

from dataclasses import dataclass

from tasks.task import Task


@dataclass(frozen=True)
class TaskRow:
    """One line of the task picker."""

    task: Task
    best_speedup: float | None  # over saved sessions of this task, on `best_target`
    baseline: str  # "yes", "no: <why>" or "not prepared yet"
    best_target: str = "host"  # the host's best when there is one; a phone's only when the host has none

    @property
    def best_label(self) -> str:
        if self.best_speedup is None:
            return "—"
        return f"{self.best_speedup:.2f}x" + ("" if self.best_target == "host" else f" on {self.best_target}")


def task_rows() -> list[TaskRow]:
    """Every task with its best saved speedup and whether MNN's baseline can time it; no torch import."""
    import json

    from sessions.library import list_sessions
    from tasks.prepare import prepared_dir
    from tasks.registry import all_tasks

    # Each session's best is the one every view reports; over sessions, the fastest of those measured on
    # the same target (a phone's speedup never competes with the host's).
    best: dict[str, dict[str, float]] = {}
    for s in list_sessions():
        if s.best_speedup is not None:
            on = best.setdefault(s.task, {})
            on[s.target] = max(on.get(s.target, 0.0), s.best_speedup)
    rows = []
    for t in all_tasks():
        manifest = prepared_dir(t) / "manifest.json"
        try:
            m = json.loads(manifest.read_text())
            baseline = "yes" if m.get("op") else "no: " + "; ".join(m.get("problems") or ["no single MNN op"])
        except (OSError, ValueError):
            baseline = "not prepared yet"
        on = best.get(t.id, {})
        where = "host" if "host" in on else min(on, default="host")
        rows.append(TaskRow(t, on.get(where), baseline, where))
    return rows
