"""A benchmark task: one KernelBench-style Python file, and what can be read from it without running it.

A task file defines `Model`, `get_inputs()`, `get_init_inputs()`, the module-level constants that fix the
task, `INPUTS` (declarative input specs, see `tasks.inputs`) and a few metadata constants:
`CATEGORY`, `ONNX_OP`, optionally `ATOL`, `RTOL` (the absolute tolerance is relative to the typical
magnitude of the expected output, see `toolchain.verify`), `NOTES`, `VERIFY_DOMAINS` (where the
verification inputs come from, per input; see `tasks.domains`), and `UNSOLVABLE` — one sentence saying
why no kernel can pass (MNN's converter loses what the task needs); such a task stays in the suite,
with that reason, and is not evaluated. The task's id is the file's stem, the
benchmark's task name. Metadata is read with `ast`, so listing tasks never imports torch.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

DEFAULT_TOLERANCE = 1e-4


class TaskError(Exception):
    """A task file that cannot be used; the message is one sentence for the user."""


@dataclass(frozen=True)
class Task:
    id: str
    category: str
    onnx_op: str
    path: Path
    atol: float = DEFAULT_TOLERANCE
    rtol: float = DEFAULT_TOLERANCE
    notes: str = ""
    unsolvable: str = ""
    verify_domains: tuple[tuple[int, tuple[Any, ...]], ...] = ()  # (input index, domain) overrides

    @cached_property
    def source(self) -> str:
        return self.path.read_text()

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    @classmethod
    def from_file(cls, path: Path) -> Task:
        try:
            tree = ast.parse(path.read_text(), filename=str(path))
        except (OSError, SyntaxError, ValueError) as exc:
            raise TaskError(f"task file {path.name} cannot be read: {exc}") from None
        consts = _literal_constants(tree)
        names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
        missing = [n for n in ("Model", "get_inputs", "get_init_inputs") if n not in names]
        missing += [n for n in ("CATEGORY", "ONNX_OP") if not isinstance(consts.get(n), str)]
        if missing:
            raise TaskError(f"task file {path.name} lacks {', '.join(missing)}")
        return cls(
            id=path.stem,
            category=consts["CATEGORY"],
            onnx_op=consts["ONNX_OP"],
            path=path,
            atol=float(consts.get("ATOL", DEFAULT_TOLERANCE)),
            rtol=float(consts.get("RTOL", DEFAULT_TOLERANCE)),
            notes=str(consts.get("NOTES", "")),
            unsolvable=str(consts.get("UNSOLVABLE", "")),
            verify_domains=_domains(consts.get("VERIFY_DOMAINS"), path),
        )


def _domains(value: Any, path: Path) -> tuple[tuple[int, tuple[Any, ...]], ...]:
    from tasks.domains import valid_domain

    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(k, int) and valid_domain(v) for k, v in value.items()):
        raise TaskError(f"task file {path.name}: VERIFY_DOMAINS must map input indices to domain tuples "
                        "such as (\"uniform\", -1, 1) (see tasks/domains.py)")
    return tuple(sorted(value.items()))


def _literal_constants(tree: ast.Module) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = value
    return out
