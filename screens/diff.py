"""Diff any two candidates (or a candidate and the editor's unsaved text), file by file."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from rich.syntax import Syntax
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Select, Static

from workbench.controller import Iteration

EDITOR = "editor"


def unified_diff(a: Mapping[str, str], b: Mapping[str, str], a_name: str, b_name: str) -> str:
    chunks: list[str] = []
    for name in sorted(set(a) | set(b)):
        chunks += difflib.unified_diff(a.get(name, "").splitlines(keepends=True),
                                       b.get(name, "").splitlines(keepends=True),
                                       f"{a_name}/{name}", f"{b_name}/{name}")
    return "".join(chunks)


class DiffScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    DiffScreen { align: center middle; }
    DiffScreen > VerticalScroll { width: 95%; height: 90%; border: thick $accent; background: $surface; }
    DiffScreen Horizontal { height: auto; }
    DiffScreen Select { width: 1fr; }
    DiffScreen Label { padding: 1 1 0 1; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]  # noqa: RUF012

    def __init__(self, history: list[Iteration], editor_files: Mapping[str, str]) -> None:
        super().__init__()
        self.sources: dict[str, tuple[str, Mapping[str, str]]] = {
            str(i): (it.label, it.files) for i, it in enumerate(history)}  # a number may be shared
        self.sources[EDITOR] = ("the editor (unsaved)", editor_files)

    def compose(self) -> ComposeResult:
        options = [(label, key) for key, (label, _) in self.sources.items()]
        keys = list(self.sources)
        with VerticalScroll():
            yield Label("Diff of two candidates (Esc closes)")
            with Horizontal():
                yield Select(options, value=keys[-2] if len(keys) > 1 else keys[0], allow_blank=False, id="diff-a")
                yield Select(options, value=keys[-1], allow_blank=False, id="diff-b")
            yield Static(id="diff-body")
        yield Footer()

    def on_mount(self) -> None:
        self._render_diff()

    @on(Select.Changed)
    def _render_diff(self) -> None:
        a = str(self.query_one("#diff-a", Select).value)
        b = str(self.query_one("#diff-b", Select).value)
        text = unified_diff(self.sources[a][1], self.sources[b][1], f"#{a}", f"#{b}")
        body = self.query_one("#diff-body", Static)
        if not text:
            body.update(Text("The two are identical.", style="dim"))
        else:
            body.update(Syntax(text, "diff", theme="monokai", background_color="default"))
