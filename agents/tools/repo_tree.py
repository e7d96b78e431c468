"""Repository Tree Builder: the kernel API headers as signatures, ranked toward the task's op and cut to a
token budget — in the spirit of Aider's repo map.

Tags (classes, structs, methods, functions, function-like macros) come from tree-sitter-cpp. A tag's rank
is a weight for how central its header is to writing a CPU kernel, raised when its name is the op's own
(`LayerNorm`, `main_as_LayerNorm`) or is used by the example kernel the Coder is shown (Aider ranks
what the chat's files reference; the example kernel plays that part here). Tags are then taken best
first until the budget is spent and rendered per file, in source order, with `⋮` for what was left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tree_sitter as ts

from agents.tools import cpp

INCLUDE_DIR = Path(__file__).resolve().parents[2] / "toolchain" / "include"
DEFAULT_BUDGET_TOKENS = 1500
CHARS_PER_TOKEN = 4  # close enough for code, and needs no tokenizer

# How central each header is to a CPU kernel (unlisted headers weigh 1).
_FILE_WEIGHT = {
    "core/Execution.hpp": 10, "backend/cpu/CPUBackend.hpp": 10, "MNN/Tensor.hpp": 9, "core/Concurrency.h": 8,
    "core/Macro.h": 5, "math/Vec.hpp": 6, "core/TensorUtils.hpp": 5, "MNN_generated.h": 6,
    "MNN/ErrorCode.hpp": 4, "core/Backend.hpp": 4, "backend/cpu/compute/CommonOptFunction.h": 4,
}
_ALWAYS = {"Execution", "onResize", "onExecute", "Creator", "onCreate", "REGISTER_CPU_OP_CREATOR", "CPUBackend",
           "threadNumber", "Tensor", "host", "elementSize", "length", "buffer", "MNN_CONCURRENCY_BEGIN",
           "MNN_CONCURRENCY_END", "main_type", "type", "Op"}

_QUERY = """
(class_specifier name: (_) @name body: (_)) @class
(struct_specifier name: (_) @name body: (_)) @class
(function_definition declarator: (_) @name) @function
(field_declaration declarator: (function_declarator) @name) @function
(declaration declarator: (function_declarator) @name) @function
(preproc_function_def name: (_) @name) @macro
"""


@dataclass(frozen=True)
class Tag:
    file: str
    line: int
    kind: str  # class, function, macro
    name: str
    signature: str
    parent: str | None  # enclosing class, for methods


@cache
def header_tags(include_dir: Path = INCLUDE_DIR) -> tuple[Tag, ...]:
    """Every tag of every header (cached: the headers do not change while the workbench runs)."""
    query = ts.Query(cpp.language(), _QUERY)
    tags: list[Tag] = []
    for path in sorted(p for p in include_dir.rglob("*") if p.suffix in (".h", ".hpp")):
        rel = path.relative_to(include_dir).as_posix()
        if rel.startswith("flatbuffers/"):
            continue  # the flatbuffers runtime is plumbing behind main_as_X(), never called by a kernel
        tree = cpp.parse(path.read_text(errors="replace"))
        for _, caps in ts.QueryCursor(query).matches(tree.root_node):
            kind = next(k for k in ("class", "function", "macro") if k in caps)
            node, name_node = caps[kind][0], caps["name"][0]
            name = _identifier(cpp.text(name_node))
            if not name:
                continue
            if kind == "macro":
                sig = "#define " + cpp.text(name_node) + cpp.text(node.child_by_field_name("parameters") or node)
            else:
                sig = cpp.signature(node)
            tags.append(Tag(rel, node.start_point[0] + 1, kind, name, sig[:200], _parent_class(node)))
    return tuple(tags)


def _identifier(declarator: str) -> str:
    m = re.search(r"(~?[A-Za-z_]\w*)\s*(?:\(|$)", declarator.split("(")[0] + "(")
    return m.group(1) if m else ""


def _parent_class(node: ts.Node) -> str | None:
    p = node.parent
    while p is not None:
        if p.type in ("class_specifier", "struct_specifier"):
            n = p.child_by_field_name("name")
            return cpp.text(n) if n is not None else None
        p = p.parent
    return None


def rank(tags: tuple[Tag, ...], focus: set[str]) -> list[tuple[float, Tag]]:
    lowered = {f.lower() for f in focus}
    scored = []
    for t in tags:
        s = float(_FILE_WEIGHT.get(t.file, 1))
        names = {t.name.lower(), (t.parent or "").lower()}
        if any(f and any(f in n for n in names) for f in lowered):
            s = max(s, 10.0) * 4  # the op's own parameter table outranks even the core API
        if t.name in _ALWAYS:
            s *= 3
        if t.kind == "class":
            s *= 1.5  # a class line gives its methods somewhere to hang
        scored.append((s, t))
    return sorted(scored, key=lambda x: (-x[0], x[1].file, x[1].line))


def build_tree(op_type: str | None, main_type: str | None = None, example: str = "",
               budget_tokens: int = DEFAULT_BUDGET_TOKENS, include_dir: Path = INCLUDE_DIR) -> str:
    """The API surface for one op, as signatures grouped by header, within `budget_tokens`."""
    focus = {x for x in (op_type, main_type) if x}
    focus |= {w for w in re.findall(r"[A-Za-z_]\w{3,}", example) if w[0].isupper() or "_" in w}
    chosen: list[Tag] = []
    used = 0
    by_key = {(t.file, t.parent, t.name): t for t in header_tags(include_dir) if t.kind == "class"}
    for _, t in rank(header_tags(include_dir), focus):
        # A method needs its class's line to make sense: charge both together.
        extra = [c for c in [by_key.get((t.file, None, t.parent))] if c is not None and c not in chosen]
        cost = sum(len(x.signature) // CHARS_PER_TOKEN + 2 for x in [t, *extra])
        if t in chosen or used + cost > budget_tokens:
            continue
        chosen += [*extra, t]
        used += cost
    return _render(chosen)


def _render(tags: list[Tag]) -> str:
    out: list[str] = []
    for file in sorted({t.file for t in tags}, key=lambda f: -_FILE_WEIGHT.get(f, 1)):
        out.append(f"{file}:")
        last = 0
        for t in sorted((t for t in tags if t.file == file), key=lambda t: t.line):
            if t.line > last + 1:
                out.append("⋮")
            indent = "    " if t.parent else ""
            out.append(f"│{indent}{t.signature}{';' if t.kind == 'function' else ''}")
            last = t.line
        out.append("⋮")
    return "\n".join(out)
