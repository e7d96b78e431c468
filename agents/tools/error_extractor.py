"""Error Extractor: compiler diagnostics → local errors (in the candidate) and cross-file errors (in the
kernel API headers), each with its context — the enclosing function or class, found with tree-sitter-cpp.

The Debugger sees `void CPULayerNorm::onExecute(...)` and the lines around the error rather than a bare
line number, which is what makes a repair plan point at the right place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import tree_sitter as ts

from agents.tools import cpp
from toolchain.candidate import Candidate
from toolchain.result import Diagnostic

_SCOPES = {"function_definition": "function", "class_specifier": "class", "struct_specifier": "struct",
           "namespace_definition": "namespace", "lambda_expression": "lambda"}
CONTEXT_LINES = 3  # source lines shown either side of the error
MAX_ERRORS = 12  # a cascade of errors past the first dozen says nothing new


@dataclass(frozen=True)
class ExtractedError:
    scope: str  # "local" (the candidate's file) or "crossfile" (an API header)
    file: str
    line: int
    column: int
    message: str
    enclosing_kind: str | None  # function, class, struct, namespace, lambda; None at file level
    enclosing: str | None  # the enclosing definition's signature
    snippet: str  # numbered source lines around the error, the error line marked with ">"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def extract_errors(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], candidate: Candidate,
                   include_dir: Path | None = None) -> list[ExtractedError]:
    sources: dict[str, str | None] = dict(candidate.files)
    trees: dict[str, ts.Tree] = {}
    out: list[ExtractedError] = []
    for d in diagnostics:
        if d.severity != "error":
            continue
        local = d.file in candidate.files
        if d.file not in sources:
            path = (include_dir / d.file) if include_dir else None
            sources[d.file] = path.read_text(errors="replace") if path and path.is_file() else None
        src = sources[d.file]
        kind = sig = None
        snippet = ""
        if src is not None:
            if d.file not in trees:
                trees[d.file] = cpp.parse(src)
            kind, sig = _enclosing(trees[d.file], d.line, d.column)
            snippet = _snippet(src, d.line)
        out.append(ExtractedError("local" if local else "crossfile", d.file, d.line, d.column, d.message,
                                  kind, sig, snippet))
        if len(out) >= MAX_ERRORS:
            break
    return out


def _enclosing(tree: ts.Tree, line: int, column: int) -> tuple[str | None, str | None]:
    row, col = max(line - 1, 0), max(column - 1, 0)
    node: ts.Node | None = tree.root_node.descendant_for_point_range((row, col), (row, col))
    while node is not None:
        if node.type in _SCOPES:
            return _SCOPES[node.type], cpp.signature(node) + _owner(node)
        node = node.parent
    return None, None


def _owner(node: ts.Node) -> str:
    """` (in class X)` for a method defined inside its class, where the signature alone does not name X."""
    p = node.parent
    while p is not None:
        if p.type in ("class_specifier", "struct_specifier") and (name := p.child_by_field_name("name")):
            return f" (in {_SCOPES[p.type]} {cpp.text(name)})"
        p = p.parent
    return ""


def _snippet(src: str, line: int) -> str:
    lines = src.splitlines()
    lo, hi = max(line - 1 - CONTEXT_LINES, 0), min(line + CONTEXT_LINES, len(lines))
    return "\n".join(f"{'>' if i + 1 == line else ' '}{i + 1:5d} | {lines[i]}" for i in range(lo, hi))


def render(errors: list[ExtractedError]) -> str:
    """The errors as the Debugger reads them: grouped local then cross-file, each with its context."""
    parts = []
    for scope, title in (("local", "Errors in the kernel's own files"), ("crossfile", "Errors inside API headers")):
        group = [e for e in errors if e.scope == scope]
        if not group:
            continue
        parts.append(f"## {title}")
        for e in group:
            where = f"in {e.enclosing_kind} `{e.enclosing}`" if e.enclosing else "at file level"
            parts.append(f"- {e.file}:{e.line}:{e.column}: {e.message}\n  {where}\n```\n{e.snippet}\n```")
    return "\n".join(parts)
