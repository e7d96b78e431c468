"""Pilot flows through the workbench with the real pipeline (compiler, onnxruntime, MNN's kernel)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, OptionList, Static

from screens.app import Launch, WorkbenchApp
from screens.editor import KernelEditor
from screens.help import HelpScreen, help_table
from screens.panes import DiagnosticsPane, KernelPane, TimingsPane
from screens.picker import TaskPicker
from screens.workbench import FIRST_RUN_HINT, WorkbenchScreen
from toolchain.result import Status
from workbench.actions import ACTIONS, KeymapError, resolve_keymap
from workbench.config import Config, ConfigError, load_config, save_config

from .conftest import SIZE

pytestmark = pytest.mark.anyio


async def settle(pilot) -> None:
    """Let workers finish and their messages be handled."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_first_run_lands_on_reference_kernel_with_hint() -> None:
    app = WorkbenchApp(Launch(first_run=True), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WorkbenchScreen)
        editors = app.screen.query_one(KernelPane).editors
        assert {e.file_name for e in editors} == {"CPULayerNorm.cpp", "CPULayerNorm.hpp"}
        cpp = next(e for e in editors if e.file_name == "CPULayerNorm.cpp")
        assert "onExecute" in cpp.text and cpp.language == "cpp"
        assert FIRST_RUN_HINT in str(app.screen.query_one("#status", Static).render())


@pytest.mark.slow
async def test_pick_task_then_f5_shows_a_timing_row_with_speedup() -> None:
    app = WorkbenchApp(Launch(task="NoSuchTask"), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TaskPicker)
        await pilot.press(*"layernorm_vision")
        await settle(pilot)
        assert [r.task.id for r in app.screen.matching("layernorm_vision")] == ["LayerNorm_vision"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkbenchScreen)
        await pilot.press("f5")
        await settle(pilot)
        [it] = app.screen.controller.history
        assert it.result is not None and it.result.status is Status.OK, it.result.message
        table = app.screen.query_one(TimingsPane).query_one(DataTable)
        row = table.get_row_at(0)
        assert str(row[1]) == "ok" and str(row[2]).endswith("x")
        assert it.speedup is not None and it.speedup > 0


@pytest.mark.slow
async def test_broken_kernel_lists_the_error_and_jumps_the_cursor_there() -> None:
    app = WorkbenchApp(Launch(task="LayerNorm_vision"), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(KernelPane)
        cpp = next(e for e in pane.editors if e.file_name == "CPULayerNorm.cpp")
        lines = cpp.text.split("\n")
        row = next(i for i, line in enumerate(lines) if "return v[0] + v[1]" in line)
        lines[row] = "    return v[0] + undeclared_name;"
        cpp.load_text("\n".join(lines))
        cpp.cursor_location = (0, 0)
        await pilot.press("f5")
        await settle(pilot)
        result = app.screen.controller.history[-1].result
        assert result is not None and result.status is Status.COMPILE_ERROR
        diag = next(d for d in result.diagnostics if "undeclared_name" in d.message)
        assert (diag.file, diag.line) == ("CPULayerNorm.cpp", row + 1)
        options = app.screen.query_one(DiagnosticsPane).query_one(OptionList)
        assert "undeclared_name" in str(options.get_option_at_index(0).prompt.renderables[0])
        assert "horizontalSum" in str(options.get_option_at_index(0).prompt.renderables[1])  # enclosing function
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert cpp.cursor_location == (diag.line - 1, diag.column - 1)
        assert app.focused is cpp


async def test_unknown_task_is_one_sentence_in_the_picker() -> None:
    app = WorkbenchApp(Launch(task="NoSuchTask"), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TaskPicker)
        problem = str(app.screen.query_one("#problem", Static).render())
        assert problem.startswith("no task named NoSuchTask")


async def test_broken_session_file_is_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_text("this is not json\n")
    app = WorkbenchApp(Launch(session=str(bad)), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TaskPicker)
        assert "is not a session file" in str(app.screen.query_one("#problem", Static).render())


async def test_agent_step_without_provider_says_what_to_do() -> None:
    app = WorkbenchApp(Launch(task="LayerNorm_vision"), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("no provider is chosen" in m for m in messages), messages


async def test_help_lists_every_action_and_its_key() -> None:
    app = WorkbenchApp(Launch(task="LayerNorm_vision"), Config(keymap={"evaluate": "f12"}), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(help_table(app.screen.keys))
        text = console.export_text()
        for a in ACTIONS:
            assert a.title in text
        assert "f12" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)


def test_config_round_trip_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    cfg = Config(provider="openai", model="m", base_url='http://x/"v1"', keymap={"evaluate": "f9"})
    save_config(cfg, path)
    assert load_config(path) == cfg
    path.write_text("provider = 'gemini'\n")
    with pytest.raises(ConfigError, match="provider must be one of"):
        load_config(path)
    path.write_text("colour = 1\n")
    with pytest.raises(ConfigError, match="unknown settings: colour"):
        load_config(path)
    with pytest.raises(KeymapError, match="unknown actions: nope"):
        resolve_keymap({"nope": "f1"})


@pytest.mark.slow
async def test_replay_steps_through_a_recorded_session(tmp_path: Path) -> None:
    # Record a session by evaluating twice, then open it for replay.
    app = WorkbenchApp(Launch(task="LayerNorm_vision"), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        session = app.screen.controller.session_path
        assert session is not None
    lines = [json.loads(x) for x in session.read_text().splitlines()]
    assert [x["kind"] for x in lines if x["kind"] in ("candidate", "evaluation")] == ["candidate", "evaluation"]
    replay = WorkbenchApp(Launch(session=str(session)), save_settings=False)
    async with replay.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(replay.screen, WorkbenchScreen)
        assert replay.screen.controller.replayed_from == session
        assert replay.screen.query_one(TimingsPane).query_one(DataTable).row_count == 1
        editors = replay.screen.query(KernelEditor)
        assert any("onExecute" in e.text for e in editors)
