"""`mkb metrics [PATH...] [--p P,...] [--k K,...] [--json]`: CSR, FCR, fast_p and pass@k per model."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from workbench.options import amount, count, listed

NAME = "metrics"
HELP = "the paper's metrics (CSR, FCR, fast_p, pass@k) over recorded sessions, per model"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="session files or folders of them (default: the saved sessions on this machine)")
    # One comma-separated argument each, so `--k 5 FILE` never reads FILE as a k.
    p.add_argument("--p", type=listed(amount(0)), default=[1.0, 1.5], metavar="P,...",
                   help="speedup thresholds for fast_p, above 0 (default 1,1.5)")
    p.add_argument("--k", type=listed(count(1)), default=[1], metavar="K,...",
                   help="k for pass@k, 1 or more (default 1; e.g. 1,5,10)")
    p.add_argument("--attempted", action="store_true",
                   help="divide by the tasks attempted, not by the whole suite (the paper divides by the suite)")
    p.add_argument("--json", action="store_true", help="one JSON object")


def _session_files(paths: list[str]) -> list[Path]:
    from sessions.store import sessions_dir

    if not paths and not sessions_dir().is_dir():
        return []  # nothing recorded on this machine yet: no sessions, not an error
    roots = [Path(p) for p in paths] or [sessions_dir()]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files += sorted(root.glob("*.jsonl"))
        elif root.is_file():
            files.append(root)
        else:
            from workbench.commands import CommandError

            raise CommandError(f"no session file or folder at {root}")
    return files


def run(args: argparse.Namespace) -> int:
    from sessions.metrics import score
    from sessions.store import SessionError, load_session
    from tasks.registry import all_tasks

    sessions, skipped = [], []
    for f in _session_files(args.paths):
        try:
            sessions.append(load_session(f))
        except SessionError as exc:
            skipped.append(f"{f}: {exc}")
    by_model = score(sessions)
    suite = len(all_tasks())
    table, suspects = {}, {}
    for name, scores in sorted(by_model.items()):
        total = len(scores.tasks) if args.attempted else suite
        table[name] = {"tasks_attempted": len(scores.tasks), "denominator": total,
                       "sessions": sum(r.attempts for r in scores.tasks.values()),
                       **scores.rates(total, args.p, args.k), "suspect": len(scores.suspect())}
        suspects[name] = {t: {"speedup": r.suspect_speedup, "flags": list(r.suspect_flags)}
                          for t, r in scores.suspect().items()}
    if args.json:
        print(json.dumps({"models": table, "suspect": suspects, "skipped": skipped}))
        return 0
    if not table:
        print("no sessions to score" + (f" ({len(skipped)} unreadable)" if skipped else ""))
        return 0
    cols = [c for c in next(iter(table.values())) if c not in ("denominator",)]
    width = max(len(n) for n in table)
    print(f"{'model':<{width}}  " + "  ".join(f"{c:>15}" for c in cols))
    for name, row in table.items():
        cells = [f"{v:>15.1%}" if isinstance(v, float) and c not in ("tasks_attempted", "sessions", "suspect")
                 else f"{'—' if v is None else v:>15}" for c, v in row.items() if c in cols]
        print(f"{name:<{width}}  " + "  ".join(cells))
    base = "the tasks each model attempted" if args.attempted else f"all {suite} tasks of the suite"
    print(f"\nrates are over {base}; a task counts by its best candidate over the model's sessions")
    flagged = [(name, t, r) for name, ts in suspects.items() for t, r in ts.items()]
    if flagged:
        print("suspect (flagged by the evaluator, not counted in fast_p; check by hand):")
        for name, t, r in flagged:
            print(f"  {name} {t}: {r['speedup']:.3g}x ({'; '.join(r['flags'])})")
    for s in skipped:
        print(f"skipped {s}")
    return 0
