"""C++ through tree-sitter, for the kernel editor and the diagnostics pane.

tree-sitter-cpp's highlight query only adds C++ on top of tree-sitter-c's (it has no captures for
plain C constructs such as `if`, literals or comments), so the two queries are used together, C first
and C++ second, against the C++ grammar. The same parser finds the code enclosing a diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rich.style import Style
from rich.text import Text
from tree_sitter import Language, Node, Parser, Query, QueryCursor

LANGUAGE_NAME = "cpp"

# Capture names of the two highlight queries, mapped to styles close to Textual's "monokai" theme.
CAPTURE_STYLES: dict[str, Style] = {
    "comment": Style(color="#75715e"),
    "constant": Style(color="#ae81ff"),
    "number": Style(color="#ae81ff"),
    "string": Style(color="#e6db74"),
    "keyword": Style(color="#f92672"),
    "operator": Style(color="#f92672"),
    "type": Style(color="#66d9ef", italic=True),
    "function": Style(color="#a6e22e"),
    "function.special": Style(color="#a6e22e"),
    "property": Style(color="#fd971f"),
    "label": Style(color="#fd971f"),
    "namespace": Style(color="#66d9ef"),
    "variable.builtin": Style(color="#fd971f", italic=True),
}

# Node kinds that name "where" an error is, innermost first wins.
_ENCLOSING = ("function_definition", "class_specifier", "struct_specifier", "namespace_definition")


def _query_text(module: object) -> str:
    path = Path(module.__file__).parent / "queries" / "highlights.scm"  # type: ignore[attr-defined]
    return path.read_text()


@cache
def cpp_language() -> Language:
    import tree_sitter_cpp

    return Language(tree_sitter_cpp.language())


@cache
def highlight_query_text() -> str:
    import tree_sitter_c
    import tree_sitter_cpp

    return _query_text(tree_sitter_c) + "\n" + _query_text(tree_sitter_cpp)


@cache
def _highlight_query() -> Query:
    return Query(cpp_language(), highlight_query_text())


def _parse(source: str) -> Node:
    return Parser(cpp_language()).parse(source.encode()).root_node


def highlight(source: str) -> list[Text]:
    """Each line of `source` as Rich Text styled by the C/C++ highlight queries."""
    lines = source.split("\n")
    texts = [Text(line) for line in lines]
    raw = [line.encode() for line in lines]
    captures = QueryCursor(_highlight_query()).captures(_parse(source))
    for name, nodes in captures.items():
        style = CAPTURE_STYLES.get(name)
        if style is None:
            continue
        for node in nodes:
            (r0, c0), (r1, c1) = node.start_point, node.end_point
            for row in range(r0, min(r1, len(lines) - 1) + 1):
                start = c0 if row == r0 else 0
                end = c1 if row == r1 else len(raw[row])
                # tree-sitter columns are byte offsets; Rich wants characters.
                texts[row].stylize(style, len(raw[row][:start].decode(errors="ignore")),
                                   len(raw[row][:end].decode(errors="ignore")))
    return texts


@dataclass(frozen=True)
class Enclosing:
    kind: str  # "function_definition", "class_specifier", … or "file"
    name: str  # what a person calls it: `CPULayerNorm::onExecute`, `CPULayerNorm`, or the file name
    start_line: int  # 0-based line of its header


def enclosing(source: str, line: int, file_name: str = "") -> Enclosing:
    """The innermost function, class or namespace around 0-based `line` (the file when there is none)."""
    lines = source.split("\n")
    text = lines[line] if 0 <= line < len(lines) else ""
    # Start from the line's first non-blank byte: column 0 of an indented line sits in the enclosing
    # block's whitespace, outside the member function that the line belongs to.
    col = len(text.encode()) - len(text.lstrip().encode())
    node: Node | None = _parse(source).descendant_for_point_range((line, col), (line, col))
    while node is not None and node.type not in _ENCLOSING:
        node = node.parent
    if node is None:
        return Enclosing("file", file_name, 0)
    return Enclosing(node.type, _name_of(node), node.start_point[0])


def _name_of(node: Node) -> str:
    target = node.child_by_field_name("declarator") if node.type == "function_definition" else node
    while target is not None and target.type not in ("identifier", "qualified_identifier", "field_identifier",
                                                     "destructor_name", "operator_name"):
        nxt = target.child_by_field_name("declarator") or target.child_by_field_name("name")
        if nxt is None:
            break
        target = nxt
    if target is None or target.text is None:
        return node.type.replace("_", " ")
    return target.text.decode(errors="replace")
