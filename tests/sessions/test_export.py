"""Exports of the committed demos (no compiler needed) and of a synthetic session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sessions.export import to_html, to_markdown
from sessions.library import demo_paths
from sessions.replay import best_iteration, iterations
from sessions.store import load_session

DEMOS = ["LayerNorm_vision", "Softmax"]


def test_the_demos_are_committed_and_honest() -> None:
    assert sorted(p.stem for p in demo_paths()) == DEMOS
    for p in demo_paths():
        s = load_session(p)
        assert s.warnings == []
        assert (s.header.written_by, s.header.provider) == ("human", "hand-written")
        its = iterations(s)
        assert len(its) >= 5
        statuses = [it.status for it in its]
        assert statuses[0] == "compile_error" and statuses[-1] == "ok"
        assert {it.role for it in its} >= {"coder", "debugger", "accelerator"}
        for it in its:  # every evaluation was measured by the pipeline, with its provenance
            assert it.result is not None and it.result.provenance.get("compiler")
            if it.status == "ok":
                assert it.result.timing and it.result.baseline.mnn_native_ms


@pytest.mark.parametrize("name", DEMOS)
def test_markdown_export_of_demo(name: str) -> None:
    s = load_session(Path(__file__).resolve().parents[2] / "sessions" / "demos" / f"{name}.jsonl")
    md = to_markdown(s)
    its = iterations(s)
    for it in its:
        assert f"### Iteration {it.number} — " in md
    assert md.count("```diff") == len(its) - 1
    assert "## Speedup over MNN per iteration" in md and "█" in md
    best = best_iteration(s, its)
    assert best is not None and best.candidate is not None
    for text in s.files_of(best.candidate).values():
        assert text.rstrip() in md.split("## Best kernel", 1)[1]
    assert "by hand (no LLM wrote these replies)" in md


@pytest.mark.parametrize("name", DEMOS)
def test_html_export_of_demo_is_self_contained(name: str) -> None:
    s = load_session(Path(__file__).resolve().parents[2] / "sessions" / "demos" / f"{name}.jsonl")
    page = to_html(s)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<svg" in page and page.count("<rect") == sum(1 for it in iterations(s) if it.speedup)
    assert not re.search(r"<script|<link|src=\"http|href=\"http", page)
    assert page.count('<section id="it') == len(iterations(s))


def test_export_escapes_kernel_text(tmp_path: Path) -> None:
    from sessions.events import Header
    from sessions.store import SessionWriter

    with SessionWriter.create(tmp_path / "s.jsonl", Header(task="NoSuchTask", provider="p")) as w:
        w.add_candidate({"CPUX.cpp": "</pre><script>alert(1)</script>\n```\n"}, 1, "human")
    s = load_session(w.path)
    assert "<script>" not in to_html(s)
    md = to_markdown(s)
    assert "````cpp" in md  # a longer fence, so the kernel's ``` cannot close the block
    assert "`NoSuchTask`" in md  # a task this machine does not have still renders


def test_synthetic_export_shows_failures_and_best(synthetic: Path) -> None:
    md = to_markdown(load_session(synthetic))
    assert "it  1 Coder       (compile_error)" in md
    assert "it  4 Accelerator (wrong_output)" in md
    assert "Iteration 3: 0.5 ms, 2.00x over MNN." in md
    assert "CPURelu.cpp:3:5: error: expected ';'" in md
