"""The workspace: every candidate the workbench has seen in this session, numbered once, and the best.

Numbers come from the agent loop for its candidates and from here (the next one) for the engineer's F5,
so a candidate, its evaluation and its line in the session share one number. Guarded by one lock: a
cancelled worker's thread may still finish late.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sessions.events import MODEL_ORIGINS
from toolchain.result import EvalResult, best_of


@dataclass(frozen=True)
class Iteration:
    """One candidate the workbench has seen, and what became of it."""

    number: int
    origin: str  # who wrote it: "coder", "debugger", "accelerator" (the model), "human", "reference"
    files: Mapping[str, str]
    result: EvalResult | None = None
    role: str = "human"  # "coder" when the model wrote it, else "human"
    plan: Mapping[str, Any] | None = None  # the Debugger's or Accelerator's plan it carried out
    session_step: int | None = None  # seq of its last event (evaluation, else candidate) in the session
    wall_s: float = 0.0

    @property
    def speedup(self) -> float | None:
        return self.result.speedup if self.result else None

    @property
    def label(self) -> str:
        status = self.result.status.value if self.result else "not evaluated"
        return f"#{self.number} {self.origin} ({status})"


def role_of(origin: str) -> str:
    return "coder" if origin in MODEL_ORIGINS else "human"


class Workspace:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._history: list[Iteration] = []

    @property
    def history(self) -> list[Iteration]:
        with self._lock:
            return list(self._history)

    def next_number(self) -> int:
        with self._lock:
            return max((it.number for it in self._history), default=0) + 1

    def add(self, it: Iteration) -> Iteration:
        with self._lock:
            self._history.append(it)
        return it

    def add_numbered(self, make: Any) -> Iteration:
        """Append `make(number)`, numbered atomically with the append."""
        with self._lock:
            it: Iteration = make(max((h.number for h in self._history), default=0) + 1)
            self._history.append(it)
        return it

    def keep_upto(self, number: int) -> None:
        with self._lock:
            self._history = [it for it in self._history if it.number <= number]

    def best(self, upto: int | None = None) -> Iteration | None:
        """The best correct candidate by `rank_key` (among the first `upto`), on the last one's target."""
        history = self.history
        return best_of(history[:upto] if upto is not None else history, lambda it: it.result)
