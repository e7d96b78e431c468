"""`mkb verify-mnn TASK FILES... [--json]`: does the kernel drop into MNN and pass MNN's own tests?

The candidate replaces the MNN file that registers the task's op in the set-up tree (`mkb mnn setup`),
the tree is rebuilt incrementally in the sandbox, MNN's unit tests of every op that file registers run at
1 and 4 threads, and the tree is restored (a journal restores it even when something dies midway).
Verdict: drop-in, task-only (the failing MNN tests named) or does-not-build (diagnostics on the
candidate's own lines). Exit status 0 only for drop-in.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

NAME = "verify-mnn"
HELP = "drop a kernel into the MNN tree in place of MNN's file, build, and run MNN's own tests of the op"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("task", help="task id (see `mkb tasks`): it names the MNN op")
    p.add_argument("files", nargs="+", type=Path, help="the kernel's .cpp (and headers), or its folder")
    p.add_argument("--mnn", help="the MNN checkout or tarball (default: MKB_MNN_ROOT or the config's mnn_root)")
    p.add_argument("--json", action="store_true", help="the result as JSON")


def run(args: argparse.Namespace) -> int:
    from tasks.prepare import prepare
    from tasks.registry import get_task
    from toolchain.candidate import Candidate
    from toolchain.mnn.dropin import DropInError, verify
    from toolchain.mnn.tree import MnnTreeError
    from workbench.commands import CommandError
    from workbench.config import mnn_tree

    task = get_task(args.task)
    try:
        candidate = Candidate.from_paths(args.files)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CommandError(f"cannot read the kernel: {exc}") from None
    try:
        result = verify(mnn_tree(args.mnn), prepare(task).mnn_op_type, candidate,
                        progress=None if args.json else lambda msg: print(msg, flush=True))
    except (MnnTreeError, DropInError) as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        print(json.dumps(result.to_json()))
        return 0 if result.verdict == "drop-in" else 1
    print("\n".join(result.lines()))
    return 0 if result.verdict == "drop-in" else 1
