"""`mkb agent TASK --provider P --model M ...`: run the MoKA loop headless, one line per step."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from workbench.commands.eval import add_no_sandbox, refuse_without_sandbox

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
    p.add_argument("--iterations", type=int, default=10, help="evaluations in all (default 10)")
    p.add_argument("--mode", choices=("auto", "confirm"), default="auto",
                   help="confirm: show each plan and ask accept / skip / stop (default auto)")
    p.add_argument("--session", default=None, metavar="FILE", help="record every step to this session file")
    p.add_argument("--target", default="host", help="where to build and run: host or adb[:SERIAL] (default host)")
    p.add_argument("--threads", type=int, default=1, help="threads for the kernel and MNN's (default 1)")
    p.add_argument("--min-time-ms", type=float, default=100.0, help="minimum timed total per side (default 100)")
    p.add_argument("--trials", type=int, default=3, help="verification trials per evaluation (default 3)")
    p.add_argument("--timeout", type=float, default=300.0, help="deadline of one LLM call, s (default 300)")
    p.add_argument("--max-tokens", type=int, default=None, help="token budget of the whole run")
    p.add_argument("--max-cost", type=float, default=None, help="cost budget of the whole run, USD (estimate)")
    p.add_argument("--replay-from", default=None, metavar="FILE",
                   help="with --provider replay: the session whose replies are answered in order")
    add_no_sandbox(p)


def run(args: argparse.Namespace) -> int:
    from agents import events as ev
    from agents.llm import CallOptions, ProviderError, make_provider
    from agents.loop import Budget, MokaLoop
    from tasks.registry import get_task
    from toolchain.evaluate import EvalOptions
    from toolchain.runner import TimingPlan
    from toolchain.sandbox import Limits
    from workbench.cli import CommandError

    if args.iterations < 1 or args.threads < 1 or args.trials < 1:
        raise CommandError("--iterations, --threads and --trials must be at least 1")
    task = get_task(args.task)
    refuse_without_sandbox(args)  # before any tokens are spent
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
    options = EvalOptions(threads=args.threads, trials=args.trials, timing=TimingPlan(min_time_ms=args.min_time_ms),
                          limits=Limits(isolate=not args.no_sandbox))
    # Opened once, before any tokens are spent: a missing phone is one sentence now, not a failed iteration
    # later, and every evaluation then shares the phone's record and file cache.
    target = _open_target(args.target, options.limits)
    if target.name != "host":
        print(f"target  {target.name} {target.device.get('model', '')}".rstrip(), flush=True)
    budget = Budget(iterations=args.iterations, tokens=args.max_tokens, cost_usd=args.max_cost)
    loop = MokaLoop(task, provider, mode=args.mode, budget=budget, target=target, eval_options=options)
    recorder = None
    if args.session:
        from workbench.recorder import SessionRecorder

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


def _ask_plan() -> Any:
    try:
        answer = input("accept this plan? [Y]es / [s]kip / s[t]op: ").strip().lower()
    except EOFError:
        return "accept"
    return {"s": "skip", "skip": "skip", "t": "stop", "stop": "stop"}.get(answer, "accept")


def _open_target(spec: str, limits: Limits) -> Target:
    from toolchain.targets import TargetError
    from workbench.cli import CommandError
    from workbench.config import ConfigError, open_target

    try:
        return open_target(spec, limits)
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
