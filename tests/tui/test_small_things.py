"""The smaller fixes of issue 14: F2/F3 open focused, F3's default pair, --watch's filter, F1's extra keys."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from screens.app import Launch, WorkbenchApp
from screens.diff import EDITOR, DiffScreen, default_pair
from screens.help import help_table
from screens.settings import SettingsScreen
from workbench.config import Config
from workbench.watch import editor_temp_file, watched_change

from .conftest import canned_evaluator

pytestmark = pytest.mark.anyio


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("name", ["sedxx8g4Q", "sedAB12cd", ".CPUSoftmax.cpp.swp", "CPUSoftmax.cpp.swo",
                                  "CPUSoftmax.cpp~", ".#CPUSoftmax.cpp", "#CPUSoftmax.cpp#", "4913",
                                  "CPUSoftmax.cpp___jb_tmp___"])
def test_editor_temp_files_are_ignored(name: str) -> None:
    assert editor_temp_file(name)
    assert not watched_change(None, f"/k/{name}")


@pytest.mark.parametrize("name", ["CPUSoftmax.cpp", "CPUSoftmax.hpp", "sed.cpp", "kernel.cc"])
def test_kernel_sources_are_watched(name: str) -> None:
    assert not editor_temp_file(name) and watched_change(None, f"/k/{name}")


def test_f3_default_pair_is_the_two_most_recent_different() -> None:
    a, b, c = {"k.cpp": "a"}, {"k.cpp": "b"}, {"k.cpp": "c"}
    src = {"0": ("#1", a), "1": ("#2", b), "2": ("#3", b), EDITOR: ("editor", b)}
    assert default_pair(src) == ("0", "2")  # the editor is #3: #3 against the last different one
    src[EDITOR] = ("editor", c)
    assert default_pair(src) == ("2", EDITOR)
    assert default_pair({EDITOR: ("editor", a)}) == (EDITOR, EDITOR)


def test_help_lists_escape_and_undo() -> None:
    rows = [str(c) for col in help_table({}).columns for c in col._cells]
    assert "escape" in rows and any("undo" in r.lower() for r in rows)


@pytest.mark.parametrize("key", ["f2", "f3"])
async def test_f2_and_f3_open_with_something_focused(key: str) -> None:
    app = WorkbenchApp(Launch(task="LayerNorm_vision"), Config(), evaluator=canned_evaluator(),
                       save_settings=False, record_sessions=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen if key == "f2" else DiffScreen)
        assert isinstance(app.screen.focused, Select)
        if key == "f3":  # the evaluated reference against the editor, identical: both on the one candidate
            assert app.screen.query_one("#diff-a", Select).value == app.screen.query_one("#diff-b", Select).value


async def test_f11_without_an_mnn_tree_says_how_to_set_one_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_agent_flow import timeline_text

    monkeypatch.delenv("MKB_MNN_ROOT", raising=False)
    app = WorkbenchApp(Launch(task="LayerNorm_vision"), Config(), evaluator=canned_evaluator(), save_settings=False,
                       record_sessions=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f11")
        await settle(pilot)
        text = timeline_text(app.screen)
        assert "no MNN source is set up: run `mkb mnn setup PATH`" in text, text
        assert app.is_running
