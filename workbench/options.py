"""The rules every `mkb` command's options share, kept here once.

Numbers are checked as they are parsed (argparse `type=`), so `--timeout 0` or `--k 0` is one sentence
before any work starts, never a failure blamed on the kernel later. Files are written by one rule: an
existing file is replaced only with `--force`, and then atomically, so a failed write leaves it as it was.
Steps are numbered as `mkb replay FILE` lists them, from 1 (the session's header is not a step).
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from workbench.commands import CommandError

TARGET_HELP = ("where to build and run: host, adb[:SERIAL], or mnn (inside the MNN tree set up with `mkb mnn setup`, "
               "against its own kernel); default host")


def count(least: int = 1) -> Callable[[str], int]:
    """A whole number of at least `least` (iterations, trials, threads, jobs, k, token budgets)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number of {least} or more, not {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be a whole number of {least} or more, not {value}")
        return value

    return parse


def amount(above: float = 0.0) -> Callable[[str], float]:
    """A finite number above `above` (seconds, milliseconds, dollars, speedup thresholds)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number above {above:g}, not {text!r}") from None
        if not math.isfinite(value) or value <= above:
            finite = "" if math.isfinite(value) else "finite "
            raise argparse.ArgumentTypeError(f"must be a {finite}number above {above:g}, not {text}")
        return value

    return parse


def step(text: str) -> int:
    """A step of a session: its number as `mkb replay FILE` lists it, from 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a step number (as `mkb replay FILE` lists them), "
                                         f"not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (steps are numbered from 1, as `mkb replay FILE` "
                                         f"lists them), not {value}")
    return value


def listed(item: Callable[[str], float | int]) -> Callable[[str], list]:
    """Comma-separated values (`--k 1,5,10`): one argument, so a path after the option stays a path."""

    def parse(text: str) -> list:
        parts = [p.strip() for p in text.split(",")]
        if not all(parts):
            raise argparse.ArgumentTypeError(f"must be values separated by commas (like 1,5), not {text!r}")
        return [item(p) for p in parts]

    return parse


def add_host_tuned(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host-tuned", action="store_true",
                   help="host target: add -march=native to MNN's compile flags (faster here, not what MNN ships; "
                        "every result says so)")


def add_force(p: argparse.ArgumentParser, what: str = "the file") -> None:
    p.add_argument("--force", action="store_true", help=f"replace {what} if it exists (default: refuse)")


def refuse_existing(paths: Sequence[str | Path], force: bool, option: str = "") -> None:
    """The rule of every command that writes files: none that exists is replaced without --force."""
    for p in map(Path, paths):
        if p.is_dir():
            raise CommandError(f"{p} is a folder; {option + ' needs' if option else 'name'} a file")
    taken = [str(p) for p in map(Path, paths) if p.exists()]
    if taken and not force:
        one = len(taken) == 1
        which = taken[0] if one else f"{', '.join(taken[:-1])} and {taken[-1]}"
        raise CommandError(f"{which} already {'exists' if one else 'exist'}; pass --force to replace "
                           f"{'it' if one else 'them'}, or choose another name")


@contextmanager
def new_file(path: str | Path, force: bool, option: str = "") -> Iterator[Path]:
    """Where to write `path`: itself when it is new, else (with --force) a hidden sibling that replaces it
    only when the block ends without error, so a failed write never costs the user the old file."""
    target = Path(path)
    refuse_existing([target], force, option)
    if not target.exists():
        yield target
        return
    tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def add_no_sandbox(p: argparse.ArgumentParser) -> None:
    """`--no-sandbox`, shared by eval, check and agent. Deliberately not a config key: running untrusted code
    unisolated is a choice made per run, in the command line that every result then records."""
    p.add_argument("--no-sandbox", action="store_true",
                   help="compile and run kernels without isolation (only where the machine cannot isolate); "
                        "every result is labelled UNSANDBOXED")


def refuse_without_sandbox(args: argparse.Namespace) -> None:
    """One sentence, before any work, when this machine cannot isolate and --no-sandbox was not given."""
    from toolchain import sandbox
    from workbench.commands import CommandError

    problem = None if args.no_sandbox else sandbox.isolation_problem()
    if problem:
        raise CommandError(problem)
