"""What the roles are told about a task, gathered once per loop."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agents.tools.model_parser import describe_model
from agents.tools.repo_tree import INCLUDE_DIR, build_tree
from tasks.prepare import prepare
from tasks.registry import REFERENCE_KERNELS_DIR, reference_candidate
from tasks.task import Task, TaskError
from toolchain.candidate import Candidate


@dataclass(frozen=True)
class TaskContext:
    task_id: str
    module_source: str  # the task's PyTorch file
    op_type: str  # MNN OpType name the kernel registers for
    main_type: str | None  # its OpParameter table (main_as_X)
    model_json: str  # Model Parser output: ONNX node + MNN op
    api_tree: str  # Repository Tree Builder output
    example: Candidate | None  # a complete kernel of another op, to show the house style
    include_dir: Path = INCLUDE_DIR

    @classmethod
    def build(cls, task: Task, tree_budget_tokens: int = 1500) -> TaskContext:
        p = prepare(task)
        op = p.op or {}
        op_type = str(op.get("type", task.onnx_op))
        main_type = op.get("main_type")
        example = example_kernel(op_type)
        tree = build_tree(op_type, main_type, "\n".join(example.files.values()) if example else "",
                          tree_budget_tokens)
        return cls(task.id, task.source, op_type, main_type, describe_model(p), tree, example)


def example_kernel(op_type: str, root: Path = REFERENCE_KERNELS_DIR) -> Candidate | None:
    """The smallest complete reference kernel of another op: short, so it teaches the structure
    (Execution subclass, creator, registration) without filling the prompt; never the task's own op."""
    options = []
    for d in sorted(p for p in root.glob("*") if p.is_dir() and p.name not in (op_type, "_shared")):
        try:
            cand = reference_candidate(d.name)
        except (OSError, ValueError, TaskError):
            continue  # a folder still being written (no .cpp yet)
        options.append((sum(len(t) for t in cand.files.values()), d.name, cand))
    return min(options, key=lambda o: (o[0], o[1]))[2] if options else None
