"""SVG snapshots of each screen at a fixed size (pytest-textual-snapshot).

Update after an intended change with `pytest tests/tui --snapshot-update` and review the SVGs.
The workbench shots use a canned evaluator so machine timings never change the pixels.
"""

from __future__ import annotations

import pytest

from screens import picker
from screens.app import Launch, WorkbenchApp
from tasks.registry import all_tasks
from tests.adb.fake_adb_server import FakeAdbServer
from workbench.config import Config
from workbench.task_list import TaskRow

from .conftest import SIZE, canned_evaluator


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _still(pilot) -> None:
    # A blinking cursor (editor, inputs) would be on or off depending on when the shot is taken:
    # stop the blinking, and take focus away so no cursor is drawn at all. Last thing before the
    # shot only: keys pressed after this would reach no widget. Every screen of the stack: under a
    # modal, the workbench's editor is still drawn, with its own focus and cursor.
    for screen in pilot.app.screen_stack:
        for widget in screen.query("*"):
            if hasattr(widget, "cursor_blink"):
                widget.cursor_blink = False
        screen.set_focus(None)
    # Scrolling into view (the timings table to its newest row) is animated: a shot taken mid-way draws a
    # scrollbar thumb that a later one does not.
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def _app(**kw) -> WorkbenchApp:
    return WorkbenchApp(Launch(**kw), Config(), evaluator=canned_evaluator(), save_settings=False,
                        record_sessions=False)  # a session's name holds the time


async def _settled_still(pilot) -> None:
    await _settle(pilot)
    await _still(pilot)


def test_workbench_first_run(snap_compare) -> None:
    assert snap_compare(_app(first_run=True), terminal_size=SIZE, run_before=_settled_still)


def test_workbench_after_compile_error_then_success(snap_compare) -> None:
    async def run(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f5")
        await _settle(pilot)
        await pilot.press("f5")
        await _settle(pilot)
        pilot.app.clear_notifications()
        await _still(pilot)

    assert snap_compare(_app(task="LayerNorm_vision"), terminal_size=SIZE, run_before=run)


def test_workbench_diagnostics_marked(snap_compare) -> None:
    async def run(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f5")
        await _settle(pilot)
        await _still(pilot)

    assert snap_compare(_app(task="LayerNorm_vision"), terminal_size=SIZE, run_before=run)


def test_workbench_narrow_stacks(snap_compare) -> None:
    assert snap_compare(_app(task="LayerNorm_vision"), terminal_size=(90, 60), run_before=_settled_still)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
def test_workbench_layout_at_terminal_sizes(snap_compare, size: tuple[int, int]) -> None:
    """One pane with a tab line at 80x24, the editor beside the other panes at 120x40 and 200x50."""
    async def run(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f5")
        await _settle(pilot)
        pilot.app.clear_notifications()
        await _still(pilot)

    assert snap_compare(_app(task="LayerNorm_vision"), terminal_size=size, run_before=run)


def test_workbench_timings_tab_at_80x24(snap_compare) -> None:
    async def run(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f5")
        await _settle(pilot)
        await pilot.press("f5")
        await _settle(pilot)
        await pilot.press("ctrl+n")
        pilot.app.clear_notifications()
        await _still(pilot)

    assert snap_compare(_app(task="LayerNorm_vision"), terminal_size=(80, 24), run_before=run)


def test_workbench_too_small(snap_compare) -> None:
    assert snap_compare(_app(task="LayerNorm_vision"), terminal_size=(50, 12), run_before=_settled_still)


def test_task_picker(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    # Fixed rows: the real ones say which tasks this machine's cache has prepared, which changes as
    # other tests (and other runs sharing the cache) prepare tasks.
    def rows() -> list[TaskRow]:
        return [TaskRow(t, 2.5 if t.id == "ArgMax" else None, "yes" if i % 2 else "not prepared yet")
                for i, t in enumerate(all_tasks())]

    monkeypatch.setattr(picker, "task_rows", rows)

    async def run(pilot) -> None:
        await _settle(pilot)
        await pilot.press(*"max")
        await _settle(pilot)
        pilot.app.clear_notifications()
        await _still(pilot)

    assert snap_compare(_app(task="NoSuchTask"), terminal_size=SIZE, run_before=run)


@pytest.mark.parametrize("key", ["f1", "f2", "f3"])
def test_modal_screens(snap_compare, key: str) -> None:
    async def run(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f5")
        await _settle(pilot)
        pilot.app.clear_notifications()
        await pilot.press(key)
        await _still(pilot)

    assert snap_compare(_app(task="LayerNorm_vision"), terminal_size=SIZE, run_before=run)


def test_devices_screen(snap_compare, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    # The host's CPU name is this machine's; the phones are the loopback server's, one per state.
    monkeypatch.setattr("toolchain.targets.cpu_model", lambda: "Test CPU")
    with FakeAdbServer(workdir=tmp_path / "adb") as server:
        monkeypatch.setenv("ANDROID_ADB_SERVER_HOST", "127.0.0.1")
        monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(server.port))
        for serial, state in (("emulator-5554", "device"), ("R5CT30", "unauthorized"), ("9B2X1", "offline")):
            server.add_device(serial, state=state)

        async def run(pilot) -> None:
            await _settle(pilot)
            await pilot.press("f4")
            await _settle(pilot)
            pilot.app.clear_notifications()
            await _still(pilot)

        assert snap_compare(_app(task="LayerNorm_vision"), terminal_size=SIZE, run_before=run)
