"""Sessions in the workbench: the shipped demos replayed, forking at a replay step, the task picker's
best speedup from saved sessions, and watch mode re-evaluating a kernel saved by another editor."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from textual.widgets import DataTable

from screens.app import Launch, WorkbenchApp
from screens.panes import KernelPane, TimingsPane
from screens.picker import TaskPicker
from screens.workbench import WorkbenchScreen
from sessions.library import DEMOS_DIR
from sessions.metrics import score
from sessions.store import load_session
from tasks.registry import REFERENCE_KERNELS_DIR
from toolchain.result import Status
from workbench.config import Config
from workbench.controller import Controller
from workbench.task_list import task_rows

from .conftest import SIZE, canned_evaluator
from .test_agent_flow import timeline_text, until

pytestmark = pytest.mark.anyio
DEMO = DEMOS_DIR / "LayerNorm_vision.jsonl"


def _cpp(screen: WorkbenchScreen) -> str:
    return next(e.text for e in screen.query_one(KernelPane).editors if e.file_name.endswith(".cpp"))


async def test_shipped_demo_opens_and_steps_to_its_end() -> None:
    app = WorkbenchApp(Launch(session=str(DEMO)), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, WorkbenchScreen), "the replay screen")
        screen = app.screen
        history = screen.controller.history
        assert len(history) == 6 and all(it.result is not None for it in history)
        table = screen.query_one(TimingsPane).query_one(DataTable)
        for n in range(1, len(history) + 1):
            await until(pilot, lambda n=n: table.row_count == n and _cpp(screen) == history[n - 1].files[
                "CPULayerNorm.cpp"], f"replay step {n}")
            assert f"replay {n}/6" in str(screen.query_one("#status").render())
            await pilot.press("f6")
        await pilot.pause()
        assert any("last recorded step" in n.message for n in app._notifications)


async def test_fork_at_the_replay_step_names_parent_and_step() -> None:
    app = WorkbenchApp(Launch(session=str(DEMO)), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, WorkbenchScreen), "the replay screen")
        ctl = app.screen.controller
        await pilot.press("f6", "f6")  # to the third recorded candidate
        await pilot.pause()
        at = ctl.history[2]
        await pilot.press("ctrl+f")
        await pilot.pause()
        fork = ctl.session_path
        assert fork is not None and fork.parent.name == "sessions" and ctl.replayed_from is None
        assert len(ctl.history) == 3
    header = json.loads(fork.read_text().splitlines()[0])
    assert header["parent"]["session"] == str(DEMO.resolve())
    assert header["parent"]["step"] == at.session_step
    forked = load_session(fork)
    assert forked.events[-1].kind == "fork" and forked.events[-1].from_step == at.session_step
    assert max(e.seq for e in forked.events if e.kind == "evaluation") == at.session_step


async def test_picker_shows_the_best_speedup_of_saved_sessions(tmp_path: Path) -> None:
    # Record a session in $MKB_DATA_DIR the way the workbench does: a compile error, then 1.91x.
    ctl = Controller.for_task("LayerNorm_vision", Config(), evaluator=canned_evaluator())
    files = {p.name: p.read_text() for p in (REFERENCE_KERNELS_DIR / "LayerNorm").iterdir()}
    ctl.evaluate(files)
    best = ctl.evaluate(files | {"CPULayerNorm.cpp": files["CPULayerNorm.cpp"] + "\n"})
    ctl.close()
    assert ctl.session_path is not None and ctl.session_path.is_relative_to(tmp_path / "data")
    assert best is not None and best.speedup is not None

    rows = {r.task.id: r for r in task_rows()}
    assert rows["LayerNorm_vision"].best_speedup == pytest.approx(best.speedup)
    assert rows["Softmax"].best_speedup is None

    app = WorkbenchApp(Launch(task="NoSuchTask"), save_settings=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, TaskPicker) and app.screen.rows, "the task rows")
        await pilot.press(*"layernorm_vision")
        await pilot.pause()
        table = app.screen.query_one("#tasks", DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[3]) == f"{best.speedup:.2f}x"


def test_a_phone_best_never_competes_with_the_host_best(tmp_path: Path) -> None:
    ctl = Controller.for_task("LayerNorm_vision", Config(), evaluator=canned_evaluator())
    files = {p.name: p.read_text() for p in (REFERENCE_KERNELS_DIR / "LayerNorm").iterdir()}
    ctl.evaluate(files)  # the canned evaluator: a compile error, then a timed correct kernel
    host = ctl.evaluate(files | {"CPULayerNorm.cpp": files["CPULayerNorm.cpp"] + "\n"})
    ctl.close()
    assert host is not None and host.speedup is not None and ctl.session_path is not None
    # The same session as if measured on a phone, three times faster there.
    lines = [json.loads(x) for x in ctl.session_path.read_text().splitlines()]
    for e in lines:
        if "target" in e and e is lines[0]:
            e["target"] = "adb:emulator-5554"
        if e.get("kind") == "evaluation":
            e["result"]["target"] = "adb:emulator-5554"
            if e["result"]["baseline"].get("mnn_native_ms"):
                e["result"]["baseline"]["mnn_native_ms"] *= 3
    phone = ctl.session_path.with_name("phone.jsonl")
    phone.write_text("\n".join(json.dumps(e) for e in lines) + "\n")

    row = {r.task.id: r for r in task_rows()}["LayerNorm_vision"]
    assert (row.best_speedup, row.best_label) == (pytest.approx(host.speedup), f"{host.speedup:.2f}x")
    scored = score(load_session(p) for p in (ctl.session_path, phone))
    assert sorted(scored) == ["none", "none @ adb:emulator-5554"]  # scored apart (by hand: no model to score)

    ctl.session_path.unlink()  # only the phone's left: shown, and said where it was measured
    row = {r.task.id: r for r in task_rows()}["LayerNorm_vision"]
    assert row.best_label == f"{3 * host.speedup:.2f}x on adb:emulator-5554"


@pytest.mark.slow
async def test_watch_mode_evaluates_each_save(tmp_path: Path) -> None:
    folder = tmp_path / "kernel"
    folder.mkdir()
    for p in (REFERENCE_KERNELS_DIR / "LayerNorm").iterdir():
        (folder / p.name).write_text(p.read_text())
    cpp = folder / "CPULayerNorm.cpp"
    broken = cpp.read_text().replace("return v[0] + v[1]", "return v[0] + watched_typo", 1)
    assert "watched_typo" in broken

    app = WorkbenchApp(Launch(task="LayerNorm_vision", watch=folder), save_settings=False, record_sessions=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, WorkbenchScreen), "the workbench")
        screen = app.screen
        await until(pilot, lambda: screen.query_one(KernelPane).editors, "the watched kernel")
        assert "watching kernel" in str(screen.query_one("#status").render())
        assert not screen.controller.history  # nothing is evaluated until the file is saved
        # The watcher starts in a worker; a save before it is watching would go unseen, so save again
        # until the workbench reacts (the debounce folds the saves of one round into one evaluation).
        noticed = "CPULayerNorm.cpp changed: evaluating"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while noticed not in timeline_text(screen):
            assert loop.time() < deadline, "watch mode never noticed the saved kernel"
            cpp.write_text(broken)
            for _ in range(20):
                await pilot.pause(0.1)
                if noticed in timeline_text(screen):
                    break
        await until(pilot, lambda: screen.controller.history, "the evaluation")
        result = screen.controller.history[-1].result
        assert result.status is Status.COMPILE_ERROR
        assert any("watched_typo" in d.message for d in result.diagnostics)
        assert "watched_typo" in _cpp(screen)  # the editor shows what was saved
        await until(pilot, lambda: screen.query_one(TimingsPane).query_one(DataTable).row_count >= 1,
                    "the timing row")
