"""The MoKA loop as a step generator: evaluate → Debugger or Accelerator → Coder, with gates and budgets.

    loop = MokaLoop(task, provider, mode="confirm")
    for event in loop.run():
        if isinstance(event, Gate):
            loop.answer(Answer("accept"))  # or skip / reask / role / edit / stop, with a prompt, memory, budget

Iterations are numbered here, once, and every event carries its number: iteration i (1..N) is one
candidate, its evaluation and the plan made after it. Iteration 1's candidate is the Coder's first draft
(or the `initial` candidate the caller seeds the run with); unless i is the last, the Debugger (on a
failure) or the Accelerator (on a correct kernel) makes a plan and the Coder applies it, writing
iteration i+1's candidate (its prompt and reply carry i+1 too). The loop continues from the last
candidate, as MoKA does, and keeps the best correct one in `best` (by `rank_key`).

Gates: `manual` stops before every LLM call, every evaluation and on each plan; `confirm` on each plan;
`auto` never. Each Gate names the role that goes next and the prompt it will be sent; the caller answers
with one `Answer` (`answer`; `decide` and `edit_plan` are shorthands): go on, skip the step, re-ask for the
last reply, choose the next role, send an edited prompt or plan, replace the memory or the budget, or
stop. What the engineer decided comes back as events (GateDecided, HumanEdit, PromptSent.edited), so the
session keeps it. Budgets (iterations, tokens, cost, wall time) are checked before every LLM call and every
evaluation. A provider failure ends the run with its one sentence (the caller may start again, e.g.
with another model); an unusable reply gets one re-ask, then a fallback, never an exception.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from agents.events import (
    ROLE_TITLE,
    Answer,
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
    Spend,
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
MAX_SKIPS = 3  # plans the engineer may set aside (skip, re-ask, another role) in one iteration, less one
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
Planner = Literal["debugger", "accelerator"]


@dataclass(frozen=True)
class _Signal:
    """What a before-LLM gate answered other than "send it": skip the call, or let `role` go instead."""

    skip: bool = False
    role: RoleName | None = None


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
            from tasks.evaluation import evaluate as real_evaluate

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
        self._answer: Answer | None = None  # what the caller said at the gate the loop waits at
        self._next_planner: Planner | None = None  # the engineer's choice of who plans next (once)
        self._coder_prompt: tuple[Message, ...] | None = None  # the engineer's prompt for the next Coder call
        # The Coder's latest reply not yet evaluated: (plan, planner, prompt as sent), for a re-ask.
        self._last_code: tuple[dict[str, Any] | None, Planner | None, list[Message]] | None = None
        self._sent: list[Message] = []  # the prompt of the latest call, as sent
        self._human_candidate: Candidate | None = None
        self._edits: list[HumanEdit] = []
        self._stopped = False
        self._end: str | None = None
        self._t0 = 0.0

    # ---- controls, for the caller while the loop waits at a Gate (or between any two events) ----

    def answer(self, answer: Answer) -> None:
        """The engineer's answer at the gate the loop waits at: the one way every face steers a gate."""
        self._answer = answer

    def decide(self, decision: Decision) -> None:
        self._answer = replace(self._answer or Answer(), decision=decision)

    def edit_plan(self, plan: dict[str, Any]) -> None:
        self._answer = replace(self._answer or Answer(), decision="edit", plan=dict(plan))

    def replace_candidate(self, candidate: Candidate) -> None:
        self._human_candidate = candidate

    def set_provider(self, provider: Provider) -> None:
        what: Literal["provider", "model"] = "model" if provider.name == self.provider.name else "provider"
        self._edits.append(HumanEdit(self._iteration, what, f"{provider.name}/{provider.model}"))
        self.provider = provider

    def stop(self) -> None:
        self._stopped = True

    def spend(self) -> Spend:
        u, b = self.usage, self.budget
        return Spend(u.input_tokens, u.output_tokens, round(u.cost_usd, 6), b.iterations, b.tokens, b.cost_usd)

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
            first = yield from self._code(None, None)
            self.current = first if isinstance(first, Candidate) else None
            if self.current is None:
                yield self._finished(self._end or "the coder gave no usable first draft")
                return
        else:
            yield CandidateReady(self._first, self._initial_origin, self.current)
        it = self._first
        # The last iteration is read each time round: the engineer may change the budget at any gate.
        while it <= self._first + self.budget.iterations - 1:
            self._iteration = it
            yield from self._apply_edits()
            if self._over_budget() or not (yield from self._before_eval()):
                break
            result = yield from self._evaluate_current()
            if it >= self._first + self.budget.iterations - 1:
                n = self.budget.iterations
                self._end = f"the budget of {n} iteration{'s' if n != 1 else ''} is spent"
                break
            if result.status is Status.TOOLCHAIN_ERROR:
                self._end = f"the toolchain failed, not the kernel: {result.message}"
                break
            made = yield from self._plan_with_gate(result)
            if made is None:
                if self._end:
                    break
                it += 1  # the engineer skipped the planner's call: the same candidate goes round again
                continue
            role, plan = made
            self._iteration = it + 1  # the Coder's reply is the next iteration's candidate
            new = yield from self._code(plan, role)
            if isinstance(new, Candidate):
                self.current = new
            elif self._end:
                break
            elif isinstance(new, _Signal):
                self.memory.resolve("skipped by the engineer before the Coder carried it out")
            else:  # two unusable replies: the plan failed; the same candidate is planned for again
                self.memory.resolve("the coder's reply had no usable code")
            it += 1
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
            self._last_code = None  # the Coder's reply is no longer what the next evaluation judges
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

    # ---- gates ----

    def _gate(self, gate: GateName, role: RoleName | None, plan: dict[str, Any] | None = None, *,
              next_role: RoleName | None = None, prompt: list[Message] | None = None,
              can_reask: bool = False) -> Steps:
        """Yields a Gate when the mode stops here; returns the engineer's Answer with its decision made
        explicit, or None when the run should end. Memory and budget changes take effect here, once."""
        stops = self.mode == "manual" or (self.mode == "confirm" and gate == "plan")
        if not stops:
            return None if self._stopped else Answer("accept" if gate == "plan" else "continue")
        self._answer = None
        yield Gate(self._iteration, gate, role, plan, next_role, tuple(prompt) if prompt is not None else None,
                   self.spend(), can_reask)
        a = self._answer or Answer()
        decision = _decision(a, gate, can_reask)
        if self._stopped:
            decision = "stop"
        yield GateDecided(self._iteration, gate, decision, a.role if decision == "role" else None)
        if a.memory is not None:
            from agents.memory import Entry

            self.memory.entries = [e if isinstance(e, Entry) else Entry(**e) for e in a.memory]
            n = len(self.memory.entries)
            yield HumanEdit(self._iteration, "memory", f"{n} entr{'y' if n == 1 else 'ies'} kept: "
                            + "; ".join(f"{e.role} {e.outcome}" for e in self.memory.entries)[:300])
        if a.budget is not None and a.budget != self.budget:
            self.budget = a.budget
            yield HumanEdit(self._iteration, "budget", _budget_text(a.budget))
        yield from self._apply_edits()
        if decision == "stop":
            self._stopped = True
            self._end = "stopped by the engineer"
            return None
        return replace(a, decision=decision)

    def _before_eval(self) -> Steps:
        """The gate before an evaluation. A re-ask there asks the Coder again for this iteration's candidate;
        a planner chosen there plans after the evaluation. False when the run should end."""
        while True:
            last = self._last_code
            a = yield from self._gate("before_eval", None, can_reask=last is not None and self._human_candidate is None)
            if a is None:
                return False
            if a.decision == "role" and a.role in ("debugger", "accelerator"):
                self._next_planner = a.role  # type: ignore[assignment]
            if a.decision != "reask" or last is None:
                return True
            plan, planner, sent = last
            new = yield from self._code(plan, planner, prompt=tuple(sent), reask=True)
            if isinstance(new, Candidate):
                self.current = new
            elif self._end:
                return False

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
        self._last_code = None  # once judged, the Coder's reply is no longer asked for again
        new_best = result.ok and (self.best is None or rank_key(result) > rank_key(self.best.result))
        if new_best:
            self.best = Best(self._iteration, cand, result)
        if not cached:
            self.memory.resolve(_outcome(result))
        yield Evaluated(self._iteration, cand, result, new_best, cached, ms)
        return result

    # ---- roles ----

    def _plan_with_gate(self, result: EvalResult) -> Steps:
        """(role, plan) for the Coder; None when the run ends (`_end` says why) or when the engineer skipped
        the planner's call (the same candidate then goes round again)."""
        for _ in range(MAX_SKIPS + 1):
            made = yield from self._plan(result)
            if made is None or isinstance(made, _Signal):
                return None
            role, plan = made
            cur = self.current
            assert cur is not None
            a = yield from self._gate("plan", role, plan, next_role="coder",
                                      prompt=prompts.coder_followup(self.context, plan, cur), can_reask=True)
            if a is None:
                return None
            if a.decision == "skip":
                self.memory.add(self._iteration, role, plan)
                self.memory.resolve("rejected by the engineer before it was tried")
                continue
            if a.decision == "reask":
                self._next_planner = role
                continue  # the same prompt again; the reply set aside stays out of the memory
            if a.decision == "role" and a.role in ("debugger", "accelerator"):
                self.memory.add(self._iteration, role, plan)
                self.memory.resolve(f"set aside: the engineer asked the {ROLE_TITLE[a.role]} instead")
                self._next_planner = a.role  # type: ignore[assignment]
                continue
            if a.decision == "edit" and a.plan is not None:
                plan = dict(a.plan)
                yield HumanEdit(self._iteration, "plan", "the engineer rewrote the plan")
                yield PlanMade(self._iteration, role, plan, edited=True)
            self._coder_prompt = a.prompt  # the engineer's rewrite of the Coder's prompt, if any
            self.memory.add(self._iteration, role, plan)
            return role, plan
        self._end = f"{MAX_SKIPS + 1} plans in a row were set aside"
        return None

    def _plan(self, result: EvalResult) -> Steps:
        while True:
            role, messages, keys, need_all = self._planner_prompt(result)
            got = yield from self._ask_parsed(role, messages, self._checker(role, keys, need_all), keys)
            if isinstance(got, _Signal) and got.role in ("debugger", "accelerator") and got.role != role:
                self._next_planner = got.role  # type: ignore[assignment]
                continue  # the engineer chose the other planner at this one's gate: its own prompt is built
            break
        if got is None or isinstance(got, _Signal):
            return got
        plan, text = got
        fallback = plan is None
        if plan is None:  # two unusable replies: the prose is still a plan a coder can follow
            plan = {"modification_plan": text.strip()[:FALLBACK_PLAN_CHARS]}
        yield PlanMade(self._iteration, role, plan, fallback=fallback)
        return role, plan

    def _planner_prompt(self, result: EvalResult) -> tuple[Planner, list[Message], tuple[str, ...], bool]:
        """Who plans (the engineer's choice, else the Debugger for a failure and the Accelerator for a
        correct kernel), the prompt it is sent, the keys its plan must have and whether all of them."""
        ctx, cur, history = self.context, self.current, self.memory.render()
        assert cur is not None
        chosen, self._next_planner = self._next_planner, None
        role: Planner = chosen or ("accelerator" if result.ok else "debugger")
        if role == "accelerator":
            failure = None if result.ok else f"{result.status.value}: {result.message[:200]}"
            return (role, prompts.accelerator(ctx, cur, parse_perf(result), history, failure), prompts.ACCEL_KEYS,
                    True)
        if result.status is Status.COMPILE_ERROR:
            errors = render(extract_errors(result.diagnostics, cur, ctx.include_dir)) or result.message
            return role, prompts.debugger_compile(ctx, cur, errors, history), prompts.DEBUG_COMPILE_KEYS, False
        return (role, prompts.debugger_runtime(ctx, cur, _failure_report(result), history),
                prompts.DEBUG_RUNTIME_KEYS, False)

    def _checker(self, role: Planner, keys: tuple[str, ...], need_all: bool) -> Callable[[str], dict[str, Any]]:
        def check(text: str) -> dict[str, Any]:
            plan = parse_json_plan(text, keys, need_all)
            if role == "accelerator" and self.memory.repeats(plan):
                raise ParseError(f"the optimisation {plan['optimisation_method']!r} was already tried")
            return plan

        return check

    def _code(self, plan: dict[str, Any] | None, planner: Planner | None, *,
              prompt: tuple[Message, ...] | None = None, reask: bool = False) -> Steps:
        """The Coder's candidate: a first draft (no plan), or `planner`'s plan applied to the current one;
        a `_Signal` when the engineer skipped the call; None when it gave nothing usable or the run ended.
        `prompt` (a re-ask) is sent as it is."""
        cur = self.current
        built = prompts.coder_first(self.context) if plan is None or cur is None else \
            prompts.coder_followup(self.context, plan, cur)
        edited, self._coder_prompt = self._coder_prompt, None
        messages = list(prompt or edited or built)
        got = yield from self._ask_parsed("coder", messages, lambda text: parse_candidate(text, cur), None,
                                          edited=edited is not None and not reask)
        if got is None or isinstance(got, _Signal):
            return got
        if got[0] is None:
            return None
        self._last_code = (plan, planner, list(self._sent))
        yield CandidateReady(self._iteration, planner or "coder", got[0])
        return got[0]

    def _ask_parsed(self, role: RoleName, messages: list[Message], parse: Callable[[str], Any],
                    keys: tuple[str, ...] | None, *, edited: bool = False) -> Steps:
        """(parsed, text) after at most one re-ask — parsed is None when both replies were unusable —
        None when the provider failed, a budget ran out or the engineer stopped, or the gate's `_Signal`."""
        reply = yield from self._ask(role, messages, edited)
        if reply is None or isinstance(reply, _Signal):
            return reply
        try:
            return parse(reply.text), reply.text
        except ParseError as exc:
            yield ParseFailed(self._iteration, role, _sentence(exc), reasking=True)
            messages = prompts.reask(list(self._sent), reply.text, str(exc), keys)
        second = yield from self._ask(role, messages)
        if second is None or isinstance(second, _Signal):
            return None  # the second ask was not made: the first reply stays unusable
        try:
            return parse(second.text), second.text
        except ParseError as exc:
            yield ParseFailed(self._iteration, role, _sentence(exc), reasking=False)
            return None, second.text

    def _ask(self, role: RoleName, messages: list[Message], edited: bool = False) -> Steps:
        """The reply to `messages`, after the gate before the call; None when the run ends there or the
        provider failed; a `_Signal` when the engineer skipped the call or chose another role."""
        if self._over_budget():
            return None
        a = yield from self._gate("before_llm", role, next_role=role, prompt=messages)
        if a is None:
            return None
        if a.decision == "skip":
            return _Signal(skip=True)
        if a.decision == "role" and a.role is not None and a.role != role:
            return _Signal(role=a.role)
        if a.prompt is not None:
            messages, edited = list(a.prompt), True
        if edited:
            yield HumanEdit(self._iteration, "prompt", f"the engineer rewrote the {ROLE_TITLE[role]}'s prompt")
        self._sent = messages
        p = self.provider
        yield PromptSent(self._iteration, role, p.name, p.model, tuple(messages), edited)
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


def _decision(a: Answer, gate: GateName, can_reask: bool) -> Decision:
    """The answer's decision as it takes effect at this gate (what the session records)."""
    d: Decision = a.decision
    if d in ("continue", "accept") and a.plan is not None and gate == "plan":
        d = "edit"
    elif d == "continue" and a.role is not None:
        d = "role"
    if d == "role" and (a.role is None or (a.role == "coder" and gate == "plan")):
        d = "continue"  # after a plan the Coder goes next anyway
    if d == "reask" and not can_reask:
        d = "continue"  # no reply was received here to ask for again
    if d == "skip" and gate == "before_eval":
        d = "continue"  # a planner needs the evaluation's result: there is no step to skip
    if d == "continue" and gate == "plan":
        d = "accept"
    return d


def _budget_text(b: Budget) -> str:
    tokens = f"{b.tokens} tokens" if b.tokens is not None else "no token cap"
    cost = f"${b.cost_usd:g}" if b.cost_usd is not None else "no cost cap"
    return f"{b.iterations} iterations, {tokens}, {cost}"


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

