"""`mkb export-patch SESSION|FILES... --mnn PATH [--task TASK] [-o FILE] [--force]`: a kernel as a patch to MNN.

From a session, its best candidate (as every view ranks it) and the session's provenance (task, model,
target, the candidate's evaluation); from files, those files and `--task`. The patch puts the kernel's
.cpp in place of the MNN file that registers the op and its headers beside it, in `git format-patch`
form (`git apply` takes it), against the tree `--mnn` names (or MKB_MNN_ROOT, or the config's).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.options import add_force, refuse_existing

if TYPE_CHECKING:
    from toolchain.candidate import Candidate

NAME = "export-patch"
HELP = "write the best (or given) kernel as a git format-patch against an MNN tree"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", nargs="+", help="a session file (or name), or the kernel's files")
    p.add_argument("--mnn", help="the MNN checkout or tarball (default: MKB_MNN_ROOT or the config's mnn_root)")
    p.add_argument("--task", help="the task the files are a kernel for (needed with files, not with a session)")
    p.add_argument("-o", "--output", type=Path, help="write the patch here (default: standard output)")
    add_force(p, "the output file")


def run(args: argparse.Namespace) -> int:
    from tasks.prepare import prepare
    from tasks.registry import get_task
    from toolchain.mnn.dropin import DropInError, patch
    from toolchain.mnn.tree import MnnTreeError
    from workbench.commands import CommandError
    from workbench.config import mnn_tree

    if args.output is not None:
        refuse_existing([args.output], args.force, "--output")
    candidate, task_id, subject, message = _from_session(args) if _is_session(args.source) else _from_files(args)
    try:
        tree = mnn_tree(args.mnn)
        against = f"\nAgainst: {tree.label} (MNN {tree.version})\n"
        text = patch(tree, prepare(get_task(task_id)).mnn_op_type, candidate, subject, message + against)
    except (MnnTreeError, DropInError) as exc:
        raise CommandError(str(exc)) from None
    if args.output is None:
        print(text, end="")
    else:
        args.output.write_text(text)
        print(f"wrote the patch to {args.output}")
    return 0


def _is_session(source: list[str]) -> bool:
    """One session file, or a session's name; a folder or source files are a kernel."""
    path = Path(source[0])
    return len(source) == 1 and not path.is_dir() and (path.suffix == ".jsonl" or not path.exists())


def _from_session(args: argparse.Namespace) -> tuple[Candidate, str, str, str]:
    from sessions.library import resolve
    from sessions.replay import best_iteration
    from sessions.store import SessionError, load_session
    from toolchain.candidate import Candidate
    from workbench.commands import CommandError

    try:
        session = load_session(resolve(args.source[0]))
    except SessionError as exc:
        raise CommandError(str(exc)) from None
    best = best_iteration(session)
    if best is None or best.candidate is None:
        raise CommandError(f"session {args.source[0]} has no correct candidate to export")
    h, r = session.header, best.result
    speed = f"{r.speedup:.2f}x over {r.baseline.label}" if r is not None and r.speedup is not None else "not timed"
    model = f"{h.provider}/{h.model}" if h.model else "by hand"
    message = (f"Task {h.task}, iteration {best.number} ({best.candidate.origin}, {model}) of session "
               f"{Path(args.source[0]).name}.\nMeasured on {r.target if r else h.target}: {speed}.\n")
    return Candidate(session.files_of(best.candidate)), h.task, f"{h.task}: kernel from MobileKernelBench", message


def _from_files(args: argparse.Namespace) -> tuple[Candidate, str, str, str]:
    from toolchain.candidate import Candidate
    from workbench.commands import CommandError

    if not args.task:
        raise CommandError("--task names the task these files are a kernel for")
    try:
        candidate = Candidate.from_paths(args.source)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CommandError(f"cannot read the kernel: {exc}") from None
    message = f"Task {args.task}, from {', '.join(args.source)}.\n"
    return candidate, args.task, f"{args.task}: kernel from MobileKernelBench", message
