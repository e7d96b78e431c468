"""The MoKA loop as a step generator: evaluate → Debugger or Accelerator → Coder, with gates and budgets.

    loop = MokaLoop(task, provider, mode="confirm")
    for event in loop.run():
        if isinstance(event, Gate):
            loop.decide("accept")          # or edit_plan / replace_candidate / set_provider / stop

Iterations are numbered here, once, and every event carries its number: iteration i (1..N) is one
candidate, its evaluation and the plan made after it. Iteration 1's candidate is the Coder's first draft
(or the `initial` candidate the caller seeds the run with); unless i is the last, the Debugger (on a
failure) or the Accelerator (on a correct kernel) makes a plan and the Coder applies it, writing
iteration i+1's candidate (its prompt and reply carry i+1 too). The loop continues from the last
candidate, as MoKA does, and keeps the best correct one in `best` (by `rank_key`).

Gates: `manual` stops before every LLM call, every evaluation and on each plan; `confirm` on each plan;
`auto` never. Budgets (iterations, tokens, cost, wall time) are checked before every LLM call and every
evaluation. A provider failure ends the run with its one sentence (the caller may start again, e.g.
with another model); an unusable reply gets one re-ask, then a fallback, never an exception.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from agents.events import (
    Best,
    CandidateReady,
    Decision,
    Evaluated,
    Event,
    Finished,
    Gate,
    GateDecided,
    GateName,
    HumanEdit,
    ParseFailed,
    PlanMade,
    PromptSent,
    ProviderFailed,
    ReplyReceived,
    RoleName,
    Started,
)
from agents.llm.base import Completion, Message, Provider, ProviderError
from agents.memory import Memory
from agents.parse import ParseError, parse_candidate, parse_json_plan
from agents.roles import prompts
from agents.roles.context import TaskContext
from agents.tools.error_extractor import extract_errors, render
from agents.tools.perf_parser import parse_perf
from tasks.task import Task
from toolchain.candidate import Candidate
from toolchain.result import EvalResult, Status, rank_key
from toolchain.target_types import Target

Mode = Literal["manual", "confirm", "auto"]
EvaluateFn = Callable[..., EvalResult]  # (task, candidate, target, options, progress) -> EvalResult
MAX_SKIPS = 3  # plans the engineer may skip in one iteration before the loop moves on
FALLBACK_PLAN_CHARS = 4000


@dataclass(frozen=True)
class Budget:
    iterations: int = 10
    tokens: int | None = None
    cost_usd: float | None = None
    wall_s: float | None = None


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    llm_ms: float = 0.0
    eval_ms: float = 0.0


Steps = Generator[Event, None, Any]


class MokaLoop:
    def __init__(
        self,
        task: Task,
        provider: Provider,
        *,
        mode: Mode = "auto",
        budget: Budget | None = None,
        evaluate: EvaluateFn | None = None,
        target: Target | str = "host",
        eval_options: Any = None,
        initial: Candidate | None = None,
        initial_origin: Literal["reference", "human"] = "human",
        first_iteration: int = 1,
        context: TaskContext | None = None,
        on_text: Callable[[RoleName, str], None] | None = None,
        progress: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if evaluate is None:
            from toolchain.evaluate import evaluate as real_evaluate

            evaluate = real_evaluate
        self.task, self.provider, self.mode = task, provider, mode
        self.budget = budget or Budget()
        self._evaluate, self._target, self._eval_options = evaluate, target, eval_options
        self._context = context
        self._on_text, self._progress, self._clock = on_text, progress, clock
        self.memory = Memory()
        self.usage = Usage()
        self.best: Best | None = None
        self.current: Candidate | None = initial
        self._initial_origin = initial_origin
        self._first = first_iteration  # a run continuing a session (the TUI) numbers on from its history
        self._iteration = first_iteration
        self._evaluated: int | None = None  # the iteration whose candidate was evaluated last
        self._evaluations = 0
        self._results: dict[str, EvalResult] = {}  # by candidate digest: unchanged sources are not re-run
        self._decision: Decision | None = None
        self._plan_edit: dict[str, Any] | None = None
        self._human_candidate: Candidate | None = None
        self._edits: list[HumanEdit] = []
        self._stopped = False
        self._end: str | None = None
        self._t0 = 0.0

    # ---- controls, for the caller while the loop waits at a Gate (or between any two events) ----

    def decide(self, decision: Decision) -> None:
        self._decision = decision

    def edit_plan(self, plan: dict[str, Any]) -> None:
        self._plan_edit, self._decision = dict(plan), "edit"

    def replace_candidate(self, candidate: Candidate) -> None:
        self._human_candidate = candidate

    def set_provider(self, provider: Provider) -> None:
        what: Literal["provider", "model"] = "model" if provider.name == self.provider.name else "provider"
        self._edits.append(HumanEdit(self._iteration, what, f"{provider.name}/{provider.model}"))
        self.provider = provider

    def stop(self) -> None:
        self._stopped = True

    @property
    def context(self) -> TaskContext:
        if self._context is None:
            self._context = TaskContext.build(self.task)
        return self._context

    # ---- the run ----

    def run(self) -> Iterator[Event]:
        self._t0 = self._clock()
        self._iteration = self._first
        yield Started(self.task.id, self.mode, self.provider.name, self.provider.model, self.budget.iterations)
        if self.current is None:
            self.current = yield from self._code(None, None)
            if self.current is None:
                yield self._finished(self._end or "the coder gave no usable first draft")
                return
        else:
            yield CandidateReady(self._first, self._initial_origin, self.current)
        last = self._first + self.budget.iterations - 1
        for it in range(self._first, last + 1):
            self._iteration = it
            yield from self._apply_edits()
            if self._over_budget() or not (yield from self._gate("before_eval", None)):
                break
            result = yield from self._evaluate_current()
            if it == last:
                n = self.budget.iterations
                self._end = f"the budget of {n} iteration{'s' if n != 1 else ''} is spent"
                break
            if result.status is Status.TOOLCHAIN_ERROR:
                self._end = f"the toolchain failed, not the kernel: {result.message}"
                break
            made = yield from self._plan_with_gate(result)
            if made is None:
                break
            role, plan = made
            self._iteration = it + 1  # the Coder's reply is the next iteration's candidate
            new = yield from self._code(plan, role)
            if new is not None:
                self.current = new
            elif self._end:
                break
            else:  # two unusable replies: the plan failed; the same candidate is planned for again
                self.memory.resolve("the coder's reply had no usable code")
        yield from self._apply_edits()
        yield self._finished(self._end or "stopped")

    def _finished(self, reason: str) -> Finished:
        u = self.usage
        return Finished(reason, self._evaluations, self.best, u.input_tokens, u.output_tokens, round(u.cost_usd, 6))

    def _apply_edits(self) -> Steps:
        edits, self._edits = self._edits, []
        yield from edits
        if self._human_candidate is not None:
            self.current, self._human_candidate = self._human_candidate, None
            yield HumanEdit(self._iteration, "candidate", "the engineer replaced the candidate")
            # Numbered by the evaluation it will get: this iteration's, unless that has already happened.
            n = self._iteration + 1 if self._evaluated == self._iteration else self._iteration
            yield CandidateReady(n, "human", self.current)

    def _over_budget(self) -> bool:
        b, u = self.budget, self.usage
        if self._stopped:
            self._end = "stopped by the engineer"
        elif b.tokens is not None and u.input_tokens + u.output_tokens >= b.tokens:
            self._end = f"the token budget ({b.tokens}) is spent"
        elif b.cost_usd is not None and u.cost_usd >= b.cost_usd:
            self._end = f"the cost budget (${b.cost_usd:g}) is spent"
        elif b.wall_s is not None and self._clock() - self._t0 >= b.wall_s:
            self._end = f"the time budget ({b.wall_s:g} s) is spent"
        return self._end is not None

    def _gate(self, gate: GateName, role: RoleName | None, plan: dict[str, Any] | None = None) -> Steps:
        """Yields a Gate when the mode stops here; returns False when the run should end."""
        stops = self.mode == "manual" or (self.mode == "confirm" and gate == "plan")
        if not stops:
            return not self._stopped
        self._decision = None
        yield Gate(self._iteration, gate, role, plan)
        decision: Decision = self._decision or ("accept" if gate == "plan" else "continue")
        if self._stopped:
            decision = "stop"
        yield GateDecided(self._iteration, gate, decision)
        yield from self._apply_edits()
        if decision == "stop":
            self._stopped = True
            self._end = "stopped by the engineer"
            return False
        return True

    def _evaluate_current(self) -> Steps:
        assert self.current is not None
        cand = self.current
        t0 = time.perf_counter()
        cached = cand.digest in self._results
        if cached:
            result = self._results[cand.digest]
        else:
            try:
                result = self._evaluate(self.task, cand, self._target, self._eval_options, self._progress)
            except Exception as exc:  # an evaluator failure is a result the loop records and goes on from
                result = EvalResult(self.task.id, Status.TOOLCHAIN_ERROR, f"the evaluator failed: {exc}")
            self._results[cand.digest] = result
        ms = round((time.perf_counter() - t0) * 1e3, 1)
        self.usage.eval_ms += ms
        self._evaluated, self._evaluations = self._iteration, self._evaluations + 1
        new_best = result.ok and (self.best is None or rank_key(result) > rank_key(self.best.result))
        if new_best:
            self.best = Best(self._iteration, cand, result)
        if not cached:
            self.memory.resolve(_outcome(result))
        yield Evaluated(self._iteration, cand, result, new_best, cached, ms)
        return result

    # ---- roles ----

    def _plan_with_gate(self, result: EvalResult) -> Steps:
        for _ in range(MAX_SKIPS + 1):
            made = yield from self._plan(result)
            if made is None:
                return None
            role, plan = made
            if not (yield from self._gate("plan", role, plan)):
                return None
            decision = self._decision or "accept"
            if decision == "skip":
                self.memory.add(self._iteration, role, plan)
                self.memory.resolve("rejected by the engineer before it was tried")
                continue
            if decision == "edit" and self._plan_edit is not None:
                plan, self._plan_edit = self._plan_edit, None
                yield HumanEdit(self._iteration, "plan", "the engineer rewrote the plan")
                yield PlanMade(self._iteration, role, plan, edited=True)
            self.memory.add(self._iteration, role, plan)
            return role, plan
        self._end = f"{MAX_SKIPS + 1} plans in a row were skipped"
        return None

    def _plan(self, result: EvalResult) -> Steps:
        ctx, cur, history = self.context, self.current, self.memory.render()
        assert cur is not None
        role: Literal["debugger", "accelerator"]
        if result.ok:
            role, keys, need_all = "accelerator", prompts.ACCEL_KEYS, True
            messages = prompts.accelerator(ctx, cur, parse_perf(result), history)
        elif result.status is Status.COMPILE_ERROR:
            role, keys, need_all = "debugger", prompts.DEBUG_COMPILE_KEYS, False
            errors = render(extract_errors(result.diagnostics, cur, ctx.include_dir)) or result.message
            messages = prompts.debugger_compile(ctx, cur, errors, history)
        else:
            role, keys, need_all = "debugger", prompts.DEBUG_RUNTIME_KEYS, False
            messages = prompts.debugger_runtime(ctx, cur, _failure_report(result), history)

        def check(text: str) -> dict[str, Any]:
            plan = parse_json_plan(text, keys, need_all)
            if role == "accelerator" and self.memory.repeats(plan):
                raise ParseError(f"the optimisation {plan['optimisation_method']!r} was already tried")
            return plan

        got = yield from self._ask_parsed(role, messages, check, keys)
        if got is None:
            return None
        plan, text = got
        fallback = plan is None
        if plan is None:  # two unusable replies: the prose is still a plan a coder can follow
            plan = {"modification_plan": text.strip()[:FALLBACK_PLAN_CHARS]}
        yield PlanMade(self._iteration, role, plan, fallback=fallback)
        return role, plan

    def _code(self, plan: dict[str, Any] | None, planner: Literal["debugger", "accelerator"] | None) -> Steps:
        """The Coder's candidate: a first draft (no plan), or `planner`'s plan applied to the current one."""
        cur = self.current
        messages = prompts.coder_first(self.context) if plan is None or cur is None else \
            prompts.coder_followup(self.context, plan, cur)
        got = yield from self._ask_parsed("coder", messages, lambda text: parse_candidate(text, cur), None)
        if got is None or got[0] is None:
            return None
        yield CandidateReady(self._iteration, planner or "coder", got[0])
        return got[0]

    def _ask_parsed(self, role: RoleName, messages: list[Message], parse: Callable[[str], Any],
                    keys: tuple[str, ...] | None) -> Steps:
        """(parsed, text) after at most one re-ask — parsed is None when both replies were unusable —
        or None when the provider failed, a budget ran out or the engineer stopped."""
        reply = yield from self._ask(role, messages)
        if reply is None:
            return None
        try:
            return parse(reply.text), reply.text
        except ParseError as exc:
            yield ParseFailed(self._iteration, role, _sentence(exc), reasking=True)
            messages = prompts.reask(messages, reply.text, str(exc), keys)
        reply = yield from self._ask(role, messages)
        if reply is None:
            return None
        try:
            return parse(reply.text), reply.text
        except ParseError as exc:
            yield ParseFailed(self._iteration, role, _sentence(exc), reasking=False)
            return None, reply.text

    def _ask(self, role: RoleName, messages: list[Message]) -> Steps:
        if self._over_budget() or not (yield from self._gate("before_llm", role)):
            return None
        p = self.provider
        yield PromptSent(self._iteration, role, p.name, p.model, tuple(messages))
        on_text = (lambda s: self._on_text(role, s)) if self._on_text else None
        t0 = time.perf_counter()
        try:
            c: Completion = p.complete(messages, on_text)
        except ProviderError as exc:
            self._end = str(exc)
            yield ProviderFailed(self._iteration, role, str(exc), exc.kind)
            return None
        finally:
            self.usage.llm_ms += (time.perf_counter() - t0) * 1e3
        u = self.usage
        u.input_tokens += c.input_tokens
        u.output_tokens += c.output_tokens
        u.cost_usd += c.cost_usd or 0.0
        yield ReplyReceived(self._iteration, role, c.text, c.model, c.request_id, c.input_tokens, c.output_tokens,
                            c.cost_usd, c.latency_ms, c.notes)
        return c


def _outcome(r: EvalResult) -> str:
    if r.ok:
        return f"correct, {r.speedup:.2f}x over MNN" if r.speedup is not None else "correct (not timed)"
    return f"{r.status.value}: {r.message[:200]}"


def _failure_report(r: EvalResult) -> str:
    d: dict[str, Any] = {"status": r.status.value, "message": r.message}
    if r.correctness is not None:
        c = r.correctness.to_json()
        c.pop("seeds", None)  # seeds are recorded, never shown to agents
        d["correctness"] = c
    warnings = [str(x) for x in r.diagnostics if x.severity == "warning"][:5]
    if warnings:
        d["compiler_warnings"] = warnings
    return json.dumps(d, indent=1)


def _sentence(exc: Exception) -> str:
    s = str(exc)
    return s[0].upper() + s[1:] + ("" if s.endswith(".") else ".") if s else type(exc).__name__

