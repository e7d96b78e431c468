"""The whole loop for real: the `mkb agent` command, the real SDKs against the loopback server, the real
compiler / sandbox / onnxruntime / MNN pipeline on LayerNorm_vision."""

from __future__ import annotations

import json

import pytest

from tests.agents.conftest import ACCEL_PLAN, DEBUG_PLAN, kernel_reply, plan_reply
from workbench.cli import main

pytestmark = pytest.mark.slow
SECRET = "sk-test-SECRET-4242"


def _run(provider: str, url: str, session: str, *extra: str) -> int:
    return main(["agent", "LayerNorm_vision", "--provider", provider, "--base-url", url, "--model", "any",
                 "--iterations", "3", "--session", session, "--min-time-ms", "20", "--trials", "2",
                 "--timeout", "20", *extra])


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_compile_error_debugger_repair_accelerate(provider, fake_llm, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY" if provider == "openai" else "ANTHROPIC_API_KEY", SECRET)
    fake_llm.push(kernel_reply("broken"))  # Coder, first draft
    fake_llm.push(plan_reply(DEBUG_PLAN))  # Debugger
    fake_llm.push(status=429)  # rate-limited once: the SDK retries
    fake_llm.push(kernel_reply("plain"))  # Coder, repaired
    fake_llm.push(plan_reply(ACCEL_PLAN))  # Accelerator
    fake_llm.push(kernel_reply("fast"))  # Coder, faster
    url = fake_llm.openai_url if provider == "openai" else fake_llm.anthropic_url
    session = tmp_path / "s.jsonl"

    assert _run(provider, url, str(session)) == 0
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if "evaluate" in ln]
    assert "compile_error" in lines[0] and " ok " in lines[1] and " ok " in lines[2], out
    assert "HTTP 429" in out  # the retried rate limit is visible

    debugger = fake_llm.received[1]
    # The error's enclosing function, found by tree-sitter, with its class.
    assert "in function `ErrorCode onExecute(const std::vector<Tensor*>& inputs" in debugger.text
    assert "override (in class CPULayerNorm)`" in debugger.text
    assert "meen" in debugger.text
    accel = fake_llm.received[4]
    assert '"speedup"' in accel.text

    records = [json.loads(x) for x in session.read_text().splitlines()]
    kinds = [r["kind"] for r in records]
    assert kinds[0] == "header" and kinds.count("evaluation") == 3 and kinds.count("plan") == 2
    speedups = [r["result"]["speedup"] for r in records if r["kind"] == "evaluation"][1:]
    assert speedups[1] > speedups[0] * 1.5  # the Accelerator's kernel really is faster
    assert SECRET not in session.read_text()


def test_missing_key_is_one_sentence(monkeypatch, capsys):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    code = main(["agent", "LayerNorm_vision", "--provider", "openai", "--model", "gpt-4o"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == "mkb: no API key for openai: set OPENAI_API_KEY in the environment"
