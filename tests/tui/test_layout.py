"""The layout at the sizes engineers have: every pane reachable and usable, focus never on a hidden pane."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList

from screens.app import Launch, WorkbenchApp
from screens.editor import KernelEditor
from screens.panes import KernelPane
from screens.workbench import PANES, WorkbenchScreen, layout_for
from workbench.config import Config

from .conftest import canned_evaluator

pytestmark = pytest.mark.anyio


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _app() -> WorkbenchApp:
    return WorkbenchApp(Launch(task="LayerNorm_vision"), Config(), evaluator=canned_evaluator(),
                        save_settings=False, record_sessions=False)


def _pane_of_focus(screen: WorkbenchScreen) -> str | None:
    return screen._pane_of(screen.focused)


def _on_screen(screen: WorkbenchScreen, pane_id: str) -> bool:
    region = screen.query_one(f"#{pane_id}").region
    return region.width >= 20 and region.height >= 5 and screen.region.contains_region(region)


def _assert_focus_visible(screen: WorkbenchScreen) -> None:
    pane = _pane_of_focus(screen)
    assert pane is not None and _on_screen(screen, pane), f"focus on {screen.focused!r} in hidden pane {pane}"


def test_layouts_by_size() -> None:
    assert layout_for(80, 24) == "single"
    assert layout_for(120, 40) == "medium"
    assert layout_for(200, 50) == "wide"
    assert layout_for(59, 30) == "small" and layout_for(100, 15) == "small"


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_every_pane_is_reached_and_used(size: tuple[int, int]) -> None:
    app = _app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkbenchScreen)
        # The editor is the widest pane on show.
        kernel = screen.query_one("#kernel-pane").region
        assert all(kernel.width >= screen.query_one(f"#{p}").region.width
                   for p, _ in PANES if p not in ("kernel-pane", "timeline"))
        # Used: typing goes into the editor, which is on screen.
        assert _pane_of_focus(screen) == "kernel-pane"
        editor = screen.query_one(KernelPane).current_editor
        assert editor is not None and screen.focused is editor
        before = editor.text
        await pilot.press("end", "x")
        assert editor.text != before
        await pilot.press("ctrl+z")
        await pilot.press("f5")  # the canned evaluator's first answer: one compile error at line 27
        await settle(pilot)
        seen: list[str] = []
        for _ in PANES:
            await pilot.press("ctrl+n")
            await pilot.pause()
            pane = _pane_of_focus(screen)
            assert pane is not None
            seen.append(pane)
            _assert_focus_visible(screen)
        assert set(seen) == {p for p, _ in PANES}
        for _ in range(8):  # Tab moves only through what is on screen
            await pilot.press("tab")
            await pilot.pause()
            _assert_focus_visible(screen)
        # Used: the timing table has the row of the evaluation; a diagnostic jumps into the editor.
        while _pane_of_focus(screen) != "timings-pane":
            await pilot.press("ctrl+n")
        assert isinstance(screen.focused, DataTable) and screen.focused.row_count == 1
        while _pane_of_focus(screen) != "diag-pane":
            await pilot.press("ctrl+n")
        assert isinstance(screen.focused, OptionList)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(screen.focused, KernelEditor) and screen.focused.cursor_location[0] == 26
        _assert_focus_visible(screen)


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_zoom_shows_one_pane_on_the_whole_screen(size: tuple[int, int]) -> None:
    app = _app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("ctrl+n")  # the Timings pane
        await pilot.press("f10")
        await pilot.pause()
        assert screen.query_one("#timings-pane").region.width == size[0]
        assert all(not screen.query_one(f"#{p}").region.area for p, _ in PANES if p != "timings-pane")
        _assert_focus_visible(screen)
        await pilot.press("f10")
        await pilot.pause()
        assert _pane_of_focus(screen) == "timings-pane"
        _assert_focus_visible(screen)


async def test_f5_never_evaluates_an_edit_the_engineer_cannot_see() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("ctrl+n")  # Timings: the editor is hidden now
        await pilot.pause()
        assert not screen.pane_visible("kernel-pane")
        await screen.query_one(KernelPane).load({"CPULayerNorm.cpp": "// changed behind the engineer's back\n"})
        await pilot.press("f5")
        await settle(pilot)
        assert screen.controller.history == []  # not evaluated: shown instead
        assert screen.pane_visible("kernel-pane") and _pane_of_focus(screen) == "kernel-pane"
        await pilot.press("f5")
        await settle(pilot)
        assert len(screen.controller.history) == 1


async def test_too_small_says_so_and_holds_no_focus() -> None:
    app = _app()
    async with app.run_test(size=(50, 12)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "needs at least 60×16" in str(screen.query_one("#too-small").render())
        assert screen.focused is None
        await pilot.press("x", "tab", "x")
        assert screen.focused is None or _on_screen(screen, _pane_of_focus(screen) or "")


async def test_the_layout_is_set_before_the_task_is_prepared() -> None:
    """No flash: the first frame already has the final layout, and the kernel pane says what is coming."""
    app = _app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkbenchScreen) and screen.has_class("-wide")
        regions = {p: screen.query_one(f"#{p}").region for p, _ in PANES}
        await settle(pilot)
        assert {p: screen.query_one(f"#{p}").region for p, _ in PANES} == regions
        assert not screen.query_one("#kernel-loading").display
