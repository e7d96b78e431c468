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


def default_pair(sources: Mapping[str, tuple[str, Mapping[str, str]]]) -> tuple[str, str]:
    """The two most recent sources that differ: the editor when it differs from the latest candidate (else
    that candidate), against the newest earlier one with other files. The same key twice when all agree."""
    keys = list(sources)  # oldest first, the editor last
    newest = keys[-1] if len(keys) < 2 or sources[keys[-1]][1] != sources[keys[-2]][1] else keys[-2]
    files = sources[newest][1]
    older = next((k for k in reversed(keys[:keys.index(newest)]) if sources[k][1] != files), newest)
    return older, newest


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
        self.default_a, self.default_b = default_pair(self.sources)

    def compose(self) -> ComposeResult:
        options = [(label, key) for key, (label, _) in self.sources.items()]
        with VerticalScroll():
            yield Label("Diff of two candidates (Esc closes; Tab moves between the two choices)")
            with Horizontal():
                yield Select(options, value=self.default_a, allow_blank=False, id="diff-a")
                yield Select(options, value=self.default_b, allow_blank=False, id="diff-b")
            yield Static(id="diff-body")
        yield Footer()

    def on_mount(self) -> None:
        self._render_diff()
        self.query_one("#diff-a", Select).focus()

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
