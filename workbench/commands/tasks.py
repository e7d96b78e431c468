"""`mkb tasks [--json]`: the benchmark's tasks."""

from __future__ import annotations

import argparse
import json

NAME = "tasks"
HELP = "list the benchmark tasks"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="one JSON array with every task's details")
    p.add_argument("--category", help="only tasks of this category")
    p.add_argument("ids", nargs="*", metavar="TASK", help="only these tasks")


def run(args: argparse.Namespace) -> int:
    from tasks.registry import all_tasks, get_task

    tasks = [get_task(i) for i in args.ids] if args.ids else list(all_tasks())
    tasks = [t for t in tasks if not args.category or t.category.lower() == args.category.lower()]
    if not args.json:
        width = max((len(t.id) for t in tasks), default=4)
        for t in tasks:
            print(f"{t.id:<{width}}  {t.category:<14} {t.onnx_op}")
        print(f"{len(tasks)} tasks")
        return 0
    from tasks.describe import describe

    print(json.dumps([describe(t) for t in tasks], indent=1))
    return 0
