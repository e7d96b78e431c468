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
    origin: Literal["reference", "coder", "human", "replay"]
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
