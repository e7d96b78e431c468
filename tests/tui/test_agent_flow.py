"""The agent loop steered from the workbench: the real OpenAI SDK against the loopback fake server, the
real compile / verify / time pipeline, confirm mode, a plan edited and a kernel overridden at the gates,
the session saved and reopened for replay."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator

import pytest
from textual.widgets import TextArea

from screens.app import Launch, WorkbenchApp
from screens.dialogs import EditPlan
from screens.panes import AgentTimeline, KernelPane
from screens.workbench import WorkbenchScreen
from tests.agents.conftest import ACCEL_PLAN, KERNELS, kernel_reply, plan_reply
from tests.agents.fake_llm import FakeLLM
from toolchain.result import Status
from workbench.config import config_path, load_config

from .conftest import SIZE

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
SECRET = "sk-test-SECRET-tui-77"
EDITED_PLAN = {"bottleneck": "three passes over each row", "optimisation_method": "one fused Vec4 pass",
               "modification_plan": "the engineer's rewrite: one Vec4 pass for sum and sum of squares"}
SECOND_PLAN = {"bottleneck": "the normalise pass is scalar", "optimisation_method": "Vec4 normalise",
               "modification_plan": "apply gamma and beta with Vec4 loads"}
MARKER = "// the engineer's own version, handed to the loop with ctrl+b"


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    with FakeLLM() as srv:
        yield srv


async def until(pilot, cond: Callable[[], object], what: str, timeout: float = 90) -> None:
    """Pump the app until `cond()` holds: the loop runs in a worker thread, at the speed of the compiler."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not cond():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)
    await pilot.pause()


def timeline_text(screen: WorkbenchScreen) -> str:
    return "\n".join(strip.text for strip in screen.query_one(AgentTimeline).lines)


async def test_confirm_mode_edit_plan_override_kernel_save_and_reopen(fake_llm: FakeLLM, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    # The provider comes the way an engineer sets it up: a config file in the config dir.
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(f'provider = "openai"\nmodel = "fake-model"\nbase_url = "{fake_llm.openai_url}"\n'
                             'mode = "confirm"\niterations = 3\nmin_time_ms = 20.0\n')
    fake_llm.push(plan_reply(ACCEL_PLAN))  # iteration 1: the Accelerator on the reference kernel
    fake_llm.push(kernel_reply("fast"))  # the Coder applies the (edited) plan
    fake_llm.push(plan_reply(SECOND_PLAN))  # iteration 2: the Accelerator again
    fake_llm.push(kernel_reply("plain"))  # the Coder applies it to the engineer's kernel

    app = WorkbenchApp(Launch(task="LayerNorm_vision"), load_config(), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkbenchScreen)
        ctl = screen.controller
        await until(pilot, lambda: screen.query_one(KernelPane).editors, "the reference kernel")

        await pilot.press("ctrl+b")  # seed the run with the editor's (reference) kernel, explicitly…
        await pilot.press("f6")  # …and start the loop from it, not from a Coder's first draft
        await until(pilot, lambda: ctl.waiting_gate is not None, "the first plan gate")
        assert ctl.waiting_gate.gate == "plan" and ctl.waiting_gate.plan == ACCEL_PLAN
        assert "agent waiting at the plan" in str(screen.query_one("#status").render())
        # The Accelerator's reply streamed into the timeline (the summary line does not repeat it).
        assert "My analysis:" in timeline_text(screen)

        await pilot.press("ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, EditPlan), "the plan editor")
        app.screen.query_one("#plan", TextArea).load_text(json.dumps(EDITED_PLAN))
        await pilot.press("ctrl+s")  # send the rewritten plan to the Coder

        await until(pilot, lambda: ctl.waiting_gate is not None and ctl.waiting_gate.iteration == 2,
                    "the second plan gate")
        assert ctl.waiting_gate.plan == SECOND_PLAN
        coder_prompt = fake_llm.received[1].text
        assert EDITED_PLAN["modification_plan"] in coder_prompt and ACCEL_PLAN["modification_plan"] not in coder_prompt

        await pilot.press("f9")  # confirm → auto: the running loop takes the new mode at once
        await pilot.pause()
        assert "The agent loop now uses mode auto." in timeline_text(screen)

        cpp = next(e for e in screen.query_one(KernelPane).editors if e.file_name == "CPULayerNorm.cpp")
        cpp.load_text(MARKER + "\n" + (KERNELS / "layernorm_plain.cpp").read_text())
        await pilot.press("ctrl+b")  # the editor's kernel becomes the loop's candidate…
        await pilot.press("f6")  # …and the plan is accepted: the Coder applies it to that kernel
        await until(pilot, lambda: not ctl.agent_running, "the loop to finish", timeout=120)
        assert MARKER in fake_llm.received[3].text

        statuses = [it.result.status for it in ctl.history]
        assert statuses == [Status.OK, Status.OK, Status.OK], [it.result.message for it in ctl.history]
        assert "Agent loop finished: the budget of 3 iterations is spent" in timeline_text(screen)

        await pilot.press("ctrl+s")
        await pilot.pause()
        session = ctl.session_path
        assert session is not None and any(str(session) in n.message for n in app._notifications)

    text = session.read_text()
    assert SECRET not in text
    records = [json.loads(line) for line in text.splitlines()]
    edits = [r for r in records if r["kind"] == "human_edit"]
    assert [(e["iteration"], e["what"]) for e in edits] == [(1, "plan"), (2, "candidate")]
    plans = [r for r in records if r["kind"] == "plan"]
    assert [(p["plan"], p["edited"]) for p in plans] == [(ACCEL_PLAN, False), (EDITED_PLAN, True), (SECOND_PLAN, False)]
    assert [r["result"]["status"] for r in records if r["kind"] == "evaluation"] == ["ok", "ok", "ok"]
    origins = [r["origin"] for r in records if r["kind"] == "candidate"]
    # The seed is recorded as what it is (the reference kernel), the Coder's kernels by the plan they carried out.
    assert origins == ["reference", "accelerator", "human", "accelerator"]
    assert [r["iteration"] for r in records if r["kind"] == "candidate"] == [1, 2, 3, 3]
    assert [r["iteration"] for r in records if r["kind"] == "evaluation"] == [1, 2, 3]

    replay = WorkbenchApp(Launch(session=str(session)), save_settings=False)
    async with replay.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(replay.screen, WorkbenchScreen), "the replay screen")
        rctl = replay.screen.controller
        assert rctl.replayed_from == session
        assert [it.origin for it in rctl.history] == origins
        assert [it.result is not None for it in rctl.history] == [True, True, False, True]
        for _ in range(3):
            await pilot.press("f6")
        await pilot.pause()
        assert "replay 4/4" in str(replay.screen.query_one("#status").render())
        cpp = next(e for e in replay.screen.query_one(KernelPane).editors if e.file_name == "CPULayerNorm.cpp")
        await until(pilot, lambda: cpp.text == rctl.history[3].files["CPULayerNorm.cpp"], "the last kernel")
