"""`mkb replay FILE [--json] [--step N] [--diff A B] [--reeval STEP]`: read a recorded session.

FILE is a session path, a demo name (`Softmax`, `LayerNorm_vision`) or the name of a saved session.
Without options it prints the step list, numbered from 1 (the numbers `--step`, `--diff`, `--reeval` and
`mkb fork --at` take); `--step` shows one step in full; `--diff` the change between the candidates at two
steps; `--reeval` evaluates a recorded candidate again on this machine and shows
recorded vs now (exit 0 unless it could not be evaluated at all).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from workbench.options import step

NAME = "replay"
HELP = "replay a recorded session: its steps, one step in full, a diff, or a re-evaluation"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="session file, demo name or saved session name")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--step", type=step, metavar="N", help="show step N in full (steps are numbered from 1, as the "
                                                          "step list shows them)")
    p.add_argument("--diff", type=step, nargs=2, metavar=("A", "B"), help="diff the candidates at steps A and B")
    p.add_argument("--reeval", type=step, metavar="STEP", help="evaluate the candidate at STEP again, here")
    p.add_argument("--target", help="target for --reeval (default: the session's)")


def run(args: argparse.Namespace) -> int:
    from sessions.library import resolve
    from sessions.store import SessionError, load_session
    from workbench.commands import CommandError

    try:
        session = load_session(resolve(args.file))
        for w in session.warnings:
            print(f"mkb: warning: {session.path.name}: {w}", file=sys.stderr)
        if args.reeval is not None:
            return _reeval(session, args)
        if args.diff:
            return _diff(session, args)
        if args.step is not None:
            return _step(session, args)
        return _list(session, args)
    except SessionError as exc:
        raise CommandError(str(exc)) from None


def _event_line(e: Any) -> str:
    """One step, one line: what a person scanning the session needs."""
    from sessions.events import EvaluationEvent

    k = e.kind
    it = f"it {e.iteration:>2}" if hasattr(e, "iteration") else "     "
    if k == "candidate":
        what = f"{e.origin} wrote {', '.join(e.files)}"
    elif isinstance(e, EvaluationEvent):
        r = e.eval_result
        what = f"{r.status.value}" + (f"  {r.timing.median_ms:.4g} ms" if r.timing else "") + (
            f"  {r.speedup:.2f}x over MNN" if r.speedup else "") + (f"  — {r.message}" if not r.ok else "")
    elif k == "plan":
        first = next(iter(e.plan.values()), "") if e.plan else ""
        what = f"{e.role}: {first if isinstance(first, str) else json.dumps(first)}" + (" (edited)" if e.edited else "")
    elif k == "prompt":
        what = f"{e.role}" + (f" ({e.model})" if e.model else "") + f", {len(e.messages)} messages, " \
            f"{sum(len(m.content) for m in e.messages):,} characters" + (", edited by the engineer" if e.edited else "")
    elif k == "reply":
        what = f"{e.role}" + (f" ({e.model})" if e.model else "") + ": " + " ".join(e.text.split())
    elif k == "human_edit":
        what = f"{e.what}: {e.detail}"
    elif k == "gate":
        from agents.events import ROLE_TITLE

        what = f"{e.gate} → {e.decision}" + (f": the {ROLE_TITLE.get(e.role, e.role)} goes next" if e.role else "")
    elif k == "error":
        what = f"{e.role}: {e.message}"
    elif k == "fork":
        what = f"forked from {e.from_session} at step {e.from_step}"
    else:
        what = ""
    return f"{e.seq:>4}  {it}  {k:<10} {what}"[:160]


def _list(session: Any, args: argparse.Namespace) -> int:
    from sessions.replay import best_iteration, iterations

    its = iterations(session)
    best = best_iteration(session, its)
    if args.json:
        print(json.dumps({
            "path": str(session.path), "header": session.header.model_dump(mode="json"),
            "warnings": session.warnings,
            "steps": [e.model_dump(mode="json", exclude={"text"} if e.kind == "blob" else None)
                      for e in session.events],
            "iterations": [{"iteration": it.number, "role": it.role,
                            "candidate": it.candidate.seq if it.candidate else None,
                            "evaluation": it.evaluation.seq if it.evaluation else None,
                            "plan": it.plan.seq if it.plan else None, "status": it.status,
                            "median_ms": it.median_ms, "speedup": it.speedup} for it in its],
            "best_iteration": best.number if best else None,
        }))
        return 0
    h = session.header
    print(f"{session.path.name}: {h.task} on {h.target}, {h.provider}/{h.model or '—'}, written by {h.written_by}, "
          f"{h.created[:19].replace('T', ' ')}")
    if h.parent:
        print(f"  forked from {h.parent.session} at step {h.parent.step}")
    for e in session.events:
        if e.kind != "blob":
            print(_event_line(e))
    if best:
        print(f"best: iteration {best.number}" + (f", {best.speedup:.2f}x over MNN" if best.speedup else ""))
    print(f"{len(its)} iterations; `mkb replay {args.file} --step N` shows a step in full")
    return 0


def _step(session: Any, args: argparse.Namespace) -> int:
    from sessions.events import BlobEvent, CandidateEvent, EvaluationEvent
    from workbench.report import format_result

    e = session.event(args.step)
    files = session.files_of(e) if isinstance(e, CandidateEvent) else None
    if args.json:
        out = e.model_dump(mode="json")
        if files is not None:
            out["sources"] = files
        print(json.dumps(out))
        return 0
    print(_event_line(e))
    if files is not None:
        for name, text in files.items():
            print(f"--- {name}\n{text.rstrip()}")
    elif isinstance(e, EvaluationEvent):
        print(format_result(e.eval_result))
    elif isinstance(e, BlobEvent):
        print(e.text.rstrip())
    elif e.kind == "prompt":  # each message as the role read it, not as escaped JSON
        for m in e.messages:
            print(f"--- {m.role}\n{m.content.rstrip()}")
    elif e.kind == "reply":
        print(e.text.rstrip())
    else:
        body = e.model_dump(mode="json", exclude={"seq", "time", "kind", "parent", "iteration"})
        for k, v in body.items():
            print(f"  {k}: {v if isinstance(v, str) else json.dumps(v, indent=2)}")
    return 0


def _diff(session: Any, args: argparse.Namespace) -> int:
    from sessions.replay import diff_steps

    a, b = args.diff
    text = diff_steps(session, a, b)
    if args.json:
        print(json.dumps({"a": a, "b": b, "diff": text}))
    else:
        print(text or f"the candidates at steps {a} and {b} are the same", end="" if text else "\n")
    return 0


def _reeval(session: Any, args: argparse.Namespace) -> int:
    from sessions.replay import compare_rows, reevaluate
    from toolchain.evaluate import EvalOptions
    from toolchain.result import Status
    from workbench.commands import CommandError
    from workbench.config import ConfigError, target_settings

    target = args.target or session.header.target
    try:  # what the target needs from the config (a phone's NDK, the MNN tree), as `mkb eval` reads it
        options = EvalOptions(target_settings=target_settings(target))
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    progress = None if args.json else (lambda msg: print(f"… {msg}", file=sys.stderr, flush=True))
    r = reevaluate(session, args.reeval, target, options, progress)
    if args.json:
        print(json.dumps({"candidate": r.candidate.seq, "recorded": r.recorded.to_json() if r.recorded else None,
                          "now": r.now.to_json()}))
    else:
        print(f"candidate at step {r.candidate.seq} (iteration {r.candidate.iteration}): recorded vs now")
        for what, rec, now in compare_rows(r):
            print(f"  {what:<14} {rec:<22} {now}")
        if r.now.message:
            print(f"  now: {r.now.message}")
    return 0 if r.now.status is not Status.TOOLCHAIN_ERROR else 1
