"""The rooms import downward only (screens -> workbench -> {agents, sessions} -> tasks -> toolchain), no
module imports itself back through others (no circles, also inside a folder), Textual and the App live
with the screens, and the `mkb` commands never import the module that dispatches them."""

from __future__ import annotations

import ast
import importlib
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

ALLOWED = {
    "toolchain": {"toolchain"},
    "tasks": {"tasks", "toolchain"},
    "agents": {"agents", "tasks", "toolchain"},
    "sessions": {"sessions", "tasks", "toolchain"},
    "workbench": {"workbench", "agents", "sessions", "tasks", "toolchain"},
    "screens": {"screens", "workbench", "agents", "sessions", "tasks", "toolchain"},
}
ROOMS = set(ALLOWED)


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _walk(node: ast.AST, *, runtime_only: bool) -> Iterator[ast.AST]:
    """Every node, leaving out `if TYPE_CHECKING:` blocks when only runtime imports matter."""
    for child in ast.iter_child_nodes(node):
        if runtime_only and _is_type_checking(child):
            continue
        yield child
        yield from _walk(child, runtime_only=runtime_only)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, runtime_only: bool = False) -> Iterator[str]:
    """Every module `path` imports, at the top or inside a function (a lazy import is still an arrow)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in _walk(tree, runtime_only=runtime_only):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{a.name}" for a in node.names)  # `from pkg import submodule`


def _room_files(room: str) -> list[Path]:
    return sorted((REPO / room).rglob("*.py"))


@pytest.mark.parametrize("room", sorted(ALLOWED))
def test_room_imports_downward(room: str) -> None:
    bad = []
    for path in _room_files(room):
        for mod in _imports(path):
            top = mod.split(".")[0]
            if top in ROOMS and top not in ALLOWED[room]:
                bad.append(f"{path.relative_to(REPO)} imports {mod}")
    assert bad == []


@pytest.mark.parametrize("room", sorted(ROOMS - {"screens"}))
def test_nothing_below_the_screens_imports_textual(room: str) -> None:
    bad = [f"{p.relative_to(REPO)} imports {m}" for p in _room_files(room) for m in _imports(p)
           if m.split(".")[0] == "textual"]
    assert bad == []


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for room in ROOMS for p in _room_files(room)}
    return {name: {m for m in _imports(path, runtime_only=True) if m in files and m != name}
            for name, path in files.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                out.append(sorted(scc))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_sees_a_circle_inside_a_folder() -> None:
    assert _cycles({"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}) == [["a.x", "a.y", "a.z"]]
    assert _cycles({"a.x": {"a.y"}, "a.y": set()}) == []


def test_no_module_imports_itself_back() -> None:
    """No circle anywhere, lazy imports included (only `if TYPE_CHECKING:` names are exempt)."""
    assert _cycles(_graph()) == []


def test_the_target_types_and_their_factory_are_apart() -> None:
    """`toolchain.adb` names the target types without importing the factory that opens it."""
    graph = _graph()
    adb = [m for m in graph if m.startswith("toolchain.adb")]
    assert all("toolchain.targets" not in graph[m] for m in adb)
    assert any(m.startswith("toolchain.adb") for m in graph["toolchain.targets"])


def test_the_app_lives_with_the_screens() -> None:
    apps = []
    for room in ROOMS:
        for path in _room_files(room):
            tree = ast.parse(path.read_text())
            apps += [(room, node.name) for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                     and any(ast.unparse(b).split("[")[0] in ("App", "textual.app.App") for b in node.bases)]
    assert apps == [("screens", "WorkbenchApp")]


def test_mkb_tui_entry_point_starts_from_the_screens() -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    module, _, func = scripts["mkb-tui"].partition(":")
    assert module.split(".")[0] == "screens"
    assert callable(getattr(importlib.import_module(module), func))


def test_commands_never_import_the_dispatcher() -> None:
    bad = [f"{p.relative_to(REPO)} imports {m}" for p in sorted((REPO / "workbench" / "commands").glob("*.py"))
           for m in _imports(p) if m == "workbench.cli" or m.startswith("workbench.cli.")]
    assert bad == []
