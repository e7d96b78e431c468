"""Parser and tools: code-block and plan extraction, error extraction, repo tree, perf parser."""

from __future__ import annotations

import pytest

from agents.parse import ParseError, parse_candidate, parse_json_plan
from agents.tools.error_extractor import extract_errors
from agents.tools.repo_tree import build_tree
from toolchain.candidate import Candidate
from toolchain.result import Diagnostic

CUR = Candidate({"CPUFoo.cpp": "old\n", "CPUFoo.hpp": "hdr\n"})


@pytest.mark.parametrize("reply", [
    "Sure!\n```cpp\n// CPUFoo.cpp\nint x;\n```\nbye",
    "```c++ CPUFoo.cpp\nint x;\n```",
    "**CPUFoo.cpp**\n~~~cpp\nint x;\n~~~",
    "```\n// File: CPUFoo.cpp\nint x;\n```",
])
def test_code_block_styles(reply):
    c = parse_candidate(reply, CUR)
    assert c.files["CPUFoo.cpp"] == "int x;\n" and c.files["CPUFoo.hpp"] == "hdr\n"


def test_unnamed_single_block_is_the_single_source():
    c = parse_candidate("```cpp\n#include <x>\nvoid f();\n```", CUR)
    assert c.files["CPUFoo.cpp"].startswith("#include")


def test_no_code_is_a_parse_error():
    with pytest.raises(ParseError, match="no fenced C"):
        parse_candidate("I cannot do that.", CUR)


def test_json_plan_bare_with_braces_in_strings():
    text = 'Plan: {"bottleneck": "a {b}", "optimisation_method": "m", "modification_plan": "p"} ok'
    assert parse_json_plan(text, ["bottleneck"])["bottleneck"] == "a {b}"
    with pytest.raises(ParseError, match="lacks"):
        parse_json_plan('{"x": 1}', ["bottleneck"])


def test_error_extractor_local_and_crossfile(tmp_path):
    src = "namespace N {\nclass K {\n  int run() {\n    return y;\n  }\n};\n}\n"
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "A.hpp").write_text("struct S {\n  void f() { bad; }\n};\n")
    diags = (Diagnostic("error", "CPUK.cpp", 4, 12, "'y' was not declared"),
             Diagnostic("warning", "CPUK.cpp", 1, 1, "w"),
             Diagnostic("error", "core/A.hpp", 2, 14, "bad"))
    errs = extract_errors(diags, Candidate({"CPUK.cpp": src}), tmp_path)
    assert [(e.scope, e.enclosing_kind, e.enclosing) for e in errs] == [
        ("local", "function", "int run() (in class K)"), ("crossfile", "function", "void f() (in struct S)")]
    assert ">    4 |     return y;" in errs[0].snippet


def test_repo_tree_ranks_the_op_and_fits_the_budget():
    small = build_tree("LayerNorm", "LayerNorm", budget_tokens=300)
    assert "float epsilon() const;" in small and "REGISTER_CPU_OP_CREATOR" in small
    assert len(small) // 4 <= 300 * 1.2
    assert "GroupNorm" not in build_tree("LayerNorm", "LayerNorm", budget_tokens=800)
