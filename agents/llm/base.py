"""The provider protocol: one request in, one completion out, plain or streamed.

A provider turns the SDK's world (clients, retries, exception classes) into two small types the rest
of the agents room uses: `Completion` for an answer and `ProviderError` for a failure, whose message is
one sentence a person can act on. The API key lives inside the SDK client only; nothing here holds it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar, runtime_checkable

Role = Literal["system", "user", "assistant"]
OnText = Callable[[str], None]

DEFAULT_TIMEOUT_S = 120.0  # one HTTP attempt
DEFAULT_DEADLINE_S = 300.0  # one call, SDK retries included
DEFAULT_MAX_TOKENS = 8192


@dataclass(frozen=True)
class Message:
    role: Role
    content: str

    def to_json(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    request_id: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None  # None when the model's price is unknown
    latency_ms: float = 0.0
    notes: tuple[str, ...] = ()  # what happened on the way, e.g. "HTTP 429, retried by the SDK"


ErrorKind = Literal["rate_limit", "server", "timeout", "connection", "auth", "missing_key", "request", "exhausted"]


class ProviderError(Exception):
    """A provider call that failed; `str(err)` is one sentence, `kind` says which sort of failure."""

    def __init__(self, message: str, kind: ErrorKind) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class CallOptions:
    max_tokens: int = DEFAULT_MAX_TOKENS
    temperature: float | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    deadline_s: float = DEFAULT_DEADLINE_S
    max_retries: int = 2


@runtime_checkable
class Provider(Protocol):
    name: str  # "anthropic", "openai", "replay"
    model: str

    def complete(self, messages: Sequence[Message], on_text: OnText | None = None) -> Completion:
        """Answer `messages` (a leading system message is the system prompt). With `on_text` the reply is
        streamed and each piece of text is passed to it as it arrives. Raises ProviderError only."""
        ...


@dataclass(frozen=True)
class Price:
    input_per_mtok: float
    output_per_mtok: float

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return (input_tokens * self.input_per_mtok + output_tokens * self.output_per_mtok) / 1e6


# USD per million tokens, by model-name prefix (longest prefix wins). An estimate for budgets, not a bill;
# the config file may add or override entries (`[prices] "model-prefix" = [in, out]`).
PRICES: dict[str, Price] = {
    "claude-opus-4": Price(15.0, 75.0),
    "claude-sonnet-4": Price(3.0, 15.0),
    "claude-3-7-sonnet": Price(3.0, 15.0),
    "claude-3-5-haiku": Price(0.8, 4.0),
    "claude-haiku-4": Price(1.0, 5.0),
    "gpt-4o-mini": Price(0.15, 0.6),
    "gpt-4o": Price(2.5, 10.0),
    "gpt-4.1-mini": Price(0.4, 1.6),
    "gpt-4.1": Price(2.0, 8.0),
    "o3-mini": Price(1.1, 4.4),
    "o3": Price(2.0, 8.0),
    "o4-mini": Price(1.1, 4.4),
}


def estimate_cost(model: str, input_tokens: int, output_tokens: int,
                  prices: dict[str, Price] | None = None) -> float | None:
    table = PRICES | (prices or {})
    best = max((p for p in table if model.startswith(p)), key=len, default=None)
    return table[best].cost(input_tokens, output_tokens) if best else None


T = TypeVar("T")


def with_deadline(fn: Callable[[], T], deadline_s: float, what: str) -> T:
    """Run `fn` (an SDK call with its own timeout and retries) but give up after `deadline_s` in all.

    The SDK's per-attempt timeout times its retries can exceed what a person will wait; the worker thread
    is left to finish on its own (its own timeout ends it), the caller gets one sentence now.
    """
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller's thread, which classifies it
            box["error"] = exc

    t = threading.Thread(target=work, name=f"llm-{what}", daemon=True)
    t.start()
    t.join(deadline_s)
    if t.is_alive():
        raise ProviderError(f"{what} gave no reply within {deadline_s:g} s", "timeout")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


@dataclass
class RetryNotes:
    """Collects the HTTP failures the SDK retried past, through an httpx response hook."""

    notes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hook(self, response: object) -> None:
        status = getattr(response, "status_code", 200)
        if status == 429 or status >= 500:
            with self._lock:
                self.notes.append(f"HTTP {status} from the server, retried")

    def take(self) -> tuple[str, ...]:
        with self._lock:
            out, self.notes = tuple(self.notes), []
        return out


def now_ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1e3, 1)


def split_system(messages: Sequence[Message]) -> tuple[str | None, list[Message]]:
    system = "\n\n".join(m.content for m in messages if m.role == "system") or None
    return system, [m for m in messages if m.role != "system"]
