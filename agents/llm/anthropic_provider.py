"""Anthropic Messages API through the `anthropic` SDK, plain or streamed."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import anthropic

from agents.llm.base import (
    CallOptions,
    Completion,
    Message,
    OnText,
    Price,
    RetryNotes,
    estimate_cost,
    now_ms,
    split_system,
    with_deadline,
)
from agents.llm.errors import classify


class AnthropicProvider:
    name = "anthropic"

    def __init__(self, model: str, api_key: str, base_url: str | None = None,
                 options: CallOptions | None = None, prices: dict[str, Price] | None = None) -> None:
        self.model = model
        self.base_url = base_url
        self.options = options or CallOptions()
        self._prices = prices
        self._retries = RetryNotes()
        self._client = anthropic.Anthropic(
            api_key=api_key, base_url=base_url, timeout=self.options.timeout_s, max_retries=self.options.max_retries,
            http_client=anthropic.DefaultHttpxClient(event_hooks={"response": [self._retries.hook]}),
        )
        self._who = f"the Anthropic-compatible server at {base_url}" if base_url else "Anthropic"

    def complete(self, messages: Sequence[Message], on_text: OnText | None = None) -> Completion:
        t0 = time.perf_counter()
        self._retries.take()
        system, rest = split_system(messages)
        kw: dict[str, Any] = {"model": self.model, "max_tokens": self.options.max_tokens,
                              "messages": [m.to_json() for m in rest]}
        if system:
            kw["system"] = system
        if self.options.temperature is not None:
            kw["temperature"] = self.options.temperature
        try:
            call = (lambda: self._stream(kw, on_text)) if on_text else (lambda: self._plain(kw))
            text, model, rid, tin, tout = with_deadline(call, self.options.deadline_s, self._who)
        except Exception as exc:
            raise classify(exc, anthropic, self._who, len(self._retries.take())) from None
        return Completion(text, model or self.model, rid, tin, tout, estimate_cost(self.model, tin, tout, self._prices),
                          now_ms(t0), self._retries.take())

    def _plain(self, kw: dict[str, Any]) -> tuple[str, str, str | None, int, int]:
        m = self._client.messages.create(**kw)
        text = "".join(b.text for b in m.content if b.type == "text")
        return text, m.model, m._request_id, m.usage.input_tokens, m.usage.output_tokens

    def _stream(self, kw: dict[str, Any], on_text: OnText) -> tuple[str, str, str | None, int, int]:
        with self._client.messages.stream(**kw) as stream:
            for piece in stream.text_stream:
                on_text(piece)
            m = stream.get_final_message()
            rid = stream.response.headers.get("request-id")
        text = "".join(b.text for b in m.content if b.type == "text")
        return text, m.model, rid, m.usage.input_tokens, m.usage.output_tokens
