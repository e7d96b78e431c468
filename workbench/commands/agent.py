"""`mkb agent TASK --provider P --model M ...`: run the MoKA loop headless, one line per step."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from workbench.options import add_force, add_host_tuned, amount, count, refuse_existing

if TYPE_CHECKING:
    from toolchain.sandbox import Limits
    from toolchain.targets import Target

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
    p.add_argument("--target", default="host", help="where to build and run: host or adb[:SERIAL] (default host)")
    p.add_argument("--threads", type=count(1), default=1, help="threads for the kernel and MNN's (default 1)")
    add_host_tuned(p)
    p.add_argument("--min-time-ms", type=amount(0), default=100.0, help="minimum timed total per side (default 100)")
    p.add_argument("--trials", type=count(1), default=3, help="verification trials per evaluation (default 3)")
    p.add_argument("--timeout", type=amount(0), default=300.0, help="deadline of one LLM call, s (default 300)")
    p.add_argument("--max-tokens", type=count(1), default=None, help="token budget of the whole run")
    p.add_argument("--max-cost", type=amount(0), default=None, help="cost budget of the whole run, USD (estimate)")
    p.add_argument("--replay-from", default=None, metavar="FILE",
                   help="with --provider replay: the session whose replies are answered in order")


def run(args: argparse.Namespace) -> int:
    from agents import events as ev
    from agents.llm import CallOptions, ProviderError, make_provider
    from agents.loop import Budget, MokaLoop
    from tasks.registry import get_task
    from toolchain.evaluate import EvalOptions
    from toolchain.runner import TimingPlan
    from workbench.cli import CommandError

    # Both refusals come before any work: no tokens are spent on a run that could not be steered or kept.
    if args.mode == "confirm" and not sys.stdin.isatty():
        raise CommandError("--mode confirm asks about each plan at a terminal, and standard input is not one "
                           "(use --mode auto to run unattended)")
    if args.session:
        refuse_existing([args.session], args.force, "--session")
    task = get_task(args.task)
    model = args.model or _config_value("model") or ("replay" if args.provider == "replay" else "")
    if not model:
        raise CommandError("no model given: pass --model (or set model in the config file)")
    replies = _recorded_replies(args.replay_from) if args.provider == "replay" else None
    config = _provider_config(args.provider)
    timeout = max(1.0, args.timeout)
    try:
        provider = make_provider(args.provider, model, args.base_url, config,
                                 CallOptions(timeout_s=min(120.0, timeout), deadline_s=timeout), replies)
    except ProviderError as exc:
        print(f"mkb: {exc}", file=sys.stderr)
        return 2
    options = EvalOptions(threads=args.threads, trials=args.trials, timing=TimingPlan(min_time_ms=args.min_time_ms))
    # Opened once, before any tokens are spent: a missing phone is one sentence now, not a failed iteration
    # later, and every evaluation then shares the phone's record and file cache.
    target = _open_target(args.target, options.limits, args.host_tuned)
    if target.name != "host":
        print(f"target  {target.name} {target.device.get('model', '')}".rstrip(), flush=True)
    budget = Budget(iterations=args.iterations, tokens=args.max_tokens, cost_usd=args.max_cost)
    loop = MokaLoop(task, provider, mode=args.mode, budget=budget, target=target, eval_options=options)
    recorder = None
    if args.session:
        from pathlib import Path

        from workbench.recorder import SessionRecorder

        if args.force:  # asked for with --force; a session file is only ever appended to, so it goes first
            Path(args.session).unlink(missing_ok=True)
        recorder = SessionRecorder.create(args.session, task.id, provider.name, provider.model)
    finished = None
    try:
        for e in loop.run():
            if recorder is not None:
                recorder.record(e)
            line = _line(e)
            if line:
                print(line, flush=True)
            if isinstance(e, ev.Gate) and e.gate == "plan":
                loop.decide(_ask_plan())
            if isinstance(e, ev.Finished):
                finished = e
    finally:
        if recorder is not None:
            recorder.close()
    assert finished is not None
    return 0 if finished.best is not None else 1


def _line(e: Any) -> str | None:
    from agents import events as ev

    if isinstance(e, ev.Started):
        return f"agent   {e.task} with {e.provider}/{e.model}, {e.mode}, up to {e.max_iterations} iterations"
    if isinstance(e, ev.ReplyReceived):
        cost = f", ${e.cost_usd:.4f}" if e.cost_usd is not None else ""
        note = f" ({'; '.join(e.notes)})" if e.notes else ""
        return (f"[{e.iteration}] {e.role:<11} replied: {e.input_tokens}+{e.output_tokens} tokens, "
                f"{e.latency_ms / 1e3:.1f} s{cost}{note}")
    if isinstance(e, ev.Evaluated):
        sp = f"{e.result.speedup:.2f}x" if e.result.speedup is not None else "-"
        best = "  (new best)" if e.new_best else ""
        return f"[{e.iteration}] evaluate    {e.result.status.value:<14} speedup {sp}{best}  {e.result.message[:100]}"
    if isinstance(e, ev.PlanMade):
        what = e.plan.get("optimisation_method") or e.plan.get("diagnosis") or \
            e.plan.get("local_error_suggestion") or e.plan.get("modification_plan") or ""
        return f"[{e.iteration}] {e.role:<11} plan: {str(what)[:100]}{' (from prose)' if e.fallback else ''}"
    if isinstance(e, ev.ProviderFailed | ev.ParseFailed):
        return f"[{e.iteration}] {e.role:<11} error: {e.message}"
    if isinstance(e, ev.Finished):
        best = (f"best: iteration {e.best.iteration}, {e.best.result.speedup:.2f}x over MNN"
                if e.best and e.best.speedup is not None else "best: " + ("correct, not timed" if e.best else "none"))
        return f"done    {e.reason}; {best}; {e.input_tokens + e.output_tokens} tokens, ${e.cost_usd:.4f}"
    return None


PLAN_ANSWERS = {"y": "accept", "yes": "accept", "s": "skip", "skip": "skip", "t": "stop", "stop": "stop"}


def _ask_plan() -> Any:
    """Only an explicit answer counts: anything else asks again, and end of input (ctrl+d) stops the run,
    which then ends as a stopped run does, with its session file complete."""
    while True:
        try:
            answer = input("accept this plan? [y]es / [s]kip / s[t]op: ").strip().lower()
        except EOFError:
            print("\nend of input: stopping the run", flush=True)
            return "stop"
        if answer in PLAN_ANSWERS:
            return PLAN_ANSWERS[answer]
        print(f"please answer y, s or t (not {answer!r})", flush=True)


def _open_target(spec: str, limits: Limits, host_tuned: bool = False) -> Target:
    from toolchain.targets import TargetError
    from workbench.cli import CommandError
    from workbench.config import ConfigError, open_target

    try:
        return open_target(spec, limits, host_tuned)
    except (ConfigError, TargetError) as exc:
        raise CommandError(str(exc)) from None


def _config_value(name: str) -> str:
    from workbench.config import ConfigError, load_config

    try:
        return str(getattr(load_config(), name) or "")
    except ConfigError:
        return ""


def _provider_config(provider: str) -> dict[str, Any]:
    """The config file's `[providers.<name>]` tables, plus its base URL when it names this provider."""
    from workbench.config import ConfigError, load_config

    try:
        cfg = load_config()
    except ConfigError:
        return {}
    settings = cfg.provider_config()
    if cfg.provider == provider and cfg.base_url:
        settings["providers"].setdefault(provider, {}).setdefault("base_url", cfg.base_url)
    return settings


def _recorded_replies(path: str | None) -> list[str]:
    from sessions.store import load_session
    from workbench.cli import CommandError

    if not path:
        raise CommandError("--provider replay needs --replay-from SESSION_FILE")
    return [e.text for e in load_session(path).events if e.kind == "reply"]
