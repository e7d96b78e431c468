"""Smoke test in a real terminal: start `mkb-tui` in tmux, find the four pane titles, quit with ctrl+q."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux is not installed (CI: apt-get install tmux)")


def _capture(name: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout


def test_mkb_tui_shows_four_panes_and_quits(tmp_path: Path) -> None:
    name = f"mkb-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-status"
    env_prefix = f"MKB_CONFIG_DIR={tmp_path / 'cfg'} MKB_DATA_DIR={tmp_path / 'data'}"
    cmd = (f"cd {REPO} && {env_prefix} {sys.executable} -m screens.tui --task LayerNorm_vision; "
           f"echo $? > {done}; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "170", "-y", "45", cmd], check=True,
                   env={**os.environ, "TERM": "xterm-256color"})
    try:
        screen = ""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            screen = _capture(name)
            if all(f"─ {t} ─" in screen for t in ("Task", "Kernel", "Diagnostics", "Timings")):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"the four pane titles never appeared; the terminal showed:\n{screen}")
        subprocess.run(["tmux", "send-keys", "-t", name, "C-q"], check=True)
        deadline = time.monotonic() + 10
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.exists(), "mkb-tui did not quit on ctrl+q"
        assert done.read_text().strip() == "0"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
