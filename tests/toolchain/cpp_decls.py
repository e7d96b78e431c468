"""The declarations a set of C++ headers gives a kernel, as comparable strings (tree-sitter on the
preprocessed text, so X-macro tables and #ifdef'd SIMD branches are seen as the compiler sees them).

A key names the scope, the entity and what a caller depends on: a function's parameter types (names and
default values dropped), its const/ref qualifiers, return type, `static`/`virtual`, `= 0`/`= delete`; a
field's type; an enumerator's value; an alias's target. Private members are left out (no kernel can use
them), and so is anything whose comment above says `host-only` (the driver's own plumbing).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import tree_sitter_cpp
from tree_sitter import Language, Node, Parser

_PARSER = Parser(Language(tree_sitter_cpp.language()))
# Attribute macros that only confuse a parser; none changes what a declaration means to a caller.
_NOISE = re.compile(r"\b(MNN_PUBLIC|FLATBUFFERS_FINAL_CLASS|HALIDE_ALWAYS_INLINE|HALIDE_MUST_USE_RESULT|"
                    r"HALIDE_ATTRIBUTE_ALIGN\(\d+\)|__attribute__\s*\(\([^)]*\)\))")
_LINEMARK = re.compile(r'^# (\d+) "([^"]*)"')
_SCOPES = ("class_specifier", "struct_specifier", "union_specifier")


@dataclass(frozen=True)
class Decl:
    key: str
    file: str
    line: int


def preprocess(cxx: str, flags: list[str], includes: list[str], headers: list[str], keep_under: Path) -> str:
    """The headers through the preprocessor, keeping only text from files under `keep_under` (system
    headers are blanked), with comments (also those inside macros: a `host-only` mark there counts)."""
    tu = "".join(f'#include "{h}"\n' for h in headers)
    out = subprocess.run([cxx, *flags, *includes, "-E", "-CC", "-x", "c++", "-"], input=tu, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    keep, lines, where = False, [], str(keep_under.resolve())
    for ln in out.splitlines():
        m = _LINEMARK.match(ln)
        if m:
            keep = m.group(2).startswith(where)
            lines.append(f"// @file {m.group(2)}:{m.group(1)}" if keep else "")
            continue
        lines.append(ln if keep else "")
    return "\n".join(lines)


def macros(cxx: str, flags: list[str], includes: list[str], headers: list[str]) -> dict[str, int]:
    """Every macro defined after including the headers: name -> parameter count (-1: object-like)."""
    tu = "".join(f'#include "{h}"\n' for h in headers)
    out = subprocess.run([cxx, *flags, *includes, "-E", "-dM", "-x", "c++", "-"], input=tu, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    found: dict[str, int] = {}
    for m in re.finditer(r"^#define (\w+)(\(([^)]*)\))?", out, re.M):
        found[m.group(1)] = -1 if m.group(2) is None else len([p for p in m.group(3).split(",") if p.strip()])
    return found


def declared_macros(header: Path) -> list[tuple[str, int, int]]:
    """(name, parameter count, line) of each #define in a header, include guards left out."""
    text = header.read_text()
    guards = set(re.findall(r"^#ifndef (\w+)\s*\n#define \1\b", text, re.M))
    out = []
    for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)(\(([^)]*)\))?", text, re.M):
        if m.group(1) not in guards:
            n = -1 if m.group(2) is None else len([p for p in m.group(3).split(",") if p.strip()])
            out.append((m.group(1), n, text.count("\n", 0, m.start()) + 1))
    return out


def declarations(text: str) -> list[Decl]:
    text = _NOISE.sub(lambda m: " " * len(m.group(0)), text)
    src = text.encode()
    files = _file_map(text)
    out: list[Decl] = []
    _walk(_PARSER.parse(src).root_node, [], "public", out, files)
    return out


