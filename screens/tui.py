"""`mkb-tui [--task T] [--target host|adb[:SERIAL]] [--session FILE] [--watch FILE]`: the workbench in the terminal.

Imports stay light until the App runs: torch, onnxruntime and MNN load only when a task is first
prepared or evaluated, inside a worker, so the first frame does not wait for them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mkb-tui", description="MobileKernelBench Workbench: tune MNN CPU kernels "
                                "by hand or with LLM agents, every step shown and steerable.")
    p.add_argument("--task", help="open this task (id, or path to a task file); default: the last one")
    p.add_argument("--target", help="where kernels run: host, adb or adb:SERIAL (an Android phone over adb); "
                   "default: the last one chosen with F4")
    p.add_argument("--session", metavar="FILE", help="replay a recorded session (a path, or a demo name)")
    p.add_argument("--watch", metavar="FILE", type=Path,
                   help="with --task: re-evaluate whenever FILE (a .cpp, or a folder) is saved elsewhere")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.watch and not args.task:
        print("mkb-tui: --watch needs --task, to know what the watched kernel implements", file=sys.stderr)
        return 2
    if args.session and (args.task or args.watch):
        print("mkb-tui: --session replays a recorded task; it cannot be combined with --task or --watch",
              file=sys.stderr)
        return 2

    from screens.app import Launch, WorkbenchApp
    from workbench.config import Config, ConfigError, is_first_run, load_config

    if args.target:
        try:
            Config(target=args.target).validate()
        except ConfigError as exc:
            print(f"mkb-tui: {exc}", file=sys.stderr)
            return 2
    problem = ""
    first_run = is_first_run()
    try:
        config = load_config()
    except ConfigError as exc:
        config, problem = Config(), f"{exc}; using the defaults"
    launch = Launch(task=args.task, target=args.target, session=args.session, watch=args.watch,
                    first_run=first_run, problem=problem)
    # A config the engineer must fix is not overwritten behind their back.
    WorkbenchApp(launch, config, save_settings=not problem).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
