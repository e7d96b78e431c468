"""`mkb agent TASK --provider P --model M ...`: run the MoKA loop headless, one line per step."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.options import (
    TARGET_HELP,
    add_force,
    add_host_tuned,
    add_no_sandbox,
    amount,
    count,
    refuse_existing,
    refuse_without_sandbox,
)

if TYPE_CHECKING:
    from toolchain.sandbox import Limits
    from toolchain.targets import Target
    from workbench.config import Config

NAME = "agent"
HELP = "run the Coder / Debugger / Accelerator loop on a task with an LLM provider"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("task", help="task id (see `mkb tasks`) or path to a task file")
    p.add_argument("--provider", choices=("anthropic", "openai", "replay"), required=True)
    p.add_argument("--model", default="", help="model name as the provider spells it")
    p.add_argument("--base-url", default=None, help="an OpenAI- or Anthropic-compatible server (vLLM, Ollama, ...)")
    p.add_argument("--iterations", type=count(1), default=10, help="evaluations in all (default 10)")
    p.add_argument("--mode", choices=("auto", "confirm"), default="auto",
                   help="confirm: show each plan and ask yes / skip / stop at the terminal; end of input stops "
                        "(default auto)")
    p.add_argument("--session", default=None, metavar="FILE",
                   help="record every step to this new session file (an existing one only with --force)")
    add_force(p, "the --session file")
    p.add_argument("--target", default="host", help=TARGET_HELP)
    p.add_argument("--threads", type=count(1), default=1, help="threads for the kernel and MNN's (default 1)")
    add_host_tuned(p)
    p.add_argument("--min-time-ms", type=amount(0), default=100.0, help="minimum timed total per side (default 100)")
    p.add_argument("--trials", type=count(1), default=3, help="verification trials per evaluation (default 3)")
    p.add_argument("--timeout", type=amount(0), default=300.0, help="deadline of one LLM call, s (default 300)")
    p.add_argument("--max-tokens", type=count(1), default=None, help="token budget of the whole run")
    p.add_argument("--max-cost", type=amount(0), default=None, help="cost budget of the whole run, USD (estimate)")
    p.add_argument("--replay-from", default=None, metavar="FILE",
                   help="with --provider replay: the session whose replies are answered in order")
    add_no_sandbox(p)


def run(args: argparse.Namespace) -> int:
    from agents.events import Finished, Gate, PromptSent, describe
    from agents.llm import CallOptions, ProviderError, make_provider
    from agents.loop import Budget
    from sessions.store import SessionError
    from tasks.registry import get_task
    from toolchain.evaluate import EvalOptions
    from toolchain.runner import TimingPlan
    from toolchain.sandbox import Limits
    from workbench.agent_run import AgentRun
    from workbench.commands import CommandError

    # Both refusals come before any work: no tokens are spent on a run that could not be steered or kept.
    if args.mode == "confirm" and not sys.stdin.isatty():
        raise CommandError("--mode confirm asks about each plan at a terminal, and standard input is not one "
                           "(use --mode auto to run unattended)")
    if args.session:
        refuse_existing([args.session], args.force, "--session")
    task = get_task(args.task)
    refuse_without_sandbox(args)  # before any tokens are spent
    config = _load_config()  # read once, here; everything below is handed what it needs
    model = args.model or (config.model if config else "") or ("replay" if args.provider == "replay" else "")
    if not model:
        raise CommandError("no model given: pass --model (or set model in the config file)")
    replies = _recorded_replies(args.replay_from) if args.provider == "replay" else None
    timeout = max(1.0, args.timeout)
    try:
        provider = make_provider(args.provider, model, args.base_url, _provider_config(config, args.provider),
                                 CallOptions(timeout_s=min(120.0, timeout), deadline_s=timeout), replies)
    except ProviderError as exc:
        print(f"mkb: {exc}", file=sys.stderr)
        return 2
    options = EvalOptions(threads=args.threads, trials=args.trials, timing=TimingPlan(min_time_ms=args.min_time_ms),
                          limits=Limits(isolate=not args.no_sandbox))
    # Opened once, before any tokens are spent: a missing phone is one sentence now, not a failed iteration
    # later, and every evaluation then shares the phone's record and file cache.
    target = _open_target(args.target, options.limits, config, args.host_tuned)
    if target.name != "host":
        print(f"target  {target.name} {target.device.get('model', '')}".rstrip(), flush=True)
    budget = Budget(iterations=args.iterations, tokens=args.max_tokens, cost_usd=args.max_cost)
    if args.session and args.force:  # a session file is only ever appended to, so the old one goes first
        Path(args.session).unlink(missing_ok=True)
    try:
        recorder = AgentRun.record_to(args.session, task, provider, target) if args.session else None
    except SessionError as exc:
        raise CommandError(str(exc)) from None
    agent = AgentRun(task, provider, target, mode=args.mode, budget=budget, options=options, recorder=recorder)

    def show(e: Any) -> None:
        line = describe(e)
        if line is None or isinstance(e, Gate | PromptSent):  # a log line per step, not per request
            return
        where = "done   " if isinstance(e, Finished) else f"[{e.iteration}]" if hasattr(e, "iteration") else "agent  "
        print(f"{where} {line}", flush=True)

    try:
        finished = agent.run(show, decide=lambda gate: _ask_plan(gate) if gate.gate == "plan" else None)
    finally:
        agent.close()
    assert finished is not None
    if finished.best is not None:
        _check_in_mnn(task, finished.best, config)
    return 0 if finished.best is not None else 1


def _check_in_mnn(task: Any, best: Any, config: Any) -> None:
    """When an MNN tree is set up (`mkb mnn setup`) and built, the best candidate goes through verify-mnn."""
    from tasks.prepare import prepare
    from toolchain.mnn.dropin import DropInError, verify
    from toolchain.mnn.tree import MnnTreeError
    from workbench.config import ready_mnn_tree

    tree = ready_mnn_tree(config)
    op_type = prepare(task).mnn_op_type if tree is not None else None
    if tree is None or op_type is None:
        return
    print(f"mnn     checking the best candidate (#{best.iteration}) in {tree.label}", flush=True)
    try:
        result = verify(tree, op_type, best.candidate)
    except (MnnTreeError, DropInError) as exc:
        print(f"mnn     could not check it: {exc}", flush=True)
        return
    for line in result.lines():
        print(f"mnn     {line}", flush=True)


# Roles by their whole name only: a stray letter must never steer the run.
PLAN_ANSWERS = {"y": "accept", "yes": "accept", "s": "skip", "skip": "skip", "r": "reask", "reask": "reask",
                "debugger": "debugger", "accelerator": "accelerator", "t": "stop", "stop": "stop"}


def _ask_plan(gate: Any = None) -> Any:
    """The plan as readable lines and the cost so far, then one explicit answer: anything else asks again,
    and end of input (ctrl+d) stops the run, which then ends as a stopped run does, with its session file
    complete. The answer is the loop's own gate answer, as the TUI gives it."""
    from agents.events import Answer, plan_text

    if gate is not None:
        if gate.plan:
            print(plan_text(gate.plan, "    "), flush=True)
        print(f"    ({gate.spend.line()})", flush=True)
    while True:
        try:
            answer = input("accept this plan? [y]es / [s]kip / [r]e-ask / s[t]op "
                           "(or debugger / accelerator: ask that role instead): ").strip().lower()
        except EOFError:
            print("\nend of input: stopping the run", flush=True)
            return "stop"
        if answer in PLAN_ANSWERS:
            d = PLAN_ANSWERS[answer]
            return Answer("role", role=d) if d in ("debugger", "accelerator") else d
        print(f"please answer y, s or t, r, debugger or accelerator (not {answer!r})", flush=True)


def _open_target(spec: str, limits: Limits, config: Config | None, host_tuned: bool = False) -> Target:
    from toolchain.targets import TargetError
    from workbench.commands import CommandError
    from workbench.config import ConfigError, open_target

    try:
        return open_target(spec, limits, config, host_tuned)
    except (ConfigError, TargetError) as exc:
        raise CommandError(str(exc)) from None


def _load_config() -> Config | None:
    """The config file, or None when it cannot be read (`mkb agent` needs nothing from it)."""
    from workbench.config import ConfigError, load_config

    try:
        return load_config()
    except ConfigError:
        return None


def _provider_config(cfg: Config | None, provider: str) -> dict[str, Any]:
    """The config file's `[providers.<name>]` tables, plus its base URL when it names this provider."""
    if cfg is None:
        return {}
    settings = cfg.provider_config()
    if cfg.provider == provider and cfg.base_url:
        settings["providers"].setdefault(provider, {}).setdefault("base_url", cfg.base_url)
    return settings


def _recorded_replies(path: str | None) -> list[str]:
    from sessions.store import load_session
    from workbench.commands import CommandError

    if not path:
        raise CommandError("--provider replay needs --replay-from SESSION_FILE")
    return [e.text for e in load_session(path).events if e.kind == "reply"]