def _file_map(text: str) -> list[tuple[int, str, int]]:
    marks = []
    for i, ln in enumerate(text.splitlines()):
        if ln.startswith("// @file "):
            name, _, line = ln[9:].rpartition(":")
            marks.append((i, name, int(line)))
    return marks


def _where(node: Node, files: list[tuple[int, str, int]]) -> tuple[str, int]:
    row = node.start_point[0]
    best = ("?", row + 1)
    for i, name, line in files:
        if i > row:
            break
        best = (name, line + row - i - 1)
    return best


def _t(node: Node | None) -> str:
    return node.text.decode() if node is not None and node.text is not None else ""


def _norm(s: str) -> str:
    s = re.sub(r"/\*.*?\*/|//[^\n]*", " ", s, flags=re.S)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s*([*&,<>()\[\]:])\s*", r"\1", s)
    return s.replace("struct ", "").replace("class ", "").replace("typename ", "")


def _host_only(node: Node) -> bool:
    prev = node.prev_sibling
    while prev is not None and prev.type == "comment":
        if "host-only" in _t(prev):
            return True
        prev = prev.prev_sibling
    return False


def _walk(node: Node, scope: list[str], access: str, out: list[Decl], files: list) -> None:
    for child in node.named_children:
        _visit(child, scope, access, out, files)


