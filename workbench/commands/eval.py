"""`mkb eval TASK FILE... [--target T] [--json]`: compile, verify and time one candidate kernel."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys

NAME = "eval"
HELP = "evaluate a candidate kernel against a task (exit 0 only if it compiles and is correct)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("task", help="task id (see `mkb tasks`) or path to a task file")
    p.add_argument("files", nargs="+", metavar="FILE", help="the candidate's .cpp/.hpp files, or a folder")
    p.add_argument("--target", default="host", help="where to build and run (default: host)")
    p.add_argument("--json", action="store_true", help="print one JSON object (the EvalResult)")
    p.add_argument("--threads", type=int, default=1, help="threads for the kernel and MNN's (default 1)")
    p.add_argument("--trials", type=int, default=3, help="verification trials with fresh inputs (default 3)")
    p.add_argument("--min-time-ms", type=float, default=30.0, help="minimum timed total per side, ms (default 30)")
    p.add_argument("--no-timing", action="store_true", help="verify only")
    p.add_argument("--no-baseline", action="store_true", help="do not time MNN's own kernel")
    p.add_argument("--timeout", type=float, default=20.0, help="wall-clock limit of the kernel run, s (default 20)")
    p.add_argument("--seed", type=int, action="append", help="fix the trial seeds (repeat per trial)")
    add_no_sandbox(p)


def add_no_sandbox(p: argparse.ArgumentParser) -> None:
    """`--no-sandbox`, shared by eval, check and agent. Deliberately not a config key: running untrusted code
    unisolated is a choice made per run, in the command line that every result then records."""
    p.add_argument("--no-sandbox", action="store_true",
                   help="compile and run kernels without isolation (only where the machine cannot isolate); "
                        "every result is labelled UNSANDBOXED")


def refuse_without_sandbox(args: argparse.Namespace) -> None:
    """One sentence, before any work, when this machine cannot isolate and --no-sandbox was not given."""
    from toolchain import sandbox
    from workbench.cli import CommandError

    problem = None if args.no_sandbox else sandbox.isolation_problem()
    if problem:
        raise CommandError(problem)


def run(args: argparse.Namespace) -> int:
    from tasks.registry import get_task
    from toolchain.builder import Builder, BuildError, host_toolchain
    from toolchain.candidate import Candidate
    from workbench.cli import CommandError

    task = get_task(args.task)
    refuse_without_sandbox(args)
    try:
        candidate = Candidate.from_paths(args.files)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CommandError(f"cannot read the candidate: {exc}") from None
    if args.target == "host":
        # Start compiling now: the imports below (numpy, onnxruntime) then cost nothing on the clock.
        with contextlib.suppress(BuildError):
            Builder(host_toolchain(), isolate=not args.no_sandbox).start(candidate)

    from toolchain.evaluate import EvalOptions, evaluate
    from toolchain.runner import TimingPlan
    from toolchain.sandbox import Limits
    from workbench.config import ConfigError, target_settings
    from workbench.report import format_result

    if args.threads < 1 or args.trials < 1:
        raise CommandError("--threads and --trials must be at least 1")
    try:
        settings = target_settings(args.target)
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
