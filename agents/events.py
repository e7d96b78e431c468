"""What the loop yields: small frozen dataclasses, one per thing that happened (or is about to).

A caller (the `mkb agent` command, the TUI controller, a test) iterates the loop and reacts. `Gate` is
the one event that waits for the caller: before resuming, the caller may call the loop's `decide`,
`replace_candidate`, `edit_plan`, `set_provider` or `stop`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from agents.llm.base import Message
from toolchain.candidate import Candidate
from toolchain.result import EvalResult

RoleName = Literal["coder", "debugger", "accelerator"]
# Who wrote a candidate: the Coder's first draft ("coder"), the Coder carrying out the Debugger's or the
# Accelerator's plan, the engineer ("human"), or the suite's reference kernel. Only the first three are
# the model's work (what `mkb metrics` scores).
Origin = Literal["coder", "debugger", "accelerator", "human", "reference"]
GateName = Literal["before_llm", "before_eval", "plan"]
Decision = Literal["continue", "accept", "edit", "skip", "stop"]


@dataclass(frozen=True)
class Started:
    task: str
    mode: str
    provider: str
    model: str
    max_iterations: int


@dataclass(frozen=True)
class Gate:
    iteration: int
    gate: GateName
    role: RoleName | None  # who is about to be called (before_llm), or whose plan waits (plan)
    plan: dict[str, Any] | None = None  # the plan awaiting accept / edit / skip


@dataclass(frozen=True)
class GateDecided:
    iteration: int
    gate: GateName
    decision: Decision


@dataclass(frozen=True)
class HumanEdit:
    iteration: int
    what: Literal["candidate", "plan", "provider", "model"]
    detail: str


@dataclass(frozen=True)
class PromptSent:
    iteration: int
    role: RoleName
    provider: str
    model: str
    messages: tuple[Message, ...]


@dataclass(frozen=True)
class ReplyReceived:
    iteration: int
    role: RoleName
    text: str
    model: str
    request_id: str | None
    input_tokens: int
    output_tokens: int
    cost_usd: float | None
    latency_ms: float
    notes: tuple[str, ...] = ()  # e.g. a 429 the SDK retried past


@dataclass(frozen=True)
class ProviderFailed:
    iteration: int
    role: RoleName
    message: str  # one sentence
    kind: str


@dataclass(frozen=True)
class ParseFailed:
    iteration: int
    role: RoleName
    message: str  # one sentence
    reasking: bool  # True: one more request follows; False: the loop falls back (see `loop.py`)


@dataclass(frozen=True)
class CandidateReady:
    iteration: int
    origin: Origin
    candidate: Candidate


@dataclass(frozen=True)
class Evaluated:
    iteration: int
    candidate: Candidate
    result: EvalResult
    new_best: bool
    cached: bool  # the same sources were evaluated before: the result is reused
    eval_ms: float


@dataclass(frozen=True)
class PlanMade:
    iteration: int
    role: Literal["debugger", "accelerator"]
    plan: dict[str, Any]
    edited: bool = False
    fallback: bool = False  # the reply was not valid JSON twice; its text stands in as the plan


@dataclass(frozen=True)
class Best:
    iteration: int
    candidate: Candidate
    result: EvalResult

    @property
    def speedup(self) -> float | None:
        return self.result.speedup


@dataclass(frozen=True)
class Finished:
    reason: str  # one sentence: budget reached, stopped by the engineer, provider failed, ...
    iterations: int
    best: Best | None
    input_tokens: int
    output_tokens: int
    cost_usd: float


Event = (Started | Gate | GateDecided | HumanEdit | PromptSent | ReplyReceived | ProviderFailed | ParseFailed
         | CandidateReady | Evaluated | PlanMade | Finished)


def _plan_gist(plan: dict[str, Any]) -> str:
    what = plan.get("optimisation_method") or plan.get("diagnosis") or plan.get("local_error_suggestion") \
        or plan.get("modification_plan") or plan
    return str(what)


def describe(e: Event) -> str | None:
    """One line saying what happened, for every view of a run (the `mkb agent` log, the TUI's timeline);
    None for an event no view shows as a line: a candidate (its sources are shown instead), a gate's
    decision or a human edit (the engineer made them; the view said so when they did)."""
    if isinstance(e, Started):
        return f"Agent loop started on {e.task}: {e.provider}/{e.model}, mode {e.mode}, up to {e.max_iterations} " \
               f"iteration{'s' if e.max_iterations != 1 else ''}."
    if isinstance(e, Gate):
        what = f"{e.role}'s plan" if e.gate == "plan" else e.gate.replace("_", " ") + (f" ({e.role})" if e.role else "")
        return f"iteration {e.iteration}: waiting at {what}"
    if isinstance(e, PromptSent):
        return f"→ {e.role} asked ({e.provider}/{e.model})"
    if isinstance(e, ReplyReceived):
        cost = f", ${e.cost_usd:.4f}" if e.cost_usd is not None else ""
        note = f" ({'; '.join(e.notes)})" if e.notes else ""
        return (f"← {e.role} replied in {e.latency_ms / 1e3:.1f} s ({e.input_tokens}+{e.output_tokens} tokens"
                f"{cost}){note}")
    if isinstance(e, ProviderFailed | ParseFailed):
        return f"✗ {e.role}: {e.message}"
    if isinstance(e, PlanMade):
        return f"{e.role} plan{' (edited)' if e.edited else ''}{' (from prose)' if e.fallback else ''}: " \
               f"{_plan_gist(e.plan)[:200]}"
    if isinstance(e, Evaluated):
        sp = f"{e.result.speedup:.2f}x" if e.result.speedup is not None else "-"
        best = "  (new best)" if e.new_best else ""
        return f"evaluate    {e.result.status.value:<14} speedup {sp}{best}  {e.result.message[:100]}".rstrip()
    if isinstance(e, Finished):
        best = (f"best: iteration {e.best.iteration}" + (f" at {e.best.speedup:.2f}x over MNN"
                                                        if e.best.speedup is not None else ", correct, not timed")
                if e.best else "best: none")
        return f"Agent loop finished: {e.reason}; {best}; {e.input_tokens + e.output_tokens} tokens, " \
               f"${e.cost_usd:.4f}."
    return None