def _visit(n: Node, scope: list[str], access: str, out: list[Decl], files: list, template: str = "") -> None:
    kind = n.type
    if kind in ("preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "linkage_specification"):
        _walk(n, scope, access, out, files)
        return
    if kind == "declaration_list":
        _walk(n, scope, access, out, files)
        return
    if kind == "namespace_definition":
        name = _t(n.child_by_field_name("name")) or "(anonymous)"
        body = n.child_by_field_name("body")
        if body is not None:
            _walk(body, [*scope, *name.split("::")], "public", out, files)
        return
    if access == "private" or _host_only(n):
        return
    if kind == "template_declaration":
        params = _norm(_t(n.child_by_field_name("parameters")))
        for c in n.named_children:
            if c.type != "template_parameter_list":
                _visit(c, scope, access, out, files, template=f"template{params} ")
        return
    if kind in _SCOPES or kind == "enum_specifier":
        _type_body(n, scope, out, files, template)
        return
    if kind in ("function_definition", "declaration", "field_declaration"):
        _declaration(n, scope, out, files, template)
        return
    if kind == "alias_declaration":
        _add(out, n, files, f"{'::'.join(scope)}::using {_t(n.child_by_field_name('name'))}="
                            f"{_norm(_t(n.child_by_field_name('type')))}")
        return
    if kind == "type_definition":
        ty = n.child_by_field_name("type")
        named = ty is not None and ty.type in (*_SCOPES, "enum_specifier")
        target = _norm(_t(ty.child_by_field_name("name"))) if named else _norm(_t(ty))
        for d in n.children_by_field_name("declarator"):
            _add(out, n, files, f"{'::'.join(scope)}::typedef {_innermost(d)}={target or '(anonymous)'}")
        if named:
            _type_body(ty, scope, out, files, "")


def _type_body(n: Node, scope: list[str], out: list[Decl], files: list, template: str) -> None:
    body = n.child_by_field_name("body")
    if body is None:
        return
    name = _norm(_t(n.child_by_field_name("name"))) or "(anonymous)"
    inner = [*scope, *name.split("::")]
    if n.type == "enum_specifier":
        for e in body.named_children:
            if e.type == "enumerator":
                value = _norm(_t(e.child_by_field_name("value")))
                # Enumerators are reached as Scope::X (and X for an unscoped enum): key by the enclosing scope.
                _add(out, e, files, f"{'::'.join(scope)}::enum {_t(e.child_by_field_name('name'))}={value}")
        return
    if template:
        _add(out, n, files, f"{'::'.join(scope)}::{template}{n.type.split('_')[0]} {name}")
    access = "private" if n.type == "class_specifier" else "public"
    for c in body.named_children:
        if c.type == "access_specifier":
            access = _t(c).strip().rstrip(":").strip()
            continue
        _visit(c, inner, access, out, files)


def _name_node(d: Node | None) -> Node | None:
    """The identifier a declarator declares (`v` in `const float* v`, `fn` in `void (*fn)(int)`)."""
    while d is not None:
        if d.type in ("identifier", "field_identifier", "type_identifier"):
            return d
        nxt = d.child_by_field_name("declarator")
        if nxt is None:
            nxt = next((c for c in d.named_children if c.type not in ("type_qualifier", "parameter_list")), None)
        d = nxt
    return None


def _innermost(d: Node | None) -> str:
    return _norm(_t(_name_node(d) or d))


def _param_type(p: Node) -> str:
    if p.type in ("variadic_parameter", "..."):
        return "..."
    skip = set()
    name = _name_node(p.child_by_field_name("declarator"))
    if name is not None:
        skip.add(name.id)
    dv = p.child_by_field_name("default_value")
    if dv is not None:
        skip.add(dv.id)
    toks: list[str] = []

    def leaves(x: Node) -> None:
        if x.id in skip:
            return
        if x.child_count == 0:
            if x.type != "=":
                toks.append(_t(x))
            return
        for c in x.children:
            leaves(c)

    leaves(p)
    return _norm(" ".join(toks))


def _declaration(n: Node, scope: list[str], out: list[Decl], files: list, template: str) -> None:
    specs = sorted({_t(c) for c in n.children if c.type in ("storage_class_specifier", "virtual")}
                   & {"static", "virtual"})
    quals = [_t(c) for c in n.children if c.type == "type_qualifier"]
    ty = n.child_by_field_name("type")
    if ty is not None and ty.type in (*_SCOPES, "enum_specifier"):
        _type_body(ty, scope, out, files, "")
        ty_text = _norm(_t(ty.child_by_field_name("name")))
    else:
        ty_text = _norm(_t(ty))
    base = " ".join([*quals, ty_text]).strip()
    decls = n.children_by_field_name("declarator")
    for d in decls:
        if d.type == "init_declarator":
            d = d.child_by_field_name("declarator")
        ret, fn = base, d
        while fn is not None and fn.type in ("pointer_declarator", "reference_declarator"):
            ret += "*" if fn.type == "pointer_declarator" else ("&&" if "&&" in _t(fn).split()[0] else "&")
            ret += "".join(_t(c) for c in fn.children if c.type == "type_qualifier")
            fn = fn.child_by_field_name("declarator") or next(
                (c for c in fn.named_children if c.type not in ("type_qualifier",)), None)
        where = "::".join(scope)
        if fn is not None and fn.type == "function_declarator":
            name = _norm(_t(fn.child_by_field_name("declarator")))
            params = fn.child_by_field_name("parameters")
            ptypes = [_param_type(p) for p in (params.named_children if params else []) if p.type != "comment"]
            tail = [_t(c) for c in fn.children if c.type in ("type_qualifier", "ref_qualifier", "noexcept")]
            end = ""
            text = _t(n)
            body_at = text.find("{")
            head = text if body_at < 0 else text[:body_at]
            if re.search(r"=\s*0\s*;?\s*$", head.strip()):
                end = "=0"
            elif re.search(r"=\s*delete", head):
                end = "=delete"
            sig = f"{' '.join(specs)} {_norm(ret)} {name}({','.join(ptypes)}){' '.join(tail)}{end}".strip()
            _add(out, n, files, f"{where}::{template}{sig}")
        elif d is not None:
            _add(out, n, files, f"{where}::{' '.join(specs)} field {_innermost(d)}:{_norm(ret)}")


def _add(out: list[Decl], n: Node, files: list, key: str) -> None:
    file, line = _where(n, files)
    out.append(Decl(re.sub(r"\s+", " ", key).replace(":: ", "::").strip(), file, line))
