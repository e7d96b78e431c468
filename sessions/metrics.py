"""The paper's metrics over recorded sessions, per model: CSR, FCR, fast_p and pass@k.

A session is one attempt at one task. A model is scored only on what it wrote: candidates whose origin
is the Coder's (a first draft, or a Debugger's or Accelerator's plan carried out), never the reference
kernel or the engineer's edits. A task is scored by its best such candidate over all of a model's
sessions of it (by `toolchain.result.rank_key`, as every view ranks): it counts towards CSR if some
candidate compiled, FCR if some candidate was correct, fast_p if the best was more than p times faster
than MNN's kernel. Sessions on different targets are scored apart (a phone's speedup is not the host's).
CSR, FCR and fast_p are fractions of the tasks asked about (the whole suite unless told otherwise), so a
task never attempted counts as a failure, as in the paper. pass@k uses the unbiased estimator over the n
sessions of a task, c of which reached a correct kernel: 1 - C(n-c, k) / C(n, k), averaged over tasks with n >= k.

A flagged result (the evaluator's `flags`: a speedup above 10x, faster than memory bandwidth allows,
timed on an emulator) is correct but its speed is not believed: it never counts towards fast_p, and the
tasks whose best speedup was flagged are counted as suspect, for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from math import comb

from sessions.events import MODEL_ORIGINS
from sessions.replay import best_iteration, iterations
from sessions.store import Session
from toolchain.result import EvalResult, rank_key


@dataclass
class TaskRecord:
    """One model's attempts at one task."""

    attempts: int = 0
    compiled: int = 0  # attempts in which some candidate compiled
    correct: int = 0  # attempts in which some candidate was correct
    best: EvalResult | None = None  # the best correct candidate's evaluation over all attempts, by rank_key
    suspect_result: EvalResult | None = None  # the fastest flagged one: its speed is never counted in fast_p

    @property
    def best_speedup(self) -> float | None:
        """Over correct results whose speed is believed (rank_key puts a flagged speedup below any other)."""
        return self.best.speedup if self.best is not None and not self.best.flags else None

    @property
    def suspect_speedup(self) -> float | None:
        return self.suspect_result.speedup if self.suspect_result is not None else None

    @property
    def suspect_flags(self) -> tuple[str, ...]:
        return self.suspect_result.flags if self.suspect_result is not None else ()

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
        its = [it for it in iterations(session)
               if it.result is not None and it.candidate is not None and it.candidate.origin in MODEL_ORIGINS]
        rec.attempts += 1
        results = [it.result for it in its if it.result is not None]
        rec.compiled += any(r.status.compiled for r in results)
        rec.correct += any(r.ok for r in results)
        best = best_iteration(session, its)
        if best is not None and best.result is not None and (rec.best is None or
                                                              rank_key(best.result) > rank_key(rec.best)):
            rec.best = best.result
        flagged = [r for r in results if r.ok and r.speedup is not None and r.flags]
        if flagged:
            worst = max(flagged, key=lambda r: r.speedup or 0.0)
            if (worst.speedup or 0.0) > (rec.suspect_speedup or 0.0):
                rec.suspect_result = worst

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
    """Scores per model and target: speedups measured on a phone never compete with the host's, so a model's
    sessions on another target than the host are scored apart, as "provider/model @ target"."""
    by_model: dict[str, ModelScores] = {}
    for s in sessions:
        name = f"{s.header.provider}/{s.header.model}" if s.header.model else s.header.provider
        if s.header.target != "host":
            name += f" @ {s.header.target}"
        by_model.setdefault(name, ModelScores(name)).add(s)
    return by_model
