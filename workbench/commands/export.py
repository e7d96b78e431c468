"""`mkb export TASK DIR [--force]`: a task's artefacts, so it can be taken anywhere.

Writes `model.onnx`, `model.mnn`, `model.mnn.json` (MNN's converter dump, the op a kernel implements),
the task's PyTorch file and `task.json` (what `mkb tasks --json` says about it) into DIR. Files already
in DIR are replaced only with --force, as every command that writes files does.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from workbench.options import add_force, refuse_existing

NAME = "export"
HELP = "write a task's ONNX model, MNN model, MNN JSON and PyTorch file into a folder"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("task", help="task id (see `mkb tasks`)")
    p.add_argument("dir", type=Path, help="the folder to write into (created if missing)")
    add_force(p, "files of the same names in DIR")


def run(args: argparse.Namespace) -> int:
    from tasks.describe import describe
    from tasks.prepare import prepare
    from tasks.registry import get_task
    from workbench.commands import CommandError

    task = get_task(args.task)
    prepared = prepare(task)
    out: Path = args.dir
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out} exists and is not a folder")
    sources = (prepared.onnx_path, prepared.mnn_path, prepared.mnn_json_path, task.path)
    written = [src.name for src in sources] + ["task.json"]
    refuse_existing([out / name for name in written], args.force)
    out.mkdir(parents=True, exist_ok=True)
    for src in sources:
        shutil.copyfile(src, out / src.name)
    (out / "task.json").write_text(json.dumps(describe(task), indent=1) + "\n")
    print(f"wrote {', '.join(written)} to {out}")
    return 0
