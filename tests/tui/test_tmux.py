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


def test_timings_pane_shows_samples_before_the_evaluation_ends(tmp_path: Path) -> None:
    """A long timing run (4 s per side, from the config): the running median shows while it still runs."""
    name = f"mkb-{uuid.uuid4().hex[:8]}"
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "config.toml").write_text("min_time_ms = 4000\n")
    env_prefix = f"MKB_CONFIG_DIR={cfg} MKB_DATA_DIR={tmp_path / 'data'}"
    cmd = f"cd {REPO} && {env_prefix} {sys.executable} -m screens.tui --task LayerNorm_vision; sleep 30"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "200", "-y", "50", cmd], check=True,
                   env={**os.environ, "TERM": "xterm-256color"})
    try:
        screen = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            screen = _capture(name)
            if "Loaded the reference kernel" in screen:
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"the reference kernel never loaded; the terminal showed:\n{screen}")
        subprocess.run(["tmux", "send-keys", "-t", name, "F5"], check=True)
        live = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            screen = _capture(name)
            # Still running: the progress line (phase, clock) is there; it goes when the result lands.
            running = "running kernel…" in screen or "timing the baseline…" in screen
            if running and "samples  median" in screen:
                live = screen
                break
            if "best #1" in screen or "no correct candidate" in screen.split("Timings")[-1]:
                break
            time.sleep(0.1)
        assert live is not None, f"no samples were shown while the evaluation ran; the terminal showed:\n{screen}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "best #1" not in screen:
            time.sleep(0.5)
            screen = _capture(name)
        assert "best #1" in screen, f"the evaluation never finished correct; the terminal showed:\n{screen}"
        assert "running kernel…" not in screen and "kernel " in screen and "samples  median" in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
