"""`mkb check [--all | --category C | TASK...] [--jobs N] [--json]`: evaluate the reference kernels.

Proves the suite: every task's reference kernel (`tasks/reference_kernels/<MNN op type>/`) is compiled,
run and verified against onnxruntime, and every task's verification rejects the trivial kernels (copy
the input, zeros, a constant, another seed's reference; `tasks.trivial`). Preparing (torch export,
filters, MNN conversion) and the trivial check run in a process pool, since they are CPU-bound;
evaluating runs in threads, since each evaluation waits on a compiler and a kernel subprocess. Tasks
whose recorded problems leave no single MNN op to implement are listed as skipped with that reason, not
as failures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.options import TARGET_HELP, add_host_tuned, add_no_sandbox, count, refuse_without_sandbox

if TYPE_CHECKING:
    from toolchain.sandbox import Limits
    from toolchain.targets import Target

NAME = "check"
HELP = ("evaluate the reference kernels of the suite and check each task rejects trivial kernels "
        "(exit 0 only if none fails)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("tasks", nargs="*", metavar="TASK", help="task ids (see `mkb tasks`)")
    p.add_argument("--all", action="store_true", help="every task of the suite")
    p.add_argument("--category", help="every task of one category")
    p.add_argument("--jobs", type=count(1), default=2, help="parallel preparations and evaluations (default 2)")
    p.add_argument("--trials", type=count(1), default=2, help="verification trials per task (default 2)")
    p.add_argument("--target", default="host", help=TARGET_HELP)
    p.add_argument("--json", action="store_true", help="print one JSON object with every task's outcome")
    add_no_sandbox(p)
    add_host_tuned(p)


@dataclass
class Outcome:
    task: str
    category: str
    state: str  # "ok", "failed" or "skipped"
    status: str  # the EvalResult status, "skipped" or "prepare_error"
    message: str = ""
    mnn_op_type: str | None = None
    seconds: float = 0.0
    trivial_accepted: list[str] | None = None  # trivial kernels verification let through; None: not checked

    @property
    def discriminates(self) -> bool:
        return not self.trivial_accepted

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _prepare_one(task_path: str) -> tuple[str, str | None, str | None, list[str] | None]:
    """In a worker process, for the task file at `task_path` (a suite task or one of the user's): (task
    id, MNN op type or None, the reason it cannot be evaluated or None, the trivial kernels its
    verification accepts)."""
    from tasks.prepare import prepare
    from tasks.registry import get_task
    from tasks.task import TaskError
    from tasks.trivial import check_trivial

    try:
        task = get_task(task_path)
        task_id = task.id
        p = prepare(task)
    except TaskError as exc:
        task_id = Path(task_path).stem
        return task_id, None, f"prepare failed: {exc}", None
    if not p.evaluable:
        return task_id, None, "; ".join(p.problems) or "no single MNN op", None
    try:
        accepted = list(check_trivial(p).accepted)
    except Exception as exc:  # the reference or an input draw failing is a finding about the task, not a crash
        accepted = [f"(the check itself failed: {type(exc).__name__}: {exc})"]
    return task_id, p.mnn_op_type, None, accepted


def select_tasks(args: argparse.Namespace) -> list:
    from tasks.registry import all_tasks, get_task
    from workbench.commands import CommandError

    if args.all:
        return list(all_tasks())
    if args.category:
        from workbench.commands.tasks import in_category

        return in_category(args.category)
    if not args.tasks:
        raise CommandError("name tasks to check, or pass --category C or --all")
    return [get_task(name) for name in args.tasks]


class _Progress:
    """One line on stderr, redrawn in place when stderr is a terminal, else one line per task."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled
        self.tty = sys.stderr.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // max(self.total, 1)
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label}"
        if self.tty:
            print(f"\r\033[K{line}", end="" if self.done < self.total else "\n", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)


