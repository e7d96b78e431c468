"""`mkb eval TASK FILE... [--target T] [--json]`: compile, verify and time one candidate kernel."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys

from workbench.options import TARGET_HELP, add_host_tuned, add_no_sandbox, amount, count, refuse_without_sandbox

NAME = "eval"
HELP = "evaluate a candidate kernel against a task (exit 0 only if it compiles and is correct)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("task", help="task id (see `mkb tasks`) or path to a task file")
    p.add_argument("files", nargs="+", metavar="FILE", help="the candidate's .cpp/.hpp files, or a folder")
    p.add_argument("--target", default="host", help=TARGET_HELP)
    p.add_argument("--json", action="store_true", help="print one JSON object (the EvalResult)")
    p.add_argument("--threads", type=count(1), default=1, help="threads for the kernel and MNN's (default 1)")
    p.add_argument("--trials", type=count(1), default=3, help="verification trials with fresh inputs (default 3)")
    p.add_argument("--min-time-ms", type=amount(0), default=30.0,
                   help="minimum timed total per side, ms (default 30)")
    p.add_argument("--no-timing", action="store_true", help="verify only")
    p.add_argument("--no-baseline", action="store_true", help="do not time MNN's own kernel")
    p.add_argument("--timeout", type=amount(0), default=20.0,
                   help="wall-clock limit of the kernel run, s (default 20)")
    p.add_argument("--seed", type=count(0), action="append", help="fix the trial seeds (repeat per trial)")
    add_no_sandbox(p)
    add_host_tuned(p)


def run(args: argparse.Namespace) -> int:
    from tasks.registry import get_task
    from toolchain.builder import Builder, BuildError, host_toolchain
    from toolchain.candidate import Candidate
    from workbench.commands import CommandError

    task = get_task(args.task)
    refuse_without_sandbox(args)
    try:
        candidate = Candidate.from_paths(args.files)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CommandError(f"cannot read the candidate: {exc}") from None
    if args.target == "host":
        # Start compiling now: the imports below (numpy, onnxruntime) then cost nothing on the clock.
        with contextlib.suppress(BuildError):
            Builder(host_toolchain(tuned=args.host_tuned), isolate=not args.no_sandbox).start(candidate)

    from tasks.evaluation import evaluate
    from toolchain.evaluate import EvalOptions
    from toolchain.runner import TimingPlan
    from toolchain.sandbox import Limits
    from workbench.config import ConfigError, target_settings
    from workbench.report import format_result

    try:
        settings = target_settings(args.target, host_tuned=args.host_tuned)
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    options = EvalOptions(
        threads=args.threads,
        trials=len(args.seed) if args.seed else args.trials,
        timing=None if args.no_timing else TimingPlan(min_time_ms=args.min_time_ms),
        baseline=not args.no_baseline,
        limits=Limits(wall_s=args.timeout, cpu_s=int(args.timeout * args.threads) + 5, isolate=not args.no_sandbox),
        seeds=tuple(args.seed) if args.seed else None,
        target_settings=settings,
    )
    progress = None if args.json else (lambda msg: print(f"… {msg}", file=sys.stderr, flush=True))
    result = evaluate(task, candidate, args.target, options, progress)
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        print(format_result(result))
    return 0 if result.ok else 1
