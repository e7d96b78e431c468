"""An agent run ends by checking its best candidate in real MNN when a tree is set up (`mkb mnn setup`)."""

from __future__ import annotations

import pytest

from tests.agents.conftest import kernel_reply
from tests.toolchain.mnn_tree import tarball
from workbench.cli import main

pytestmark = pytest.mark.slow


def test_the_runs_best_goes_through_verify_mnn(built, fake_llm, monkeypatch, capsys) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-mnn-check")
    monkeypatch.setenv("MKB_MNN_ROOT", str(tarball()))
    fake_llm.push(kernel_reply("plain"))
    code = main(["agent", "LayerNorm_vision", "--provider", "openai", "--base-url", fake_llm.openai_url,
                 "--model", "fake-model", "--iterations", "1", "--min-time-ms", "5", "--trials", "2",
                 "--timeout", "20"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "mnn     checking the best candidate (#1) in mnn-tree@d407447ed56c" in out
    # Correct on the task, yet MNN's own LayerNorm tests fail: task-only, each failing test named.
    assert "mnn     task-only: the kernel in place of source/backend/cpu/CPULayerNorm.cpp" in out, out
    assert "FAIL  op/layernorm at 1 thread: MNN's test failed" in out


def test_without_a_tree_the_run_ends_as_before(fake_llm, monkeypatch, capsys) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-mnn-check")
    monkeypatch.delenv("MKB_MNN_ROOT", raising=False)
    fake_llm.push(kernel_reply("plain"))
    code = main(["agent", "LayerNorm_vision", "--provider", "openai", "--base-url", fake_llm.openai_url,
                 "--model", "fake-model", "--iterations", "1", "--min-time-ms", "5", "--trials", "2",
                 "--timeout", "20"])
    assert code == 0 and "\nmnn     " not in capsys.readouterr().out


def test_an_agent_run_on_target_mnn_is_judged_inside_the_tree(built, fake_llm, monkeypatch, capsys) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-mnn-target")
    monkeypatch.setenv("MKB_MNN_ROOT", str(tarball()))
    fake_llm.push(kernel_reply("plain"))
    code = main(["agent", "LayerNorm_vision", "--provider", "openai", "--base-url", fake_llm.openai_url,
                 "--model", "fake-model", "--iterations", "1", "--min-time-ms", "5", "--trials", "2",
                 "--timeout", "20", "--target", "mnn"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("target  mnn\n"), out
    # Judged inside the tree against MNN's own kernel from the same build, then checked in it as usual.
    assert "[1] evaluate    ok" in out and "vs MNN (tree @" in out, out
    assert "mnn     checking the best candidate (#1) in mnn-tree@d407447ed56c" in out
