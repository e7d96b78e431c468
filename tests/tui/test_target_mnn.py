"""F4 lists the MNN tree set up with `mkb mnn setup`; choosing it evaluates the kernel inside the tree, against
MNN's own kernel from the same build."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from screens.app import Launch, WorkbenchApp
from screens.devices import DevicesScreen
from screens.panes import TimingsPane
from tests.toolchain.mnn_tree import tarball
from toolchain.mnn.tree import MnnTree
from toolchain.result import Status
from workbench.config import Config

from .conftest import SIZE
from .test_devices import _rows, _status
from .test_flows import settle

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


async def test_choose_the_mnn_tree_and_evaluate_there(built: MnnTree, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKB_MNN_ROOT", str(tarball()))
    app = WorkbenchApp(Launch(task="Relu"), Config(min_time_ms=5), save_settings=False, record_sessions=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ctl = app.screen.controller
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        rows = _rows(app)
        at = next(i for i, r in enumerate(rows) if r[2:].startswith("mnn"))
        assert "ready" in rows[at] and built.label in rows[at], rows
        app.screen.query_one("#devices", OptionList).highlighted = at
        await pilot.press("enter")
        await settle(pilot)
        assert ctl.target_name == "mnn" and "target mnn" in _status(app)
        await pilot.press("f5")  # the reference ReLU, as the editor opened it
        await settle(pilot)
        [it] = ctl.history
        assert it.result is not None and it.result.status is Status.OK, it.result.message
        assert it.result.target == "mnn" and it.result.baseline.source == built.label
        assert app.screen.query_one(TimingsPane).border_subtitle == "on mnn"
