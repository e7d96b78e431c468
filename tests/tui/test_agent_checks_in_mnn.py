"""In the workbench, an agent run ends by checking its best candidate in the MNN tree when one is set up."""

from __future__ import annotations

import pytest

from screens.app import Launch, WorkbenchApp
from screens.panes import KernelPane
from screens.workbench import WorkbenchScreen
from tests.agents.conftest import kernel_reply
from tests.toolchain.mnn_tree import tarball
from workbench.config import config_path, load_config

from .test_agent_flow import fake_llm, timeline_text, until  # noqa: F401  (fixture)

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


async def test_the_runs_best_is_checked_in_mnn(built, fake_llm, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-tui-mnn")
    monkeypatch.setenv("MKB_MNN_ROOT", str(tarball()))
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(f'provider = "openai"\nmodel = "fake-model"\nbase_url = "{fake_llm.openai_url}"\n'
                             'mode = "auto"\niterations = 1\nmin_time_ms = 5.0\n')
    fake_llm.push(kernel_reply("plain"))
    app = WorkbenchApp(Launch(task="LayerNorm_vision"), load_config(), save_settings=False)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkbenchScreen)
        await until(pilot, lambda: screen.query_one(KernelPane).editors, "the reference kernel")
        await pilot.press("f7")
        await until(pilot, lambda: "task-only: the kernel in place of source/backend/cpu/CPULayerNorm.cpp"
                    in timeline_text(screen), "the MNN verdict", timeout=180)
        text = timeline_text(screen)
        assert "Checking the run's best candidate (#1) in MNN's tree" in text
        assert "FAIL  op/layernorm at 1 thread" in text
