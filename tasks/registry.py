"""The benchmark suite on disk: `tasks/suite/<category>/<TaskId>.py`."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from tasks.task import Task, TaskError
from toolchain.candidate import Candidate

SUITE_DIR = Path(__file__).parent / "suite"
REFERENCE_KERNELS_DIR = Path(__file__).parent / "reference_kernels"


@cache
def all_tasks() -> tuple[Task, ...]:
    return tuple(
        sorted(
            (Task.from_file(p) for p in SUITE_DIR.glob("*/*.py") if not p.name.startswith("_")),
            key=lambda t: (t.category, t.id),
        )
    )


def get_task(name: str) -> Task:
    """A task by id (case-insensitive), or by path to a task file outside the suite."""
    path = Path(name)
    if path.suffix == ".py" and path.is_file():
        return Task.from_file(path)
    exact = [p for p in SUITE_DIR.glob(f"*/{name}.py")] if "/" not in name else []
    if len(exact) == 1:  # the common case, without parsing the whole suite
        return Task.from_file(exact[0])
    tasks = all_tasks()
    for t in tasks:
        if t.id.lower() == name.lower():
            return t
    close = sorted(t.id for t in tasks if name.lower() in t.id.lower())[:5]
    hint = f" (did you mean {', '.join(close)}?)" if close else " (`mkb tasks` lists them)"
    raise TaskError(f"no task named {name}{hint}")



def reference_candidate(mnn_op_type: str) -> Candidate:
    """The one way to a reference kernel: the suite's kernel for an MNN op type, with the shared headers it
    includes (raises TaskError when there is none)."""
    return Candidate(reference_kernel_files(mnn_op_type))


def reference_kernel_files(mnn_op_type: str) -> dict[str, str]:
    """The reference kernel for an MNN op type: its folder's sources plus the shared helper headers
    (`reference_kernels/_shared/`), which kernels include by bare name."""
    folder = REFERENCE_KERNELS_DIR / mnn_op_type
    if not mnn_op_type or not folder.is_dir():
        raise TaskError(f"there is no reference kernel for MNN op type {mnn_op_type or '(none)'} yet")
    files = {p.name: p.read_text() for p in sorted(folder.iterdir()) if p.suffix in (".cpp", ".hpp", ".h")}
    shared = {p.name: p for p in (REFERENCE_KERNELS_DIR / "_shared").glob("*.h*")}
    pending = list(files.values())
    while pending:  # only the shared headers this kernel includes, directly or through another
        for name in re.findall(r'#include\s+"(?:[\w/]*/)?([\w.]+)"', pending.pop()):
            if name in shared and name not in files:
                files[name] = shared[name].read_text()
                pending.append(files[name])
    return files
