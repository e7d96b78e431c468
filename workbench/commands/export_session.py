"""`mkb export-session FILE --format md|html [--out PATH [--force]]`: a session as a Markdown or HTML report."""

from __future__ import annotations

import argparse
import sys

from workbench.options import add_force, new_file, refuse_existing

NAME = "export-session"
HELP = "export a session as a Markdown or self-contained HTML report"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="session file, demo name or saved session name")
    p.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")
    p.add_argument("--out", metavar="PATH", help="write here instead of standard output (an existing file only "
                                                 "with --force)")
    add_force(p, "the --out file")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sessions.export import to_html, to_markdown
    from sessions.library import resolve
    from sessions.store import SessionError, load_session
    from workbench.commands import CommandError

    if args.out:
        refuse_existing([args.out], args.force, "--out")  # before any work, as every command that writes does
    try:
        session = load_session(resolve(args.file))
    except SessionError as exc:
        raise CommandError(str(exc)) from None
    for w in session.warnings:
        print(f"mkb: warning: {session.path.name}: {w}", file=sys.stderr)
    text = to_html(session) if args.format == "html" else to_markdown(session)
    if not args.out:
        sys.stdout.write(text)
        return 0
    try:
        with new_file(Path(args.out), args.force, "--out") as path, open(path, "x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:  # appeared since the check above
        raise CommandError(f"{args.out} already exists; pass --force to replace it, or choose another name") from None
    except OSError as exc:
        raise CommandError(f"cannot write {args.out}: {exc.strerror}") from None
    print(args.out)
    return 0
