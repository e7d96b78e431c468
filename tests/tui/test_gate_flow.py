"""Every gate in the engineer's hands: through Pilot, the real OpenAI SDK against the loopback fake server
and the real compile / verify / time pipeline. At the plan gates the engineer re-asks, skips, chooses the
Accelerator instead of the Debugger, reads and rewrites the Coder's prompt, sets a budget and keeps the
memory; the session records each, and replay (the TUI and `mkb replay`) shows prompts and replies."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from textual.widgets import Input, TextArea

from screens.app import Launch, WorkbenchApp
from screens.gate import EditBudget, EditMemory, EditPrompt, GatePanel
from screens.panes import KernelPane
from screens.workbench import WorkbenchScreen
from tests.agents.conftest import ACCEL_PLAN, DEBUG_PLAN, kernel_reply, kernel_source, plan_reply
from tests.agents.fake_llm import FakeLLM
from tests.conftest import REPO
from toolchain.result import Status
from workbench.config import config_path, load_config

from .conftest import SIZE
from .test_agent_flow import fake_llm, timeline_text, until  # noqa: F401 (fake_llm is a fixture)

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
MARKER = "ENGINEER: keep the scalar tail loop for the last inner % 4 elements."
SECOND_DEBUG = DEBUG_PLAN | {"crossfile_error_suggestion": ["none needed"]}
THIRD_DEBUG = {"local_error_suggestion": ["rename meen to mean on line 28 and rebuild"]}


def gate_text(screen: WorkbenchScreen) -> str:
    """What the gate pane's parts show, as plain text (its title included)."""
    from rich.console import Console
    from textual.widgets import Static

    panel = screen.query_one(GatePanel)
    console = Console(width=150, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    for part in panel.query(Static):
        if part.display:
            console.print(part.content)
    return str(panel.border_title) + "\n" + console.export_text()


async def test_skip_reask_choose_accelerator_edit_prompt_then_replay(fake_llm: FakeLLM, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-gates")
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(f'provider = "openai"\nmodel = "fake-model"\nbase_url = "{fake_llm.openai_url}"\n'
                             'mode = "confirm"\niterations = 2\nmin_time_ms = 20.0\n')
    fake_llm.push(plan_reply(DEBUG_PLAN))  # the Debugger on the broken kernel…
    fake_llm.push(plan_reply(SECOND_DEBUG))  # …asked again (re-ask)…
    fake_llm.push(plan_reply(THIRD_DEBUG))  # …and once more after a skip
    fake_llm.push(plan_reply(ACCEL_PLAN))  # the Accelerator, chosen instead
    fake_llm.push(kernel_reply("plain"))  # the Coder, with the engineer's prompt

    app = WorkbenchApp(Launch(task="LayerNorm_vision"), load_config(), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkbenchScreen)
        ctl, panel = screen.controller, screen.query_one(GatePanel)
        await until(pilot, lambda: screen.query_one(KernelPane).editors, "the reference kernel")
        assert not panel.display  # no run, no gate pane
        cpp = next(e for e in screen.query_one(KernelPane).editors if e.file_name == "CPULayerNorm.cpp")
        cpp.load_text(kernel_source("broken"))
        await pilot.press("ctrl+b", "f6")  # the loop starts from the engineer's (broken) kernel

        def at(n: int):
            return lambda: ctl.waiting_gate is not None and len(fake_llm.received) == n

        await until(pilot, at(1), "the Debugger's plan")
        g = ctl.waiting_gate
        assert (g.gate, g.role, g.next_role, g.plan) == ("plan", "debugger", "coder", DEBUG_PLAN)
        assert panel.display and panel.has_focus  # the gate's keys work at once
        shown = gate_text(screen)
        assert "Next: the Coder, carrying out this plan" in shown and "cost so far $0.0000" in shown
        assert "local error suggestion" in shown and "{'local_error_suggestion'" not in shown  # fields, not a dict
        assert "Prompt for the Coder" in shown

        await pilot.press("r")  # re-ask: the same prompt again
        await until(pilot, at(2), "the re-asked plan")
        assert fake_llm.received[1].body["messages"] == fake_llm.received[0].body["messages"]
        assert ctl.waiting_gate.plan == SECOND_DEBUG
        assert "300 tokens" in gate_text(screen)  # the fake server says 100 + 50 for each of the two plans

        await pilot.press("s")  # skip: the plan is set aside as rejected and the Debugger asked again
        await until(pilot, at(3), "the plan after the skip")
        assert ctl.waiting_gate.plan == THIRD_DEBUG
        assert "rejected by the engineer" in fake_llm.received[2].text

        await pilot.press("a")  # the Accelerator, not the Debugger, goes next
        await until(pilot, at(4), "the Accelerator's plan")
        g = ctl.waiting_gate
        assert (g.role, g.plan) == ("accelerator", ACCEL_PLAN)
        assert "does not pass yet (compile_error" in fake_llm.received[3].text  # the Accelerator is told

        await pilot.press("p")  # read the Coder's prompt…
        await until(pilot, lambda: isinstance(app.screen, EditPrompt), "the prompt editor")
        editor = app.screen
        last = len(g.prompt) - 1
        area = editor.query_one(f"#msg-{last}", TextArea)
        assert ACCEL_PLAN["modification_plan"] in area.text  # the plan, as the Coder will be sent it
        area.load_text(area.text + "\n" + MARKER)  # …and rewrite it
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen, "the gate pane again")
        assert "(edited: it goes with your next decision)" in gate_text(screen)

        panel.focus()
        await pilot.press("b")  # a token budget
        await until(pilot, lambda: isinstance(app.screen, EditBudget), "the budget editor")
        app.screen.query_one("#tokens", Input).value = "100000"
        app.screen.query_one("#tokens", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen, "the gate pane again")
        assert "of 100000" in gate_text(screen)

        panel.focus()
        await pilot.press("m")  # the memory, as the planners read it, kept as it is
        await until(pilot, lambda: isinstance(app.screen, EditMemory), "the memory editor")
        memory = app.screen.query_one("#memory", TextArea).text
        assert "rejected by the engineer" in memory and "set aside: the engineer asked the Accelerator" in memory
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen, "the gate pane again")

        panel.focus()
        await pilot.press("enter")  # go on: the Coder gets the rewritten prompt
        await until(pilot, lambda: not ctl.agent_running, "the loop to finish", timeout=120)
        await pilot.pause()
        assert not panel.display and app.focused is not panel  # the run is over: no pane, no focus on it
        assert MARKER in fake_llm.received[4].text
        assert [it.result.status for it in ctl.history] == [Status.COMPILE_ERROR, Status.OK]
        assert [it.origin for it in ctl.history] == ["human", "accelerator"]
        text = timeline_text(screen)
        assert "the engineer chose the Accelerator to go next" in text
        assert "Accelerator → Coder" in text  # the role column names the role
        assert "modification plan:" in text  # the plan as fields
        session = ctl.session_path

    records = [json.loads(line) for line in session.read_text().splitlines()]
    assert records[0]["schema_version"] == 3
    gates = [(r["gate"], r["decision"], r["role"]) for r in records if r["kind"] == "gate"]
    assert gates == [("plan", "reask", None), ("plan", "skip", None), ("plan", "role", "accelerator"),
                     ("plan", "accept", None)]
    prompts = [(r["role"], r["edited"]) for r in records if r["kind"] == "prompt"]
    assert prompts == [("debugger", False)] * 3 + [("accelerator", False), ("coder", True)]
    assert MARKER in [r for r in records if r["kind"] == "prompt"][-1]["messages"][-1]["content"]
    edits = [(r["what"], r["detail"]) for r in records if r["kind"] == "human_edit"]
    assert [w for w, _ in edits] == ["memory", "budget", "prompt"]
    assert edits[1][1] == "2 iterations, 100000 tokens, no cost cap"
    assert [r["role"] for r in records if r["kind"] == "reply"] == ["debugger"] * 3 + ["accelerator", "coder"]

    replay = WorkbenchApp(Launch(session=str(session)), save_settings=False)
    async with replay.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(replay.screen, WorkbenchScreen), "the replay screen")
        await pilot.press("f7")  # everything recorded
        await pilot.pause()
        shown = " ".join(timeline_text(replay.screen).split())  # the pane wraps long lines
        for expected in ("→ Debugger asked", "← Debugger replied", "⏸ plan → reask", "⏸ plan → skip",
                         "the Accelerator goes next", "→ Accelerator asked", "→ Coder asked",
                         "the engineer's rewrite", "the engineer changed the budget",
                         "the engineer changed the prompt", "rename meen to mean"):
            assert expected in shown, (expected, shown)
        assert shown.index("→ Coder asked") < shown.index("#2 Accelerator → Coder")

    out = subprocess.run([sys.executable, "-m", "workbench.cli", "replay", str(session)], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "prompt     coder" in out.stdout and "edited by the engineer" in out.stdout
    assert "reply      accelerator" in out.stdout and "bottleneck" in out.stdout
    assert "plan → role: the Accelerator goes next" in out.stdout
