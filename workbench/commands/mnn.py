"""`mkb mnn setup [SOURCE]` and `mkb mnn status`: the MNN source tree kernels are checked in.

SOURCE is an MNN checkout or a tarball of one; it is remembered in the config (`mnn_root`), and
`MKB_MNN_ROOT` overrides it. Setup configures with CMake + Ninja and builds libMNN, MNN's unit tests
(`run_test.out`) and its timing tools once, into the cache dir (keyed by source digest, compiler and
options), printing ninja's progress with an ETA; later runs are incremental.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.options import count

NAME = "mnn"
HELP = "set up (build) or show the MNN source tree that verify-mnn drops kernels into"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    setup = sub.add_parser("setup", help="build the tree (once; incremental after) and remember it in the config")
    setup.add_argument("source", nargs="?", help="an MNN checkout or tarball (default: MKB_MNN_ROOT or the config)")
    setup.add_argument("--jobs", type=count(), default=None, help="parallel build jobs (default: every core)")
    sub.add_parser("status", help="say which tree is set up and what of it is built")


def run(args: argparse.Namespace) -> int:
    from toolchain.mnn.dropin import recover
    from toolchain.mnn.tree import MnnTreeError, build, status_lines
    from workbench.commands import CommandError
    from workbench.config import load_config, mnn_tree, save_config

    cfg = load_config()
    try:
        tree = mnn_tree(getattr(args, "source", None), cfg)
        if args.action == "status":
            print("\n".join(status_lines(tree)))
            return 0
        if restored := recover(tree):
            print(f"restored {len(restored)} file(s) a drop-in check left in the tree")
        tty = sys.stdout.isatty()

        def say(msg: str) -> None:
            print(f"\r{msg:<78}" if tty else msg, end="" if tty else "\n", flush=True)

        build(tree, say, args.jobs)
    except MnnTreeError as exc:
        raise CommandError(str(exc)) from None
    if tty:
        print()
    if args.source and cfg.mnn_root != str(Path(args.source).expanduser().resolve()):
        cfg.mnn_root = str(Path(args.source).expanduser().resolve())
        save_config(cfg)
    print("\n".join(status_lines(tree)))
    return 0
