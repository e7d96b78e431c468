"""The session file's models: the header (line 1) and one model per event kind (every later line).

Every model forbids unknown fields, so a hand-edited or damaged line is reported precisely rather than
half-read. Events are a discriminated union on `kind`; `parse_event` validates one decoded line.
The format is documented in `sessions/SCHEMA.md`; keep the two in step.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import platform
import secrets
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from toolchain.result import EvalResult

SCHEMA_VERSION = 3  # 2: a candidate and its evaluation share an iteration number; exact origins; 3: gate steering

Role = Literal["coder", "debugger", "accelerator"]
# Who wrote a candidate (see agents.events.Origin); "replay" only in files written before origins were exact.
Origin = Literal["coder", "debugger", "accelerator", "human", "reference", "replay"]
MODEL_ORIGINS = frozenset({"coder", "debugger", "accelerator"})  # the model's own work: what metrics score


def now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParentRef(_Model):
    """Where a forked session came from: the parent's file, its id, and the step (seq) it was cut at."""

    session: str
    session_id: str = ""
    step: int = Field(ge=0)


class Header(_Model):
    kind: Literal["header"] = "header"
    schema_version: int = SCHEMA_VERSION
    session_id: str = ""
    created: str = Field(default_factory=now_iso)
    task: str
    target: str = "host"
    provider: str
    model: str = ""
    # "human" when every reply was written by a person (the demos): the file must never pass off
    # hand-written work as an LLM's.
    written_by: Literal["llm", "human", "mixed"] = "llm"
    tool_versions: dict[str, str] = Field(default_factory=dict)
    host: dict[str, Any] = Field(default_factory=dict)
    parent: ParentRef | None = None
    title: str = ""

    @field_validator("tool_versions", mode="before")
    @classmethod
    def _known_versions(cls, v: Any) -> Any:
        # A tool that is not installed has no version: leave it out rather than refuse the whole header.
        return {k: str(x) for k, x in v.items() if x is not None} if isinstance(v, dict) else v

    @model_validator(mode="before")
    @classmethod
    def _fill_id(cls, data: Any) -> Any:
        # A session id is made once, when the header is first built, so callers need not invent one.
        if isinstance(data, dict) and not data.get("session_id") and data.get("task"):
            created = str(data.get("created") or now_iso())
            stamp = created[:19].replace("-", "").replace(":", "").replace("T", "-")
            data = {**data, "created": created,
                    "session_id": f"{stamp}-{data['task']}-{secrets.token_hex(2)}"}
        return data


def host_info() -> dict[str, Any]:
    """What a reader needs to judge recorded timings: the CPU, its core count, the OS."""
    import os

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith(("model name", "hardware")):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass  # not Linux: platform's answer stands
    return {"cpu": cpu, "cores": os.cpu_count() or 0, "os": f"{platform.system()} {platform.release()}"}


class _Event(_Model):
    """Fields every event has. The writer assigns `seq` and `time`; `parent` defaults to the
    previous non-blob event unless the caller sets it (to None, too)."""

    seq: int = Field(default=0, ge=0)
    parent: int | None = None
    time: str = ""


class BlobEvent(_Event):
    kind: Literal["blob"] = "blob"
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    text: str

    @model_validator(mode="after")
    def _hash_matches(self) -> BlobEvent:
        if sha256_text(self.text) != self.sha256:
            raise ValueError("blob text does not match its sha256")
        return self


class CandidateEvent(_Event):
    kind: Literal["candidate"] = "candidate"
    iteration: int = Field(ge=0)
    origin: Origin
    files: dict[str, Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]]


class Message(_Model):
    role: str
    content: str


class PromptEvent(_Event):
    kind: Literal["prompt"] = "prompt"
    iteration: int = Field(ge=0)
    role: Role
    provider: str
    model: str
    messages: list[Message]
    edited: bool = False  # the engineer rewrote it at a gate before it was sent


class ReplyEvent(_Event):
    kind: Literal["reply"] = "reply"
    iteration: int = Field(ge=0)
    role: Role
    text: str
    model: str = ""
    request_id: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost_usd: float | None = None
    latency_ms: float | None = None


class EvaluationEvent(_Event):
    kind: Literal["evaluation"] = "evaluation"
    iteration: int = Field(ge=0)
    candidate: int = Field(ge=0)  # seq of the candidate event it evaluated
    result: dict[str, Any]

    @field_validator("result")
    @classmethod
    def _is_eval_result(cls, v: dict[str, Any]) -> dict[str, Any]:
        # Checked here so a damaged result is reported at its line, not when someone reads it later.
        try:
            EvalResult.from_json(v)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"result is not an evaluation result ({type(exc).__name__}: {exc})") from None
        return v

    @property
    def eval_result(self) -> EvalResult:
        return EvalResult.from_json(self.result)


class PlanEvent(_Event):
    kind: Literal["plan"] = "plan"
    iteration: int = Field(ge=0)
    role: Literal["debugger", "accelerator"]
    plan: dict[str, Any]
    edited: bool = False


class HumanEditEvent(_Event):
    kind: Literal["human_edit"] = "human_edit"
    iteration: int = Field(ge=0)
    what: Literal["candidate", "plan", "provider", "model", "prompt", "role", "memory", "budget"]
    detail: str = ""


class GateEvent(_Event):
    kind: Literal["gate"] = "gate"
    iteration: int = Field(ge=0)
    gate: Literal["before_llm", "before_eval", "plan"]
    decision: Literal["continue", "accept", "edit", "skip", "reask", "role", "stop"]
    role: Role | None = None  # with "role": who the engineer chose to go next


class ErrorEvent(_Event):
    kind: Literal["error"] = "error"
    iteration: int = Field(ge=0)
    role: str  # usually a Role; the loop itself ("loop") may also fail
    message: str


class ForkEvent(_Event):
    kind: Literal["fork"] = "fork"
    from_session: str
    from_step: int = Field(ge=0)


AnyEvent = (BlobEvent | CandidateEvent | PromptEvent | ReplyEvent | EvaluationEvent | PlanEvent | HumanEditEvent
            | GateEvent | ErrorEvent | ForkEvent)
Event = Annotated[AnyEvent, Field(discriminator="kind")]
EVENT_TYPES: tuple[type[_Event], ...] = (BlobEvent, CandidateEvent, PromptEvent, ReplyEvent, EvaluationEvent,
                                         PlanEvent, HumanEditEvent, GateEvent, ErrorEvent, ForkEvent)
_EVENT = TypeAdapter(Event)


def parse_event(data: Any) -> AnyEvent:
    """Validate one decoded event line; raises pydantic.ValidationError."""
    return _EVENT.validate_python(data)
