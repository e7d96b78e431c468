"""One agent run: the provider, the opened target, the MoKA loop, the recorder and the gate handshake.

Both faces drive this: `mkb agent` answers the plan gates from stdin (`decide`), the TUI's controller
waits at every gate until the engineer presses a key (`answer`, `continue_`, `run_to_end`, `stop` from
the UI thread). Either way the answer is one `agents.events.Answer`: the loop's gate handshake. The
target is opened by the caller before the run is made, so a missing phone never costs a
single LLM call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

from agents.events import Answer, Decision, Event, Finished, Gate, RoleName
from agents.llm.base import Provider
from agents.loop import Budget, EvaluateFn, Mode, MokaLoop
from tasks.task import Task
from toolchain.candidate import Candidate
from toolchain.target_types import Target
from workbench.recorder import SessionRecorder

Progress = Callable[[str], None]


class AgentRun:
    def __init__(self, task: Task, provider: Provider, target: Target, *, mode: Mode, budget: Budget,
                 options: Any, evaluate: EvaluateFn | None = None, recorder: SessionRecorder | None = None,
                 initial: Candidate | None = None, initial_origin: Literal["reference", "human"] = "human",
                 first_iteration: int = 1, on_text: Callable[[RoleName, str], None] | None = None,
                 progress: Progress | None = None) -> None:
        self.task, self.target, self.recorder = task, target, recorder
        self.loop = MokaLoop(task, provider, mode=mode, budget=budget, evaluate=evaluate, target=target,
                             eval_options=options, initial=initial, initial_origin=initial_origin,
                             first_iteration=first_iteration, on_text=on_text, progress=progress)
        self.gate: Gate | None = None  # the gate the run waits at (only when driven without `decide`)
        self.finished: Finished | None = None
        self._auto = False
        self._release = threading.Event()

    @staticmethod
    def record_to(path: str | Path | None, task: Task, provider: Provider, target: Target) -> SessionRecorder:
        """A new session for a run of `provider` on `target` (raises sessions.store.SessionError)."""
        return SessionRecorder.create(path, task.id, provider.name, provider.model, target=target.name)

    def run(self, on_event: Callable[[Event], None], *, auto: bool = False,
            decide: Callable[[Gate], Answer | Decision | None] | None = None) -> Finished | None:
        """Run the loop to its end, recording every event and handing it to `on_event`.

        At a Gate: with `decide`, its answer is the decision; else the run waits until `continue_`,
        `run_to_end` or `stop` — unless `auto` (or after `run_to_end`), which passes every gate."""
        self._auto = auto
        try:
            for event in self.loop.run():
                if self.recorder is not None:
                    self.recorder.record(event)
                if isinstance(event, Finished):
                    self.finished = event
                waits = isinstance(event, Gate) and decide is None and not self._auto
                if waits:
                    # Set before the view hears of the gate, so what it shows and its keys agree with the loop.
                    self._release.clear()
                    self.gate = event  # type: ignore[assignment]
                on_event(event)
                if isinstance(event, Gate) and decide is not None:
                    answer = decide(event)
                    if isinstance(answer, Answer):
                        self.loop.answer(answer)
                    elif answer:
                        self.loop.decide(answer)
                elif waits:
                    self._release.wait()
                    self.gate = None
        finally:
            self.gate = None
        return self.finished

    # --- the handshake, from another thread while the run waits at a gate ----------------------------

    def answer(self, answer: Answer) -> None:
        """Pass the gate the run waits at with the engineer's whole answer."""
        self.loop.answer(answer)
        self._release.set()

    def continue_(self, decision: Decision | None = None) -> None:
        if decision:
            self.loop.decide(decision)
        self._release.set()

    def run_to_end(self) -> None:
        self._auto = True
        self._release.set()

    def pause(self) -> None:
        """Stop passing gates: the run halts at its next one."""
        self._auto = False

    def stop(self) -> None:
        self.loop.stop()
        self._release.set()

    def edit_plan(self, plan: Mapping[str, Any]) -> None:
        self.loop.edit_plan(dict(plan))
        self._release.set()

    def replace_candidate(self, candidate: Candidate) -> None:
        self.loop.replace_candidate(candidate)

    def close(self) -> None:
        if self.recorder is not None:
            self.recorder.close()

