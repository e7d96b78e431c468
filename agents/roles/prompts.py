"""The prompts of the three roles, as message lists. Each function is pure: inputs in, messages out."""

from __future__ import annotations

import json
from typing import Any

from agents.llm.base import Message
from agents.roles.context import TaskContext
from toolchain.candidate import Candidate

DEBUG_COMPILE_KEYS = ("local_error_suggestion", "crossfile_error_suggestion")
DEBUG_RUNTIME_KEYS = ("diagnosis", "correction_suggestion")
ACCEL_KEYS = ("bottleneck", "optimisation_method", "modification_plan")

CODER_SYSTEM = """You write C++ CPU kernels for the MNN mobile inference engine.
The kernel is compiled against MNN-compatible headers and must drop unchanged into MNN's
source/backend/cpu/: subclass MNN::Execution (onResize once for shapes, onExecute per run), write a
CPUBackend::Creator whose onCreate reads the op's parameters via op->main_as_X(), and register it with
REGISTER_CPU_OP_CREATOR(CreatorClass, OpType_X). Parallelise with MNN_CONCURRENCY_BEGIN/END over
threadNumber() when the work is large enough; use Math::Vec<float, 4> for SIMD.
Answer with complete files only, each in its own fenced block whose first line is `// FileName.ext`,
for example:
```cpp
// CPUFoo.cpp
...
```
Give every file of the kernel in full (no ellipses, no "unchanged" markers). Prose outside the blocks is ignored."""

DEBUGGER_SYSTEM = """You are the debugger of an MNN CPU kernel. You do not write code: you say precisely
what is wrong and how to fix it, and a coder applies your plan. Answer with one JSON object only."""

ACCELERATOR_SYSTEM = """You speed up a correct MNN CPU kernel on a mobile-class CPU. Each round you name
exactly one bottleneck and exactly one optimisation for it, never one already tried (see the history),
and a concrete modification plan a coder can apply. Answer with one JSON object only."""


def _files(c: Candidate) -> str:
    return "\n\n".join(f"```cpp\n// {name}\n{text.rstrip()}\n```" for name, text in c.files.items())


def coder_first(ctx: TaskContext) -> list[Message]:
    parts = [
        f"Write the MNN CPU kernel for task {ctx.task_id}: MNN op type `{ctx.op_type}`"
        + (f", parameters via `op->main_as_{ctx.main_type}()`." if ctx.main_type else "."),
        f"## The task, as a PyTorch module\n```python\n{ctx.module_source.rstrip()}\n```",
        "## The ONNX node and the MNN op the kernel receives (long arrays summarised)\n"
        f"```json\n{ctx.model_json}\n```",
        f"## Kernel API (signatures from the headers; include paths as shown)\n```\n{ctx.api_tree}\n```",
    ]
    if ctx.example is not None:
        parts.append(f"## A complete kernel for another op, to follow its structure\n{_files(ctx.example)}")
    parts.append(f"Name the files CPU{ctx.op_type}.cpp (and CPU{ctx.op_type}.hpp if you want a header).")
    return [Message("system", CODER_SYSTEM), Message("user", "\n\n".join(parts))]


def coder_followup(ctx: TaskContext, plan: dict[str, Any], current: Candidate) -> list[Message]:
    body = (f"Task {ctx.task_id}, MNN op `{ctx.op_type}`.\n\n## Current code\n{_files(current)}\n\n"
            f"## Plan to apply\n```json\n{json.dumps(plan, indent=1, ensure_ascii=False)}\n```\n\n"
            "Apply the plan and answer with every file of the kernel in full.")
    return [Message("system", CODER_SYSTEM), Message("user", body)]


def debugger_compile(ctx: TaskContext, current: Candidate, errors: str, history: str) -> list[Message]:
    body = (f"The kernel for MNN op `{ctx.op_type}` does not compile.\n\n{errors}\n\n"
            f"## The kernel\n{_files(current)}\n\n## Plans tried so far, with outcomes\n{history}\n\n"
            "Errors in the kernel's own files are local; errors reported inside API headers are cross-file "
            "(usually a wrong use of the API). Answer with one JSON object:\n"
            '{"local_error_suggestion": ["<file:line — what to change>", ...], '
            '"crossfile_error_suggestion": ["<which API is misused and the right use>", ...]}')
    return [Message("system", DEBUGGER_SYSTEM), Message("user", body)]


def debugger_runtime(ctx: TaskContext, current: Candidate, report: str, history: str) -> list[Message]:
    body = (f"The kernel for MNN op `{ctx.op_type}` compiles but fails.\n\n## What happened\n{report}\n\n"
            f"## The ONNX node and the MNN op\n```json\n{ctx.model_json}\n```\n\n## The kernel\n{_files(current)}\n\n"
            f"## Plans tried so far, with outcomes\n{history}\n\n"
            'Answer with one JSON object: {"diagnosis": "<the cause>", '
            '"correction_suggestion": ["<concrete change>", ...]}')
    return [Message("system", DEBUGGER_SYSTEM), Message("user", body)]


def accelerator(ctx: TaskContext, current: Candidate, perf: dict[str, Any], history: str,
                failure: str | None = None) -> list[Message]:
    """`failure`: the kernel does not pass yet (the engineer chose the Accelerator anyway); one line why."""
    state = "is correct" if failure is None else f"does not pass yet ({failure}); the engineer asked for a " \
        "speed-up plan anyway, which must also keep it correct"
    body = (f"The kernel for MNN op `{ctx.op_type}` {state}.\n\n## Performance\n```json\n{json.dumps(perf)}\n```\n"
            "(speedup = MNN's own kernel time / this kernel's time; above 1 is faster than MNN)\n\n"
            f"## The kernel\n{_files(current)}\n\n## Plans tried so far, with outcomes\n{history}\n\n"
            'Answer with exactly one JSON object: {"bottleneck": "...", "optimisation_method": "...", '
            '"modification_plan": "..."}')
    return [Message("system", ACCELERATOR_SYSTEM), Message("user", body)]


def reask(messages: list[Message], reply: str, problem: str, keys: tuple[str, ...] | None) -> list[Message]:
    """The same conversation, plus the unusable reply and one sentence on what was wrong."""
    want = (f"one JSON object with the keys {', '.join(keys)}" if keys
            else "every file in a fenced block whose first line is `// FileName.cpp`")
    return [*messages, Message("assistant", reply),
            Message("user", f"Your reply could not be used: {problem}. Answer again with {want}.")]
