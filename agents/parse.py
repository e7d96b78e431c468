"""Reading LLM replies: code blocks → a Candidate, JSON plans → dicts.

Models are told to open each fenced block with a `// FileName.ext` line, as MobileKernelBench does, but
they wander: a name in the fence info (```cpp CPUFoo.cpp), a `File: CPUFoo.cpp` or `**CPUFoo.cpp**` line
just above the fence, `~~~` fences, prose all around. All of these are accepted; a single unnamed C++
block is taken as the one file the kernel already has.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from toolchain.candidate import HEADER_SUFFIXES, SOURCE_SUFFIXES, Candidate

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S)
_EXT = "|".join(re.escape(s) for s in SOURCE_SUFFIXES + HEADER_SUFFIXES)
_NAME = re.compile(rf"([A-Za-z_][\w.+-]*(?:{_EXT}))\b")
_NAME_LINE = re.compile(rf"^\s*(?://|/\*|#)\s*(?:file(?:name)?\s*:\s*)?([\w.+/-]*?(?:{_EXT}))\s*(?:\*/)?\s*$", re.I)
_CPP_INFO = {"", "c", "cpp", "c++", "cc", "cxx", "h", "hpp"}


class ParseError(ValueError):
    """The reply holds no usable answer; the message says what was wrong, for the re-ask."""


def parse_candidate(reply: str, current: Candidate | None = None) -> Candidate:
    files: dict[str, str] = {}
    unnamed: list[str] = []
    for m in _FENCE.finditer(reply):
        info, body = m.group("info").strip(), m.group("body")
        lines = body.split("\n")
        name = None
        first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        if first is not None and (hit := _NAME_LINE.match(lines[first])):
            name = hit.group(1)
            body = "\n".join(lines[first + 1:])
        elif (hit := _NAME.search(info)) or (hit := _NAME.search(_line_before(reply, m.start()))):
            name = hit.group(1)
        if name is None:
            if info.split(" ")[0].lower() in _CPP_INFO and _looks_like_cpp(body):
                unnamed.append(body)
            continue
        files[name.rsplit("/", 1)[-1]] = body.rstrip() + "\n"
    if not files and len(unnamed) == 1 and current is not None and len(current.sources) == 1:
        files[current.sources[0]] = unnamed[0].rstrip() + "\n"
    if not files:
        raise ParseError("the reply has no fenced C++ code block opening with a `// FileName.cpp` line")
    if current is not None:
        # A reply that rewrites one file of several keeps the others.
        files = {n: t for n, t in current.files.items() if n not in files} | files
    try:
        return Candidate(files)
    except ValueError as exc:
        raise ParseError(str(exc)) from None


def _line_before(text: str, pos: int) -> str:
    head = text[:pos].rstrip("\n")
    return head[head.rfind("\n") + 1:]


def _looks_like_cpp(body: str) -> bool:
    return any(tok in body for tok in ("#include", "class ", "namespace ", "::", "void "))


def parse_json_plan(reply: str, required: Iterable[str], need_all: bool = True) -> dict[str, Any]:
    """The first JSON object in the reply (fenced or bare) that has every `required` key (or, with
    `need_all=False`, at least one of them)."""
    need = list(required)
    has = all if need_all else any
    seen_object = False
    for chunk in _json_candidates(reply):
        try:
            obj = json.loads(chunk)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            seen_object = True
            if has(k in obj for k in need):
                return obj
    if seen_object:
        raise ParseError(f"the reply's JSON object lacks {'' if need_all else 'any of '}"
                         f"{', '.join(repr(k) for k in need)}")
    raise ParseError("the reply holds no JSON object")


def _json_candidates(text: str) -> Iterable[str]:
    for m in _FENCE.finditer(text):
        yield m.group("body")
    # Bare objects: every balanced {...} span, outermost first (string-aware, so braces in text are safe).
    depth, start, in_str, esc = 0, -1, False, False
    for i, ch in enumerate(text):
        if in_str:
            esc = not esc and ch == "\\"
            if ch == '"' and not esc:
                in_str = False
            continue
        if ch == '"' and depth:
            in_str = True
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                yield text[start:i + 1]
