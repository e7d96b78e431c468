"""F4: where evaluations run — this machine, inside the MNN tree set up with `mkb mnn setup`, or an Android
phone the adb server knows, each with its state.

The list is asked for in a worker each time the dialog opens (adb may be slow, or not running at all);
this machine is listed at once, so it stays selectable whatever adb does.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from screens.dialogs import DIALOG_CSS
from workbench.controller import Controller, TargetRow

STATE_STYLES = {"ready": "bold green", "busy": "bold yellow", "unauthorized": "bold red", "offline": "red"}


@dataclass
class TargetsListed(Message):
    rows: list[TargetRow]
    note: str  # one line when no phone could be listed, else ""


def target_prompt(row: TargetRow) -> Text:
    return Text.assemble(("● " if row.current else "  ", "bold cyan"), (f"{row.spec:<24}", "bold"),
                         (f"{row.state:<13}", STATE_STYLES.get(row.state, "yellow")), (row.description, "dim"))


class DevicesScreen(ModalScreen[str | None]):
    """Dismissed with the chosen target's spec (`host`, `mnn`, `adb:SERIAL`), or None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DevicesScreen") + """
    DevicesScreen OptionList { height: auto; max-height: 16; }
    DevicesScreen #devices-note { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [Binding("escape,f4", "dismiss(None)", "Close")]  # noqa: RUF012

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Where should kernels be evaluated? Enter chooses.")
            yield OptionList(id="devices")
            yield Static(Text("asking the adb server for its devices…", style="italic"), id="devices-note")

    def on_mount(self) -> None:
        self._show([TargetRow("host", "this machine", "ready", self.controller.target_name == "host")])
        self._list()

    @work(thread=True, exclusive=True, group="devices", exit_on_error=False)
    def _list(self) -> None:
        self.post_message(TargetsListed(*self.controller.list_targets()))

    @on(TargetsListed)
    def _listed(self, msg: TargetsListed) -> None:
        self._show(msg.rows)
        self.query_one("#devices-note", Static).update(Text(msg.note))

    def _show(self, rows: list[TargetRow]) -> None:
        options = self.query_one("#devices", OptionList)
        options.clear_options()
        options.add_options([Option(target_prompt(r), id=r.spec) for r in rows])
        options.highlighted = next((i for i, r in enumerate(rows) if r.current), 0)
        options.focus()

    @on(OptionList.OptionSelected, "#devices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
