"""The benchmark suite on disk: `tasks/suite/<category>/<TaskId>.py`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tasks.task import Task, TaskError

if TYPE_CHECKING:
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


def reference_kernel_dir(mnn_op_type: str) -> Path:
    return REFERENCE_KERNELS_DIR / mnn_op_type


def reference_candidate(mnn_op_type: str) -> Candidate:
    """The reference kernel for an MNN op type: its folder's files plus the shared helper headers
    (`reference_kernels/_shared/`), which kernels include by bare name."""
    from toolchain.candidate import Candidate

    folder = reference_kernel_dir(mnn_op_type)
    if not folder.is_dir():
        raise TaskError(f"there is no reference kernel for MNN op type {mnn_op_type} yet")
    shared = REFERENCE_KERNELS_DIR / "_shared"
    return Candidate.from_paths([folder, *([shared] if shared.is_dir() else [])])
