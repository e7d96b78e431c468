"""`mkb tasks [--json] [--category C] [TASK...]`: the benchmark's tasks."""

from __future__ import annotations

import argparse
import json

NAME = "tasks"
HELP = "list the benchmark tasks"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="one JSON array with every task's details")
    p.add_argument("--category", help="only tasks of this category (an unknown one is an error that lists them)")
    p.add_argument("ids", nargs="*", metavar="TASK", help="only these tasks")


def in_category(category: str) -> list:
    """Every task of `category` (any case); an unknown category is an error naming the known ones."""
    from tasks.registry import all_tasks
    from workbench.commands import CommandError

    chosen = [t for t in all_tasks() if t.category.lower() == category.lower()]
    if not chosen:
        cats = sorted({t.category for t in all_tasks()})
        raise CommandError(f"no category named {category} (there are {', '.join(cats)})")
    return chosen


def run(args: argparse.Namespace) -> int:
    from tasks.registry import all_tasks, get_task

    tasks = [get_task(i) for i in args.ids] if args.ids else list(all_tasks())
    if args.category:
        ids = {t.id for t in in_category(args.category)}
        tasks = [t for t in tasks if t.id in ids]
    if not args.json:
        width = max((len(t.id) for t in tasks), default=4)
        for t in tasks:
            print(f"{t.id:<{width}}  {t.category:<14} {t.onnx_op}")
        print(f"{len(tasks)} tasks")
        return 0
    from tasks.describe import describe

    print(json.dumps([describe(t) for t in tasks], indent=1))
    return 0
