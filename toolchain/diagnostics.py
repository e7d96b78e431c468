"""Compiler diagnostics → `Diagnostic` records that name the candidate's own files.

GCC speaks JSON (`-fdiagnostics-format=json`, byte columns); clang and anything else is read from the
classic `file:line:col: severity: message` text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from toolchain.result import Diagnostic

_TEXT = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>fatal error|error|warning|note): "
                   r"(?P<msg>.*)$", re.MULTILINE)
_LINKER = re.compile(r"(undefined reference to .*|multiple definition of .*|ld returned \d+ exit status)")


def _display_path(path: str, roots: dict[Path, str]) -> str:
    """`/tmp/build123/CPUFoo.cpp` → `CPUFoo.cpp`; `<api>/core/Execution.hpp` → `core/Execution.hpp`."""
    p = Path(path)
    for root, prefix in roots.items():
        try:
            rel = p.resolve().relative_to(root)
        except ValueError:
            continue
        return f"{prefix}{rel}"
    return p.name if p.is_absolute() else path


def parse_gcc_json(text: str, roots: dict[Path, str]) -> list[Diagnostic]:
    """Parse GCC's JSON diagnostics; `roots` maps directories to the prefix their files are shown with."""
    out: list[Diagnostic] = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("["):
            continue
        try:
            items = json.loads(line)
        except ValueError:
            continue
        for item in items:
            _walk(item, roots, out)
    return out


def _walk(item: dict, roots: dict[Path, str], out: list[Diagnostic]) -> None:
    kind = item.get("kind", "error")
    severity = "error" if kind in ("error", "fatal error") else kind
    locs = item.get("locations") or []
    caret = (locs[0].get("caret") if locs else None) or {}
    out.append(Diagnostic(
        severity=severity,
        file=_display_path(caret.get("file", "<command line>"), roots),
        line=int(caret.get("line", 0)),
        column=int(caret.get("byte-column", caret.get("column", 0))),
        message=str(item.get("message", "")).strip(),
    ))
    for child in item.get("children") or []:
        _walk(child, roots, out)


def parse_text(text: str, roots: dict[Path, str]) -> list[Diagnostic]:
    out = [
        Diagnostic(
            severity="error" if m["sev"] == "fatal error" else m["sev"],
            file=_display_path(m["file"], roots),
            line=int(m["line"]),
            column=int(m["col"]),
            message=m["msg"].strip(),
        )
        for m in _TEXT.finditer(text)
    ]
    return out


def parse_linker(text: str) -> list[Diagnostic]:
    """Link errors carry no useful location: report them against the link step."""
    seen: list[str] = []
    for m in _LINKER.finditer(text):
        msg = m.group(1).strip()
        if msg not in seen and not msg.startswith("ld returned"):
            seen.append(msg)
    return [Diagnostic("error", "<link>", 0, 0, msg) for msg in seen]
