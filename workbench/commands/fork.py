"""`mkb fork FILE --at STEP [--out NEW [--force]]`: a new session that starts where FILE was at STEP."""

from __future__ import annotations

import argparse

from workbench.options import add_force, new_file, step

NAME = "fork"
HELP = "fork a session at a step into a new session file that names its parent"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="session file, demo name or saved session name")
    p.add_argument("--at", type=step, required=True, metavar="STEP",
                   help="the last step to keep, numbered from 1 as `mkb replay FILE` lists them")
    p.add_argument("--out", metavar="NEW", help="the new file (an existing one only with --force; default: a new "
                                                "file in the sessions folder)")
    add_force(p, "the --out file")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sessions.fork import fork_session
    from sessions.library import resolve
    from sessions.store import SessionError
    from workbench.commands import CommandError

    try:
        source = resolve(args.file)
        if args.out is None:
            path = fork_session(source, args.at)
        else:
            out = Path(args.out)
            if out.exists() and out.samefile(source):
                raise CommandError(f"{out} is the session being forked; choose another --out")
            with new_file(out, args.force, "--out") as target:
                fork_session(source, args.at, target)
            path = out
    except SessionError as exc:
        raise CommandError(str(exc)) from None
    print(path)
    return 0
