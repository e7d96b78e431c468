"""Reading a session as a story: iterations with their candidate, evaluation and plans; re-evaluation.

A *step* is an event's `seq`: what `mkb replay --step`, `--reeval` and `mkb fork --at` name. An
*iteration* gathers the events that share an `iteration` number: the candidate the Coder (or a person)
wrote, its evaluation, and the Debugger's or Accelerator's plan made after it. The plan that *led to*
an iteration's candidate is the previous iteration's plan (`guided_by`).
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sessions.events import (
    AnyEvent,
    CandidateEvent,
    EvaluationEvent,
    PlanEvent,
    ReplyEvent,
)
from sessions.store import Session, SessionError
from toolchain.result import EvalResult, best_of


@dataclass
class Iteration:
    number: int
    events: list[AnyEvent] = field(default_factory=list)
    candidate: CandidateEvent | None = None
    evaluation: EvaluationEvent | None = None
    plan: PlanEvent | None = None  # made after this iteration's evaluation
    guided_by: PlanEvent | None = None  # the previous iteration's plan, which this candidate carries out
    replies: list[ReplyEvent] = field(default_factory=list)

    @property
    def role(self) -> str:
        """Whose plan this iteration's candidate carries out: the Coder's first draft, or a repair or speed-up."""
        return self.guided_by.role if self.guided_by else "coder"

    @property
    def result(self) -> EvalResult | None:
        return self.evaluation.eval_result if self.evaluation else None

    @property
    def status(self) -> str:
        r = self.result
        return r.status.value if r else "not evaluated"

    @property
    def speedup(self) -> float | None:
        r = self.result
        return r.speedup if r and r.ok else None

    @property
    def median_ms(self) -> float | None:
        r = self.result
        return r.timing.median_ms if r and r.ok and r.timing else None


def iterations(session: Session) -> list[Iteration]:
    its: dict[int, Iteration] = {}
    for e in session.events:
        n = getattr(e, "iteration", None)
        if n is None:
            continue
        it = its.setdefault(n, Iteration(n))
        it.events.append(e)
        if isinstance(e, CandidateEvent):
            it.candidate = e  # the last one wins: a human edit replaces the Coder's draft
        elif isinstance(e, EvaluationEvent):
            it.evaluation = e
        elif isinstance(e, PlanEvent):
            it.plan = e
        elif isinstance(e, ReplyEvent):
            it.replies.append(e)
    ordered = [its[k] for k in sorted(its)]
    by_seq = {c.seq: c for c in session.candidates()}
    for it in ordered:
        if it.evaluation is not None and it.evaluation.candidate in by_seq:
            it.candidate = by_seq[it.evaluation.candidate]  # the one judged, whatever else was handed in
    for prev, cur in itertools.pairwise(ordered):
        cur.guided_by = prev.plan
    return ordered


def best_iteration(session: Session, its: list[Iteration] | None = None) -> Iteration | None:
    """The best correct iteration by `toolchain.result.rank_key`, among those measured where the session's
    last evaluation was (an emulated phone never competes with the host): the one every view reports."""
    return best_of(its if its is not None else iterations(session), lambda it: it.result)


def candidate_at(session: Session, seq: int) -> CandidateEvent:
    """The candidate named by step `seq`: that candidate, the one an evaluation judged, or else the
    latest candidate recorded at or before that step."""
    e = session.event(seq)
    if isinstance(e, CandidateEvent):
        return e
    if isinstance(e, EvaluationEvent):
        c = session.event(e.candidate)
        if isinstance(c, CandidateEvent):
            return c
    before = [c for c in session.candidates() if c.seq <= seq]
    if not before:
        raise SessionError(f"no candidate had been recorded by step {seq}")
    return before[-1]


def candidate_files(session: Session, seq: int) -> dict[str, str]:
    """The kernel sources of the candidate at step `seq` (see `candidate_at`)."""
    return session.files_of(candidate_at(session, seq))


def recorded_evaluation(session: Session, candidate: CandidateEvent) -> EvaluationEvent | None:
    evs = [e for e in session.evaluations() if e.candidate == candidate.seq]
    return evs[-1] if evs else None


def unified_diff(old: dict[str, str], new: dict[str, str], old_label: str = "a", new_label: str = "b") -> str:
    """One unified diff over every file of two candidates (added and removed files included)."""
    out: list[str] = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name, ""), new.get(name, "")
        if a == b:
            continue
        out += difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                    f"{old_label}/{name}" if name in old else "/dev/null",
                                    f"{new_label}/{name}" if name in new else "/dev/null")
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def diff_steps(session: Session, a: int, b: int) -> str:
    """The diff between the candidates at two steps."""
    return unified_diff(candidate_files(session, a), candidate_files(session, b), f"step{a}", f"step{b}")


# --- re-evaluation -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reevaluation:
    candidate: CandidateEvent
    recorded: EvalResult | None
    now: EvalResult


def reevaluate(session: Session, seq: int, target: str | None = None, options: Any = None,
               progress: Callable[[str], None] | None = None) -> Reevaluation:
    """Evaluate the candidate at step `seq` again, on this machine, beside what was recorded."""
    from tasks.evaluation import evaluate
    from tasks.registry import get_task
    from toolchain.candidate import Candidate

    cand = candidate_at(session, seq)
    rec = recorded_evaluation(session, cand)
    task = get_task(session.header.task)
    try:
        candidate = Candidate(session.files_of(cand))
    except ValueError as exc:
        raise SessionError(f"candidate {cand.seq} cannot be evaluated: {exc}") from None
    now = evaluate(task, candidate, target or session.header.target, options, progress)
    return Reevaluation(cand, rec.eval_result if rec else None, now)


def compare_rows(r: Reevaluation) -> list[tuple[str, str, str]]:
    """(what, recorded, now) rows for showing a re-evaluation side by side."""

    def fmt(x: float | None, unit: str = "", digits: str = ".4g") -> str:
        return "—" if x is None else f"{x:{digits}}{unit}"

    def cells(e: EvalResult | None) -> list[str]:
        if e is None:
            return ["not evaluated"] + ["—"] * 5
        return [e.status.value, fmt(e.timing.median_ms if e.timing else None, " ms"),
                fmt(e.baseline.mnn_native_ms, " ms"), fmt(e.speedup, "x", ".2f"),
                fmt(e.correctness.max_abs_err if e.correctness else None, "", ".2e"),
                str(e.provenance.get("compiler", "—"))]

    names = ["status", "kernel median", "MNN median", "speedup", "max abs error", "compiler"]
    return list(zip(names, cells(r.recorded), cells(r.now)))
