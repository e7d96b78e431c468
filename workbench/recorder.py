"""Glue: the agent loop's events → session events (sessions/SCHEMA.md), written as they happen.

The loop knows nothing of sessions (layering); this maps each of its events to the schema's kinds.
`Gate` (waiting) and `Started` / `Finished` (the header and the file's end say those) write nothing.
The session writer redacts secrets on its own; nothing here ever sees an API key.
"""

from __future__ import annotations

from pathlib import Path

from agents import events as ev
from sessions.events import (
    ErrorEvent,
    EvaluationEvent,
    GateEvent,
    Header,
    HumanEditEvent,
    Message,
    PlanEvent,
    PromptEvent,
    ReplyEvent,
    host_info,
)
from sessions.store import SessionWriter
from tasks.prepare import tool_version


class SessionRecorder:
    def __init__(self, writer: SessionWriter) -> None:
        self.writer = writer
        self._candidate_seq: dict[str, int] = {}  # candidate digest → seq of its candidate event

    @classmethod
    def create(cls, path: str | Path | None, task: str, provider: str, model: str, target: str = "host",
               written_by: str = "llm") -> SessionRecorder:
        versions = {"mkb": tool_version("mobilekernelbench"), "MNN": tool_version("MNN"),
                    "onnxruntime": tool_version("onnxruntime")}
        header = Header(task=task, target=target, provider=provider, model=model, written_by=written_by,
                        tool_versions=versions, host=host_info())
        return cls(SessionWriter.create(path, header))

    def record(self, e: ev.Event) -> None:
        w = self.writer
        if isinstance(e, ev.PromptSent):
            w.append(PromptEvent(iteration=e.iteration, role=e.role, provider=e.provider, model=e.model,
                                 messages=[Message(role=m.role, content=m.content) for m in e.messages]))
        elif isinstance(e, ev.ReplyReceived):
            w.append(ReplyEvent(iteration=e.iteration, role=e.role, text=e.text, model=e.model,
                                request_id=e.request_id, input_tokens=e.input_tokens, output_tokens=e.output_tokens,
                                cost_usd=e.cost_usd, latency_ms=e.latency_ms))
        elif isinstance(e, ev.ProviderFailed | ev.ParseFailed):
            w.append(ErrorEvent(iteration=e.iteration, role=e.role, message=e.message))
        elif isinstance(e, ev.CandidateReady):
            c = w.add_candidate(dict(e.candidate.files), e.iteration, e.origin)
            self._candidate_seq[e.candidate.digest] = c.seq
        elif isinstance(e, ev.Evaluated):
            seq = self._candidate_seq.get(e.candidate.digest)
            if seq is None:  # evaluated without having been announced (should not happen): record it now
                seq = w.add_candidate(dict(e.candidate.files), e.iteration, "human").seq
                self._candidate_seq[e.candidate.digest] = seq
            w.append(EvaluationEvent(iteration=e.iteration, candidate=seq, result=e.result.to_json()))
        elif isinstance(e, ev.PlanMade):
            w.append(PlanEvent(iteration=e.iteration, role=e.role, plan=e.plan, edited=e.edited))
        elif isinstance(e, ev.HumanEdit):
            w.append(HumanEditEvent(iteration=e.iteration, what=e.what, detail=e.detail))
        elif isinstance(e, ev.GateDecided):
            w.append(GateEvent(iteration=e.iteration, gate=e.gate, decision=e.decision))

    def close(self) -> None:
        self.writer.close()
