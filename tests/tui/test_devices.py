"""F4 devices and evaluating on a phone, against the loopback adb server (aarch64 code under qemu)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import DataTable, OptionList, Static

from screens.app import Launch, WorkbenchApp
from screens.devices import DevicesScreen
from screens.panes import KernelPane, TimingsPane
from screens.workbench import WorkbenchScreen
from tests.adb.fake_adb_server import FakeAdbServer
from tests.adb.native import build_natively
from toolchain.adb.runner import AdbRunner
from toolchain.result import Status
from workbench.config import Config, config_path, load_config

from .conftest import SIZE
from .test_flows import settle

pytestmark = pytest.mark.anyio
SERIAL = "emulator-5554"


@pytest.fixture
def adb_server(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[FakeAdbServer]:
    with FakeAdbServer(workdir=tmp_path / "adb") as s:
        monkeypatch.setenv("ANDROID_ADB_SERVER_HOST", "127.0.0.1")
        monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(s.port))
        yield s


def _status(app: WorkbenchApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


def _rows(app: WorkbenchApp) -> list[str]:
    options = app.screen.query_one("#devices", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@pytest.mark.slow
async def test_choose_the_phone_and_evaluate_there(adb_server: FakeAdbServer,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    build_natively(monkeypatch)  # qemu-user cannot seal an arm64 kernel: the fake phone runs a native build
    adb_server.add_device(SERIAL)
    adb_server.add_device("R5CT30", state="unauthorized")
    phases: list[str] = []
    show_progress = TimingsPane.progress
    monkeypatch.setattr(TimingsPane, "progress", lambda pane, text: (phases.append(text), show_progress(pane, text)))
    states_while_running: list[dict[str, str]] = []
    execute = AdbRunner._execute

    def spy(runner: AdbRunner, *args):  # what F4 would list while the kernel runs on the phone
        states_while_running.append({r.spec: r.state for r in ctl.list_targets()[0]})
        return execute(runner, *args)

    monkeypatch.setattr(AdbRunner, "_execute", spy)
    app = WorkbenchApp(Launch(task="LayerNorm_vision"), Config(min_time_ms=5), save_settings=False,
                       record_sessions=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ctl = app.screen.controller
        assert "target host" in _status(app)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, DevicesScreen)
        rows = _rows(app)
        assert rows[0].startswith("● host") and "ready" in rows[0]
        assert any(SERIAL in r and "ready" in r and "Pixel 7" in r for r in rows), rows
        assert any("R5CT30" in r and "unauthorized" in r for r in rows), rows
        # An unauthorized phone cannot be used: one sentence, and the host stays the target.
        app.screen.query_one("#devices", OptionList).highlighted = next(i for i, r in enumerate(rows) if "R5CT30" in r)
        await pilot.press("enter")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("device R5CT30 is unauthorized: unlock it") and m.endswith("still evaluating on host.")
                   for m in messages), messages
        assert ctl.target_name == "host"
        await pilot.press("f4")
        await settle(pilot)
        app.screen.query_one("#devices", OptionList).highlighted = next(
            i for i, r in enumerate(_rows(app)) if SERIAL in r)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkbenchScreen)
        assert ctl.target_name == f"adb:{SERIAL}" and ctl.config.target == f"adb:{SERIAL}"
        assert f"target adb:{SERIAL} (emulated)" in _status(app)
        assert app.screen.query_one(TimingsPane).border_subtitle == f"on adb:{SERIAL} (emulated)"

        await pilot.press("f5")
        await settle(pilot)
        [it] = ctl.history
        assert it.result is not None and it.result.status is Status.OK, it.result.message
        assert it.result.target == f"adb:{SERIAL}"
        assert any("emulated device" in f for f in it.result.flags)
        row = app.screen.query_one(TimingsPane).query_one(DataTable).get_row_at(0)
        assert str(row[1]) == "ok" and str(row[2]).endswith("x !") and str(row[-1]) == f"adb:{SERIAL} emulated"
        # The phone's phases reached the pane as they happened, and F4 would have said it was busy.
        for phase in ("pushing kernel", f"running on {SERIAL}", f"pulling outputs from {SERIAL}"):
            assert any(phase in p for p in phases), phases
        assert states_while_running and all(s[f"adb:{SERIAL}"] == "busy" and s["host"] == "ready"
                                            for s in states_while_running)
        assert phases[-1] == ""  # and the progress line is gone once the row is in


async def test_no_adb_server_leaves_the_host_selectable(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeAdbServer() as s:
        port = s.port  # a port that just stopped listening
    monkeypatch.setenv("ANDROID_ADB_SERVER_HOST", "127.0.0.1")
    monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(port))
    # The config remembers a phone that is not there today.
    app = WorkbenchApp(Launch(task="LayerNorm_vision"), Config(target="adb"), record_sessions=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        files = app.screen.query_one(KernelPane).files()
        await pilot.press("f5")
        await settle(pilot)
        ctl = app.screen.controller
        messages = [n.message for n in app._notifications]
        assert any(m.startswith(f"no adb server is listening at 127.0.0.1:{port}") for m in messages), messages
        assert ctl.history == [] and app.screen.query_one(KernelPane).files() == files  # nothing lost

        await pilot.press("f4")
        await settle(pilot)
        note = str(app.screen.query_one("#devices-note", Static).render())
        assert note.startswith(f"no adb server is listening at 127.0.0.1:{port}") and "\n" not in note
        rows = _rows(app)
        assert len(rows) == 2 and rows[0].startswith("  host") and "ready" in rows[0] and "mnn" in rows[1]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkbenchScreen)
        assert ctl.target_name == "host" and "target host" in _status(app)
        # Saved: the next launch does not look for the phone again.
        assert config_path().is_file() and load_config().target == "host"
