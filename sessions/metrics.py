"""The paper's metrics over recorded sessions, per model: CSR, FCR, fast_p and pass@k.

A session is one attempt at one task. A task is scored by its best candidate over all of a model's
sessions of it: it counts towards CSR if some candidate compiled, FCR if some candidate was correct,
fast_p if some correct candidate was more than p times faster than MNN's kernel. CSR, FCR and fast_p are
fractions of the tasks asked about (the whole suite unless told otherwise), so a task never attempted
counts as a failure, as in the paper. pass@k uses the unbiased estimator over the n sessions of a task,
c of which reached a correct kernel: 1 - C(n-c, k) / C(n, k), averaged over tasks with n >= k.

A flagged result (the evaluator's `flags`: a speedup above 10x, faster than memory bandwidth allows,
timed on an emulator) is correct but its speed is not believed: it never counts towards fast_p, and the
tasks whose best speedup was flagged are counted as suspect, for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from math import comb

from sessions.replay import iterations
from sessions.store import Session


@dataclass
class TaskRecord:
    """One model's attempts at one task."""

    attempts: int = 0
    compiled: int = 0  # attempts in which some candidate compiled
    correct: int = 0  # attempts in which some candidate was correct
    best_speedup: float | None = None  # over correct, unflagged results
    suspect_speedup: float | None = None  # the best flagged one, never counted in fast_p
    suspect_flags: tuple[str, ...] = ()  # why it was flagged

    @property
    def suspect(self) -> bool:
        """A flagged result claims more than the best believed one."""
        return self.suspect_speedup is not None and self.suspect_speedup > (self.best_speedup or 0.0)


@dataclass
class ModelScores:
    model: str  # "provider/model", or "hand-written" for the demos
    tasks: dict[str, TaskRecord] = field(default_factory=dict)

    def add(self, session: Session) -> None:
        rec = self.tasks.setdefault(session.header.task, TaskRecord())
        results = [it.result for it in iterations(session) if it.result is not None]
        rec.attempts += 1
        rec.compiled += any(r.status.compiled for r in results)
        rec.correct += any(r.ok for r in results)
        timed = [r for r in results if r.ok and r.speedup is not None]
        speedups = [r.speedup for r in timed if not r.flags]
        if speedups:
            rec.best_speedup = max(speedups + ([rec.best_speedup] if rec.best_speedup else []))
        flagged = [r for r in timed if r.flags]
        if flagged:
            worst = max(flagged, key=lambda r: r.speedup or 0.0)
            if worst.speedup and worst.speedup > (rec.suspect_speedup or 0.0):
                rec.suspect_speedup, rec.suspect_flags = worst.speedup, worst.flags

    def suspect(self) -> dict[str, TaskRecord]:
        """The tasks whose best claimed speedup was flagged, by task id."""
        return {t: r for t, r in sorted(self.tasks.items()) if r.suspect}

    def rates(self, total_tasks: int, ps: Sequence[float], ks: Sequence[int]) -> dict[str, float | None]:
        recs = self.tasks.values()
        out: dict[str, float | None] = {
            "CSR": sum(r.compiled > 0 for r in recs) / total_tasks,
            "FCR": sum(r.correct > 0 for r in recs) / total_tasks,
        }
        for p in ps:
            out[f"fast_{p:g}"] = sum(r.correct > 0 and (r.best_speedup or 0.0) > p for r in recs) / total_tasks
        for k in ks:
            eligible = [r for r in recs if r.attempts >= k]
            out[f"pass@{k}"] = (sum(pass_at_k(r.attempts, r.correct, k) for r in eligible) / len(eligible)
                                if eligible else None)
        return out


def pass_at_k(n: int, c: int, k: int) -> float:
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)


def score(sessions: Iterable[Session]) -> dict[str, ModelScores]:
    by_model: dict[str, ModelScores] = {}
    for s in sessions:
        name = f"{s.header.provider}/{s.header.model}" if s.header.model else s.header.provider
        by_model.setdefault(name, ModelScores(name)).add(s)
    return by_model
