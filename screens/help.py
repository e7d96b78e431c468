"""F1: every key and what it does, from the actions registry (so it never disagrees with the bindings)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.actions import ACTIONS, GATE_KEYS


def help_table(keys: dict[str, str]) -> Table:
    table = Table(box=None, padding=(0, 2), show_header=True, header_style="bold")
    table.add_column("key", style="bold cyan", no_wrap=True)
    table.add_column("action", no_wrap=True)
    table.add_column("what it does")
    for a in ACTIONS:
        table.add_row(keys.get(a.id, a.key), a.title, a.help)
    table.add_row("ctrl+p", "Palette", "Search every action by name.")
    table.add_row("escape", "Close", "Close a dialog or screen (help, provider, diff, sessions) without changing "
                  "anything.")
    table.add_row("ctrl+z / ctrl+y", "Undo / redo", "In the editor: undo and redo edits (a loaded kernel "
                  "starts a new history).")
    table.add_row("tab / shift+tab", "Focus", "Move between the widgets on show (never into a hidden pane).")
    for k in GATE_KEYS:  # the gate pane's keys, when it has focus (at a gate, or f12)
        table.add_row(k.key, f"gate: {k.title}", k.help)
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 110; height: auto; max-height: 90%;
                                  border: thick $accent; background: $surface; padding: 1 2; }
    """
    BINDINGS = [Binding("escape,f1,q", "dismiss(None)", "Close")]  # noqa: RUF012

    def __init__(self, keys: dict[str, str]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("MobileKernelBench Workbench — keys", style="bold"))
            yield Static(help_table(self.keys))
            yield Static(Text("\nThe editor takes printable keys, so steering uses F-keys and ctrl chords. "
                              "Remap any of them in config.toml under [keymap], e.g. evaluate = \"f9\".",
                              style="dim"))
