"""`mkb sessions [--json] [--demos]`: the recorded sessions on this machine."""

from __future__ import annotations

import argparse
import json

NAME = "sessions"
HELP = "list recorded sessions (task, date, iterations, best speedup)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.add_argument("--demos", action="store_true", help="list the bundled demo sessions too")


def run(args: argparse.Namespace) -> int:
    from sessions.library import demo_paths, list_sessions, summarize
    from sessions.store import sessions_dir

    found = list_sessions()
    if args.demos:
        found += [summarize(p) for p in demo_paths()]
    if args.json:
        print(json.dumps([s.to_json() for s in found]))
        return 0
    if not found:
        print(f"no sessions in {sessions_dir()} (try `mkb sessions --demos`)")
        return 0
    for s in found:
        best = f"{s.best_speedup:.2f}x" if s.best_speedup else "—"
        print(f"{s.created[:16].replace('T', ' '):<16}  {s.task:<20} {s.iterations:>3} it  best {best:>7}  "
              f"{s.written_by:<5}  {s.path}" + (f"  ({s.problem})" if s.problem else ""))
    print(f"{len(found)} session(s); sessions folder: {sessions_dir()}")
    return 0
