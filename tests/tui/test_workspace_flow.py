"""Nothing lost: the editor's work is kept in the task's workspace and comes back; leaving with unsaved edits asks."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from screens.app import Launch, WorkbenchApp
from screens.dialogs import ConfirmUnsaved, PickCandidate
from screens.panes import KernelPane
from screens.sessions import SessionList
from screens.workbench import WorkbenchScreen
from tasks.registry import get_task
from workbench.config import Config
from workbench.workspace import KeptWorkspace, list_workspaces

from .conftest import canned_evaluator

pytestmark = pytest.mark.anyio
EDIT = "// my own edit, kept\n"


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _app(task: str = "LayerNorm_vision") -> WorkbenchApp:
    return WorkbenchApp(Launch(task=task), Config(), evaluator=canned_evaluator(), save_settings=False,
                        record_sessions=False)


async def _edit(pilot) -> str:
    """Type EDIT at the top of the .cpp; the file's name."""
    editor = pilot.app.screen.query_one(KernelPane).current_editor
    editor.cursor_location = (0, 0)
    editor.insert(EDIT)
    await pilot.pause()
    return editor.file_name


def _cpp(app: WorkbenchApp) -> str:
    return app.screen.query_one(KernelPane).files()["CPULayerNorm.cpp"]


async def test_edit_quit_saving_relaunch_finds_the_edit_and_the_reference_is_one_key_away() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reference = _cpp(app)
        assert await _edit(pilot) == "CPULayerNorm.cpp"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmUnsaved)  # asked, not quit
        await pilot.press("s")
        await settle(pilot)
    assert app.return_code == 0
    assert KeptWorkspace("LayerNorm_vision").saved()["CPULayerNorm.cpp"].startswith(EDIT)

    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert _cpp(app).startswith(EDIT)  # the work, not the reference over it
        await pilot.press("ctrl+l")  # saved, so nothing to ask: the reference comes in
        await settle(pilot)
        assert _cpp(app) == reference
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0  # the reference is no unsaved edit: quit without asking


async def test_cancel_keeps_working_and_discard_forgets() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reference = _cpp(app)
        await _edit(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmUnsaved)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen) and app.is_running
        await pilot.press("x")  # still working: the keys go into the editor
        assert _cpp(app).startswith(EDIT + "x//")  # typed where the cursor was, after the edit
        await pilot.press("f5")
        await settle(pilot)
        assert len(app.screen.controller.history) == 1
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await settle(pilot)
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _cpp(app) == reference


async def test_the_last_evaluated_candidate_of_an_earlier_launch_is_one_revert_away() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reference = _cpp(app)
        await _edit(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # the draft goes; the evaluated candidate stays kept
        await settle(pilot)
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert _cpp(app) == reference and not app.screen.controller.history
        await pilot.press("ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PickCandidate)
        labels = [label for label, _ in dialog.choices]
        assert len(labels) == 1 and labels[0].startswith("the last evaluated, kept (#1, "), labels
        await pilot.press("enter")
        await settle(pilot)
        assert _cpp(app).startswith(EDIT)


async def test_work_kept_without_quitting_comes_back_with_its_cursor() -> None:
    app = _app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await _edit(pilot)
        editor = app.screen.query_one(KernelPane).current_editor
        editor.cursor_location = (7, 3)
        await pilot.pause(1.2)  # kept every half second, as the engineer types
        draft = KeptWorkspace("LayerNorm_vision").draft()
        assert draft is not None and draft["CPULayerNorm.cpp"].startswith(EDIT)
        app.exit()  # as if the terminal closed: no question, nothing saved with ctrl+s
    app = _app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert _cpp(app).startswith(EDIT)
        assert app.screen.query_one(KernelPane).current_editor.cursor_location == (7, 3)


async def test_switching_task_with_unsaved_edits_asks() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _edit(pilot)
        app._picked(get_task("Softmax"))  # what the task picker (ctrl+t) hands back
        await pilot.pause()
        assert isinstance(app.screen, ConfirmUnsaved)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen) and app.screen.controller.task.id == "LayerNorm_vision"
        assert _cpp(app).startswith(EDIT)


async def test_ctrl_o_lists_workspaces_saved_and_demo_sessions() -> None:
    app = _app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await _edit(pilot)
        await pilot.press("f5", "f5")
        await settle(pilot)
        await pilot.pause(0.7)
        assert [w.task for w in list_workspaces()] == ["LayerNorm_vision"]
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, SessionList)
        assert app.screen.focused is app.screen.query_one(DataTable)
        kinds = [r.kind for r in app.screen.rows]
        assert kinds[0] == "workspace" and "demo" in kinds
        ws = app.screen.rows[0]
        assert ws.task == "LayerNorm_vision" and ws.best == pytest.approx(2.0, rel=0.2)
        demo = next(r for r in app.screen.rows if r.kind == "demo")
        assert demo.task and demo.date
        await pilot.press("enter")  # the workspace row: the same task again, its work restored
        await pilot.pause()
        assert isinstance(app.screen, ConfirmUnsaved)  # leaving this screen's unsaved edits asks first
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, WorkbenchScreen) and _cpp(app).startswith(EDIT)
