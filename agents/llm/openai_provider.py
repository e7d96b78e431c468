"""OpenAI Chat Completions through the `openai` SDK; also any OpenAI-compatible server via `base_url`
(vLLM, llama.cpp, Ollama, OpenRouter, DashScope)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import openai

from agents.llm.base import (
    CallOptions,
    Completion,
    Message,
    OnText,
    Price,
    RetryNotes,
    estimate_cost,
    now_ms,
    with_deadline,
)
from agents.llm.errors import classify


class OpenAIProvider:
    name = "openai"

    def __init__(self, model: str, api_key: str, base_url: str | None = None,
                 options: CallOptions | None = None, prices: dict[str, Price] | None = None) -> None:
        self.model = model
        self.base_url = base_url
        self.options = options or CallOptions()
        self._prices = prices
        self._retries = RetryNotes()
        self._client = openai.OpenAI(
            api_key=api_key, base_url=base_url, timeout=self.options.timeout_s, max_retries=self.options.max_retries,
            http_client=openai.DefaultHttpxClient(event_hooks={"response": [self._retries.hook]}),
        )
        self._who = f"the OpenAI-compatible server at {base_url}" if base_url else "OpenAI"

    def complete(self, messages: Sequence[Message], on_text: OnText | None = None) -> Completion:
        t0 = time.perf_counter()
        self._retries.take()
        kw: dict[str, Any] = {"model": self.model, "messages": [m.to_json() for m in messages],
                              "max_tokens": self.options.max_tokens}
        if self.options.temperature is not None:
            kw["temperature"] = self.options.temperature
        try:
            call = (lambda: self._stream(kw, on_text)) if on_text else (lambda: self._plain(kw))
            text, model, rid, tin, tout = with_deadline(call, self.options.deadline_s, self._who)
        except Exception as exc:
            raise classify(exc, openai, self._who, len(self._retries.take())) from None
        return Completion(text, model or self.model, rid, tin, tout, estimate_cost(self.model, tin, tout, self._prices),
                          now_ms(t0), self._retries.take())

    def _plain(self, kw: dict[str, Any]) -> tuple[str, str, str | None, int, int]:
        r = self._client.chat.completions.create(**kw)
        text = r.choices[0].message.content or "" if r.choices else ""
        u = r.usage
        return text, r.model, r._request_id, u.prompt_tokens if u else 0, u.completion_tokens if u else 0

    def _stream(self, kw: dict[str, Any], on_text: OnText) -> tuple[str, str, str | None, int, int]:
        # include_usage: the last chunk carries token counts (servers that ignore it leave them at 0).
        stream = self._client.chat.completions.create(**kw, stream=True, stream_options={"include_usage": True})
        parts: list[str] = []
        model, tin, tout = self.model, 0, 0
        with stream:
            for chunk in stream:
                model = chunk.model or model
                if chunk.usage:
                    tin, tout = chunk.usage.prompt_tokens, chunk.usage.completion_tokens
                for choice in chunk.choices:
                    if choice.delta.content:
                        parts.append(choice.delta.content)
                        on_text(choice.delta.content)
            rid = stream.response.headers.get("x-request-id")
        return "".join(parts), model, rid, tin, tout