def check(tasks: list, jobs: int, trials: int, progress: _Progress, target: Target | str = "host",
          limits: Limits | None = None) -> list[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    from tasks.evaluation import evaluate
    from tasks.registry import reference_candidate
    from tasks.task import TaskError
    from toolchain.evaluate import EvalOptions

    by_id = {t.id: t for t in tasks}
    prepared: dict[str, tuple[str | None, str | None, list[str] | None]] = {}
    # spawn, not fork: a forked child inherits whatever locks this process's threads held (the TUI's
    # workers, a background build) and can hang on them forever.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        for task_id, op_type, reason, trivial in pool.map(_prepare_one, [str(t.path) for t in by_id.values()]):
            prepared[task_id] = (op_type, reason, trivial)

    options = EvalOptions(trials=trials, timing=None, baseline=False)
    if limits is not None:
        options = EvalOptions(trials=trials, timing=None, baseline=False, limits=limits)

    def run_one(task_id: str) -> Outcome:
        task = by_id[task_id]
        op_type, reason, trivial = prepared[task_id]
        t0 = time.perf_counter()
        if reason is not None:
            state = "failed" if reason.startswith("prepare failed") else "skipped"
            out = Outcome(task_id, task.category, state, "prepare_error" if state == "failed" else "skipped",
                          reason)
        else:
            try:
                candidate = reference_candidate(op_type or "")
            except TaskError as exc:
                out = Outcome(task_id, task.category, "failed", "no_reference", str(exc), op_type)
            else:
                result = evaluate(task, candidate, target, options)
                out = Outcome(task_id, task.category, "ok" if result.ok else "failed", str(result.status),
                              "" if result.ok else result.message, op_type)
        out.trivial_accepted = trivial
        out.seconds = round(time.perf_counter() - t0, 2)
        progress.step(task_id)
        return out

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(run_one, list(by_id)))


def summary_table(outcomes: list[Outcome]) -> str:
    cats = sorted({o.category for o in outcomes})
    rows = [("category", "tasks", "ok", "failed", "skipped")]
    for c in [*cats, "all"]:
        sel = [o for o in outcomes if c in ("all", o.category)]
        rows.append((c, *(str(n) for n in (len(sel), *(sum(o.state == s for o in sel)
                                                         for s in ("ok", "failed", "skipped"))))))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    for state in ("failed", "skipped"):
        listed = [o for o in outcomes if o.state == state]
        if listed:
            lines.append(f"\n{state}:")
            lines += [f"  {o.task} ({o.status}): {o.message}" for o in listed]
    lines.append("\n" + trivial_summary(outcomes))
    return "\n".join(lines)


def trivial_summary(outcomes: list[Outcome]) -> str:
    """"trivial kernels rejected: N/M tasks", and the tasks whose verification lets one through."""
    checked = [o for o in outcomes if o.trivial_accepted is not None]
    holes = [o for o in checked if not o.discriminates]
    lines = [f"trivial kernels rejected: {len(checked) - len(holes)}/{len(checked)} tasks"]
    lines += [f"  {o.task} accepts a kernel that {', '.join(o.trivial_accepted or [])}" for o in holes]
    return "\n".join(lines)


def _open_target(spec: str, limits: Limits, host_tuned: bool = False) -> Target:
    """Opened once for the whole check: a missing phone is one sentence, not one failure per task."""
    from toolchain.targets import TargetError
    from workbench.commands import CommandError
    from workbench.config import ConfigError, open_target

    try:
        return open_target(spec, limits, host_tuned=host_tuned)
    except (ConfigError, TargetError) as exc:
        raise CommandError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    from toolchain.sandbox import Limits

    tasks = select_tasks(args)
    refuse_without_sandbox(args)
    limits = Limits(isolate=not args.no_sandbox)
    target = _open_target(args.target, limits, args.host_tuned)
    t0 = time.perf_counter()
    outcomes = check(tasks, args.jobs, args.trials, _Progress(len(tasks), not args.json), target, limits)
    elapsed = time.perf_counter() - t0
    if args.json:
        print(json.dumps({"seconds": round(elapsed, 1), "target": target.name,
                          "tasks": [o.to_json() for o in outcomes]}))
    else:
        print(summary_table(outcomes))
        print(f"\n{len(outcomes)} tasks checked on {target.name} in {elapsed:.1f} s"
              + ("  UNSANDBOXED (--no-sandbox)" if args.no_sandbox else ""))
    return 0 if all(o.state != "failed" and o.discriminates for o in outcomes) else 1
