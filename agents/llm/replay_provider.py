"""Replay: answers taken in order from recorded replies (a session's `reply` events, or a test's list)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from agents.llm.base import Completion, Message, OnText, ProviderError


class ReplayProvider:
    name = "replay"

    def __init__(self, replies: Iterable[str | Completion], model: str = "replay") -> None:
        self.model = model
        self._replies = [r if isinstance(r, Completion) else Completion(r, model) for r in replies]
        self._next = 0

    def complete(self, messages: Sequence[Message], on_text: OnText | None = None) -> Completion:
        if self._next >= len(self._replies):
            raise ProviderError(f"the recording has no reply left (all {len(self._replies)} used)", "exhausted")
        reply = self._replies[self._next]
        self._next += 1
        if on_text:
            on_text(reply.text)
        return reply
