"""What the loop yields: small frozen dataclasses, one per thing that happened (or is about to).

A caller (the `mkb agent` command, the TUI controller, a test) iterates the loop and reacts. `Gate` is
the one event that waits for the caller: before resuming, the caller may call the loop's `decide`,
`replace_candidate`, `edit_plan`, `set_provider` or `stop`, or hand it one `Answer` (`MokaLoop.answer`): every
decision the engineer can take at a gate, in one place, for every face (the TUI's gate pane, `mkb agent
--mode confirm`, a test).
"""

from __future__ import annotations

import json
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
# continue / accept: go on (with the plan as it is, or an edited prompt); edit: the Coder gets an edited plan;
# skip: the step is not taken (a plan is set aside, a call not made); reask: the last reply is asked for
# again, with the same prompt; role: the role the engineer chose goes next; stop: the run ends.
Decision = Literal["continue", "accept", "edit", "skip", "reask", "role", "stop"]


@dataclass(frozen=True)
class Started:
    task: str
    mode: str
    provider: str
    model: str
    max_iterations: int


@dataclass(frozen=True)
class Spend:
    """What the run has spent so far, and what it may spend (None: no cap)."""

    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    iterations: int = 0  # the iteration budget
    max_tokens: int | None = None
    max_cost_usd: float | None = None

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    def line(self) -> str:
        tok = f"{self.tokens} tokens" + (f" of {self.max_tokens}" if self.max_tokens is not None else "")
        cost = f"${self.cost_usd:.4f}" + (f" of ${self.max_cost_usd:g}" if self.max_cost_usd is not None else "")
        return f"cost so far {cost} · {tok} · budget {self.iterations} iteration{'s' if self.iterations != 1 else ''}"


@dataclass(frozen=True)
class Gate:
    iteration: int
    gate: GateName
    role: RoleName | None  # who is about to be called (before_llm), or whose plan waits (plan)
    plan: dict[str, Any] | None = None  # the plan awaiting accept / edit / skip
    # Who goes next if the engineer just continues, and the prompt that role will be sent (None before an
    # evaluation): the engineer may read and rewrite it before it goes.
    next_role: RoleName | None = None
    prompt: tuple[Message, ...] | None = None
    spend: Spend = Spend()
    can_reask: bool = False  # a reply was received at this point that may be asked for again


@dataclass(frozen=True)
class Answer:
    """The engineer's whole answer at a gate: the decision and everything edited with it.

    `plan` goes with "edit"; `role` with "role" (who goes next: at a plan gate a Debugger or Accelerator
    replaces the waiting plan with its own, the Coder takes the plan as it is); `prompt` replaces the
    prompt the next role is sent; `memory` (entries as `agents.memory.Entry`) and `budget` (an
    `agents.loop.Budget`) replace the loop's, whatever the decision."""

    decision: Decision = "continue"
    plan: dict[str, Any] | None = None
    role: RoleName | None = None
    prompt: tuple[Message, ...] | None = None
    memory: tuple[Any, ...] | None = None
    budget: Any = None


@dataclass(frozen=True)
class GateDecided:
    iteration: int
    gate: GateName
    decision: Decision
    role: RoleName | None = None  # with "role": who the engineer chose to go next


@dataclass(frozen=True)
class HumanEdit:
    iteration: int
    what: Literal["candidate", "plan", "provider", "model", "prompt", "role", "memory", "budget"]
    detail: str


@dataclass(frozen=True)
class PromptSent:
    iteration: int
    role: RoleName
    provider: str
    model: str
    messages: tuple[Message, ...]
    edited: bool = False  # the engineer rewrote it at the gate before it was sent


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


ROLE_TITLE = {"coder": "Coder", "debugger": "Debugger", "accelerator": "Accelerator"}
# Who wrote a candidate, as the views name it: the model's roles, the engineer, the suite.
ORIGIN_TITLE = {"coder": "Coder", "debugger": "Debugger → Coder", "accelerator": "Accelerator → Coder",
                "human": "you", "reference": "reference kernel", "replay": "recorded"}


def plan_items(plan: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """A plan as (field, text, is_code) rows: what every view shows instead of a Python dict. A list
    becomes one bullet a line; a value holding code (a fenced block or several source-looking lines)
    is marked so a view can show it as code."""
    rows: list[tuple[str, str, bool]] = []
    for key, value in plan.items():
        if isinstance(value, list):
            text = "\n".join(f"• {v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}" for v in value) \
                or "(none)"
        elif isinstance(value, str):
            text = value.strip()
        else:
            text = json.dumps(value, ensure_ascii=False, indent=1)
        code = "```" in text or sum(line.rstrip().endswith((";", "{", "}")) for line in text.splitlines()) >= 2
        rows.append((key.replace("_", " "), text.replace("```cpp", "").replace("```", "").strip("\n") if code else text,
                     code))
    return rows


def plan_text(plan: dict[str, Any], indent: str = "  ") -> str:
    """A plan as plain lines: `field:` then its text, indented (the CLI's and the session reader's view)."""
    out = []
    for key, text, _code in plan_items(plan):
        lines = text.splitlines() or [""]
        if len(lines) == 1 and len(key) + len(lines[0]) < 100:
            out.append(f"{indent}{key}: {lines[0]}")
        else:
            out.append(f"{indent}{key}:")
            out += [f"{indent}  {line}" for line in lines]
    return "\n".join(out)


def _plan_gist(plan: dict[str, Any]) -> str:
    what = plan.get("optimisation_method") or plan.get("diagnosis") or plan.get("local_error_suggestion") \
        or plan.get("modification_plan") or plan
    if isinstance(what, list):
        what = "; ".join(str(x) for x in what)
    elif isinstance(what, dict):
        what = json.dumps(what, ensure_ascii=False)
    return " ".join(str(what).split())  # one line, whatever newlines a prose plan held


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
    if isinstance(e, GateDecided):
        return f"iteration {e.iteration}: the engineer chose the {ROLE_TITLE.get(e.role or '', e.role)} to go next" \
            if e.decision == "role" else None
    if isinstance(e, HumanEdit):
        return f"iteration {e.iteration}: the engineer changed the {e.what}: {e.detail}" \
            if e.what in ("prompt", "memory", "budget") else None
    if isinstance(e, PromptSent):
        return f"→ {e.role} asked ({e.provider}/{e.model}){' with the engineer’s prompt' if e.edited else ''}"
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
