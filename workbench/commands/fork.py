"""`mkb fork FILE --at STEP [--out NEW]`: a new session that starts where FILE was at STEP."""

from __future__ import annotations

import argparse

NAME = "fork"
HELP = "fork a session at a step into a new session file that names its parent"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="session file, demo name or saved session name")
    p.add_argument("--at", type=int, required=True, metavar="STEP", help="the last step to keep (see `mkb replay`)")
    p.add_argument("--out", metavar="NEW", help="the new file (must not exist; default: a new file in the "
                                                "sessions folder)")


def run(args: argparse.Namespace) -> int:
    from sessions.fork import fork_session
    from sessions.library import resolve
    from sessions.store import SessionError
    from workbench.commands import CommandError

    try:
        path = fork_session(resolve(args.file), args.at, args.out)
    except SessionError as exc:
        raise CommandError(str(exc)) from None
    print(path)
    return 0
