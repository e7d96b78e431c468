"""Compiler output → diagnostics that name the candidate's own files."""

from __future__ import annotations

import json
from pathlib import Path

from toolchain.diagnostics import parse_gcc_json, parse_linker, parse_text


def test_gcc_json_maps_paths(tmp_path: Path):
    src = tmp_path / "backend" / "cpu"
    src.mkdir(parents=True)
    api = tmp_path / "api"
    api.mkdir()
    payload = [{
        "kind": "error", "message": "'slope' was not declared in this scope",
        "locations": [{"caret": {"file": str(src / "CPURelu.cpp"), "line": 13, "byte-column": 48, "column": 48}}],
        "children": [{"kind": "note", "message": "declared here",
                      "locations": [{"caret": {"file": str(api / "core" / "Execution.hpp"), "line": 4,
                                               "byte-column": 2}}]}],
    }]
    diags = parse_gcc_json(json.dumps(payload), {src.resolve(): "", api.resolve(): "api/"})
    assert [(d.severity, d.file, d.line, d.column) for d in diags] == [
        ("error", "CPURelu.cpp", 13, 48), ("note", "api/core/Execution.hpp", 4, 2)]


def test_clang_text():
    text = "/x/CPURelu.cpp:3:7: error: unknown type name 'flot'\n1 error generated.\n"
    (d,) = parse_text(text, {})
    assert (d.file, d.line, d.column, d.severity) == ("CPURelu.cpp", 3, 7, "error")


def test_linker_errors():
    text = "/usr/bin/ld: a.o: in function `f':\na.cpp:(.text+0x5): undefined reference to `g()'\n"
    (d,) = parse_linker(text)
    assert d.file == "<link>" and "undefined reference" in d.message
