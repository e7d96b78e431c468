"""One tree-sitter-cpp parser for the tools (building the Language is the costly part, so it is cached)."""

from __future__ import annotations

from functools import cache

import tree_sitter as ts
import tree_sitter_cpp


@cache
def language() -> ts.Language:
    return ts.Language(tree_sitter_cpp.language())


def parse(source: str) -> ts.Tree:
    return ts.Parser(language()).parse(source.encode())


def text(node: ts.Node) -> str:
    return node.text.decode(errors="replace") if node.text is not None else ""


def signature(node: ts.Node) -> str:
    """A definition's head: its text up to the body, on one line (`class X : public Y`, `int f(int a) const`)."""
    body = node.child_by_field_name("body")
    end = body.start_byte if body is not None else node.end_byte
    raw = node.text[: end - node.start_byte].decode(errors="replace") if node.text else ""
    return " ".join(raw.split()).rstrip(" {;:")
