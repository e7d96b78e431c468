"""The rooms import downward only: screens -> workbench -> {agents, sessions} -> {toolchain, tasks}."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import REPO

ALLOWED = {
    "tasks": {"tasks"},
    "toolchain": {"toolchain", "tasks"},
    "agents": {"agents", "toolchain", "tasks"},
    "sessions": {"sessions", "toolchain", "tasks"},
    "workbench": {"workbench", "agents", "sessions", "toolchain", "tasks", "screens"},
    "screens": {"screens", "workbench", "agents", "sessions", "toolchain", "tasks"},
}
ROOMS = set(ALLOWED)
NO_TEXTUAL = {"tasks", "toolchain", "agents", "sessions"}


def _imports(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("room", sorted(ALLOWED))
def test_room_imports_downward(room):
    bad = []
    for path in (REPO / room).rglob("*.py"):
        for mod in _imports(path):
            top = mod.split(".")[0]
            if top in ROOMS and top not in ALLOWED[room]:
                bad.append(f"{path.relative_to(REPO)} imports {mod}")
            if room in NO_TEXTUAL and top == "textual":
                bad.append(f"{path.relative_to(REPO)} imports Textual")
    assert bad == []


def test_workbench_imports_screens_only_from_the_app():
    """Below the UI, workbench modules (controller, config, commands) stay Textual-free."""
    offenders = []
    for path in (REPO / "workbench").rglob("*.py"):
        if path.name in ("app.py", "tui.py"):
            continue
        for mod in _imports(path):
            if mod.split(".")[0] in ("textual", "screens"):
                offenders.append(f"{path.relative_to(REPO)} imports {mod}")
    assert offenders == []
