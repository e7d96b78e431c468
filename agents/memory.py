"""Reflective memory: every plan with what came of it, shared by the Debugger and the Accelerator.

Each round both roles see the whole list, so the Accelerator does not propose an optimisation that was
already tried (and the loop refuses one that repeats), and the Debugger sees which repairs failed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Entry:
    iteration: int
    role: str  # debugger or accelerator
    plan: dict[str, Any]
    outcome: str = "pending"  # "ok, 1.23x over MNN", "compile_error: ...", "rejected by the engineer"


@dataclass
class Memory:
    entries: list[Entry] = field(default_factory=list)

    def add(self, iteration: int, role: str, plan: dict[str, Any]) -> None:
        self.entries.append(Entry(iteration, role, plan))

    def resolve(self, outcome: str) -> None:
        """Give the latest pending plan its outcome (once its candidate has been evaluated)."""
        for i in range(len(self.entries) - 1, -1, -1):
            if self.entries[i].outcome == "pending":
                self.entries[i] = replace(self.entries[i], outcome=outcome)
                return

    def tried_methods(self) -> set[str]:
        return {_norm(e.plan.get("optimisation_method", "")) for e in self.entries if e.role == "accelerator"} - {""}

    def repeats(self, plan: dict[str, Any]) -> bool:
        return _norm(str(plan.get("optimisation_method", ""))) in self.tried_methods()

    def to_lines(self) -> str:
        """One JSON object a line, for the engineer to edit (and `from_lines` to read back)."""
        return "\n".join(json.dumps({"iteration": e.iteration, "role": e.role, "plan": e.plan, "outcome": e.outcome},
                                    ensure_ascii=False) for e in self.entries)

    @staticmethod
    def from_lines(text: str) -> list[Entry]:
        """Entries from `to_lines` text as edited; raises ValueError with one sentence naming the line."""
        out: list[Entry] = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                if not isinstance(d, dict) or not isinstance(d.get("plan"), dict):
                    raise ValueError("each line is an object with a \"plan\" object")
                out.append(Entry(int(d.get("iteration", 0)), str(d.get("role", "")), d["plan"],
                                 str(d.get("outcome", "pending"))))
            except (ValueError, TypeError) as exc:
                raise ValueError(f"memory line {n} is not an entry: {exc}") from None
        return out

    def render(self) -> str:
        if not self.entries:
            return "(no plans yet)"
        return "\n".join(f"- iteration {e.iteration}, {e.role}: {json.dumps(e.plan, ensure_ascii=False)} → {e.outcome}"
                         for e in self.entries)


def _norm(s: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(s).lower()))
