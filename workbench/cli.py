"""`mkb`: the headless twin of the workbench, for scripts and CI.

Each subcommand is a module in `workbench/commands/` with `NAME`, `HELP`, `add_arguments(parser)` and
`run(args) -> int`; adding a command is adding a module and naming it here. Modules keep their top-level
imports light (no torch, no Textual) so `mkb --help` is instant. Errors reach the user as one sentence
on stderr, never a traceback (set MKB_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from workbench.commands import CommandError

COMMANDS = ("tasks", "eval", "agent", "sessions", "replay", "fork", "export_session", "check", "export", "metrics",
            "mnn", "verify_mnn", "export_patch")


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the rule for every error), not a usage block."""

    def error(self, message: str) -> NoReturn:
        # "argument --k: must be ..." (workbench/options.py's checks) reads as "--k must be ..."
        message = re.sub(r"^argument (\S+): (must|takes) ", r"\1 \2 ", message)
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def _modules() -> list:
    mods = []
    for name in COMMANDS:
        try:
            mods.append(importlib.import_module(f"workbench.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"workbench.commands.{name}":
                raise
    return mods


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="mkb", description="MobileKernelBench Workbench, headless.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for mod in _modules():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help (0), or a usage error already said in one line (2)
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        print("mkb: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`mkb replay F | head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        if os.environ.get("MKB_DEBUG"):
            raise
        print(f"mkb: {_sentence(exc)}", file=sys.stderr)
        return 2


def entry() -> None:
    """The console script: run, flush, and leave without tearing the interpreter down (onnxruntime and
    MNN take ~40 ms to unload, a tenth of an edit-to-timing loop; everything we write is already flushed)."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _sentence(exc: Exception) -> str:
    from sessions.store import SessionError
    from tasks.task import TaskError

    known = (CommandError, TaskError, SessionError, FileNotFoundError, PermissionError, ValueError)
    if isinstance(exc, known):
        return str(exc) if not isinstance(exc, OSError) else f"{exc.strerror}: {exc.filename}"
    return f"internal error ({type(exc).__name__}: {exc}); set MKB_DEBUG=1 for the traceback"


if __name__ == "__main__":
    entry()
