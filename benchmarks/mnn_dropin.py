"""Every reference kernel in real MNN: `mkb verify-mnn` on each, and `mkb eval --target mnn` on the first task
of its op (the README's table); with --all-tasks, every task of an op with a CPU Execution in the tree,
verified inside the tree with its reference kernel (no timing).

For each folder of `tasks/reference_kernels/` whose op type has a CPU Execution in the tree, the verdict,
the MNN tests that fail (at 1 or 4 threads), what the kernel lacks of MNN's file, the time of the
incremental build and of MNN's tests, and the kernel's status and speedup on its task inside the tree
(against MNN's own kernel from the same build). The tree is MNN 3.6.1 from `../shared/mnn/` unless --mnn says
otherwise; it is built first if need be (`mkb mnn setup`, about 9 minutes the first time).

    python benchmarks/mnn_dropin.py [--mnn PATH] [--only ReLU,Softmax] [--all-tasks]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tasks.evaluation import evaluate  # noqa: E402
from tasks.prepare import prepare  # noqa: E402
from tasks.registry import REFERENCE_KERNELS_DIR, all_tasks, reference_candidate  # noqa: E402
from tasks.task import Task  # noqa: E402
from toolchain.evaluate import EvalOptions  # noqa: E402
from toolchain.mnn.dropin import DropInError, original_for, verify  # noqa: E402
from toolchain.mnn.tree import MnnTree, build, open_tree  # noqa: E402
from toolchain.targets import TargetSettings  # noqa: E402


def first_task(op: str) -> Task | None:
    return next((t for t in all_tasks() if prepare(t).mnn_op_type == op), None)


def on_target(op: str, options: EvalOptions) -> str:
    """The reference kernel on the first task of its op, inside the tree: status, and speedup or why none."""
    task = first_task(op)
    if task is None:
        return "no task"
    r = evaluate(task, reference_candidate(op), "mnn", options)
    if r.speedup is not None:
        return f"{task.id}: {r.status.value} {r.speedup:.2f}x"
    why = r.baseline.note if r.status.value == "ok" else r.message
    return f"{task.id}: {r.status.value} ({why.split(';')[0].split(': ')[0][:90]})"


def all_tasks_on_target(tree: MnnTree, options: EvalOptions, ops: list[str]) -> None:
    """Each task of these ops with its reference kernel, verified with --target mnn: the status of each, and
    why for those not ok."""
    counts: Counter[str] = Counter()
    failing: list[str] = []
    for task in all_tasks():
        op = prepare(task).mnn_op_type
        if op not in ops:
            continue
        try:
            original_for(tree, op)
        except DropInError:
            continue
        r = evaluate(task, reference_candidate(op), "mnn", replace(options, timing=None))
        counts[r.status.value] += 1
        if r.status.value != "ok":
            failing.append(f"  {task.id} ({op}): {r.status.value}: {r.message[:160]}")
    total = sum(counts.values())
    print(f"\nEvery task of those ops, reference kernel, --target mnn (verified, not timed): {total} tasks, "
          + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    print("\n".join(failing))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mnn", default=str(REPO.parent / "shared" / "mnn" / "MNN-3.6.1-cpu.tar.xz"))
    ap.add_argument("--only", default="", help="comma-separated op types")
    ap.add_argument("--all-tasks", action="store_true", help="only: every task of each op, verified in the tree")
    args = ap.parse_args()
    tree = build(open_tree(args.mnn), lambda m: print(m, file=sys.stderr))
    ops = sorted(p.name for p in REFERENCE_KERNELS_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))
    if args.only:
        ops = [o for o in ops if o in args.only.split(",")]
    print(f"Reference kernels in {tree.label} (MNN {tree.version}), `python benchmarks/mnn_dropin.py`:\n")
    options = EvalOptions(target_settings=TargetSettings(mnn_root=args.mnn))
    if args.all_tasks:
        return all_tasks_on_target(tree, options, ops)
    print("| op | replaces | verdict | MNN tests failing | lacks | build s | tests s | task on --target mnn |")
    print("|---|---|---|---|---|---|---|---|")
    t0 = time.monotonic()
    for op in ops:
        try:
            r = verify(tree, op, reference_candidate(op))
        except DropInError as exc:
            print(f"| {op} | — | not checked | {exc} | | | | |", flush=True)
            continue
        failing = sorted({f"{t.name}" for t in r.failed})
        lacks = "; ".join(m.split(" (")[0] for m in r.missing)
        print(f"| {op} | {Path(r.replaced).name} | {r.verdict} | {', '.join(failing) or '—'} | {lacks or '—'} "
              f"| {r.build_s:.1f} | {r.tests_s:.1f} | {on_target(op, options)} |", flush=True)
    print(f"\n{len(ops)} kernels in {time.monotonic() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
