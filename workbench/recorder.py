"""The one writer of the workbench's session lines: every header and every event, F5 evaluations included.

The loop knows nothing of sessions (layering); this maps each of its events to the schema's kinds
(sessions/SCHEMA.md). `Gate` (waiting) and `Started` / `Finished` (the header and the file's end say
those) write nothing. The header always names the target the evaluations really ran on and the tool
versions, whoever starts the session (`mkb agent`, the TUI's agent run or its F5). The session writer
redacts secrets on its own; nothing here ever sees an API key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from agents import events as ev
from sessions.events import (
    ErrorEvent,
    EvaluationEvent,
    GateEvent,
    Header,
    HumanEditEvent,
    Message,
    Origin,
    PlanEvent,
    PromptEvent,
    ReplyEvent,
    host_info,
)
from sessions.store import SessionWriter
from toolchain.candidate import Candidate
from toolchain.problem import tool_version
from toolchain.result import EvalResult


def tool_versions() -> dict[str, str | None]:
    """The versions a reader needs to judge recorded results: this workbench, MNN and onnxruntime."""
    return {"mkb": tool_version("mobilekernelbench"), "MNN": tool_version("MNN"),
            "onnxruntime": tool_version("onnxruntime")}


class SessionRecorder:
    def __init__(self, writer: SessionWriter) -> None:
        self.writer = writer
        # candidate digest -> (seq, iteration, origin) of its latest candidate event
        self._candidates: dict[str, tuple[int, int, Origin]] = {}

    @classmethod
    def create(cls, path: str | Path | None, task: str, provider: str, model: str, *, target: str,
               written_by: Literal["llm", "human", "mixed"] = "llm") -> SessionRecorder:
        """A new session file; `target` is where evaluations run (`host`, `adb:SERIAL`), as opened."""
        header = Header(task=task, target=target, provider=provider, model=model, written_by=written_by,
                        tool_versions=tool_versions(), host=host_info())  # type: ignore[arg-type]
        return cls(SessionWriter.create(path, header))

    @classmethod
    def resume(cls, path: str | Path) -> SessionRecorder:
        return cls(SessionWriter.resume(path))

    @property
    def path(self) -> Path:
        return self.writer.path

    @property
    def last_seq(self) -> int:
        return self.writer.last_seq

    def _candidate(self, candidate: Candidate, iteration: int, origin: Origin) -> int:
        known = self._candidates.get(candidate.digest)
        if known is not None and known[1] == iteration:
            return known[0]
        # A candidate evaluated again in a later iteration gets a candidate line of that number (its
        # sources are stored once), so a candidate and its evaluation always share a number.
        seq = self.writer.add_candidate(dict(candidate.files), iteration, origin).seq
        self._candidates[candidate.digest] = (seq, iteration, origin)
        return seq

    def record_evaluation(self, candidate: Candidate, iteration: int, origin: Origin,
                          result: EvalResult | None) -> int:
        """A candidate evaluated outside the loop (F5), and its result; returns the seq of the last line."""
        seq = self._candidate(candidate, iteration, origin)
        if result is not None:
            seq = self.writer.append(EvaluationEvent(iteration=iteration, candidate=seq, result=result.to_json())).seq
        return seq

    def record(self, e: ev.Event) -> None:
        w = self.writer
        if isinstance(e, ev.PromptSent):
            w.append(PromptEvent(iteration=e.iteration, role=e.role, provider=e.provider, model=e.model,
                                 messages=[Message(role=m.role, content=m.content) for m in e.messages],
                                 edited=e.edited))
        elif isinstance(e, ev.ReplyReceived):
            w.append(ReplyEvent(iteration=e.iteration, role=e.role, text=e.text, model=e.model,
                                request_id=e.request_id, input_tokens=e.input_tokens, output_tokens=e.output_tokens,
                                cost_usd=e.cost_usd, latency_ms=e.latency_ms))
        elif isinstance(e, ev.ProviderFailed | ev.ParseFailed):
            w.append(ErrorEvent(iteration=e.iteration, role=e.role, message=e.message))
        elif isinstance(e, ev.CandidateReady):
            seq = w.add_candidate(dict(e.candidate.files), e.iteration, e.origin).seq
            self._candidates[e.candidate.digest] = (seq, e.iteration, e.origin)
        elif isinstance(e, ev.Evaluated):
            known = self._candidates.get(e.candidate.digest)
            # Announced by the loop (it always is); were it not, it is recorded now as the engineer's.
            self.record_evaluation(e.candidate, e.iteration, known[2] if known else "human", e.result)
        elif isinstance(e, ev.PlanMade):
            w.append(PlanEvent(iteration=e.iteration, role=e.role, plan=e.plan, edited=e.edited))
        elif isinstance(e, ev.HumanEdit):
            w.append(HumanEditEvent(iteration=e.iteration, what=e.what, detail=e.detail))
        elif isinstance(e, ev.GateDecided):
            w.append(GateEvent(iteration=e.iteration, gate=e.gate, decision=e.decision, role=e.role))

    def close(self) -> None:
        self.writer.close()
