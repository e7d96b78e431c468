"""Small modal questions: pick a candidate, type a path, rewrite a plan."""

from __future__ import annotations

import json
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

DIALOG_CSS = """
    {name} {{ align: center middle; }}
    {name} > Vertical {{ width: 80%; max-width: 100; height: auto; max-height: 80%;
                        border: thick $accent; background: $surface; padding: 1 2; }}
    {name} Label {{ margin-bottom: 1; }}
"""


class PickCandidate(ModalScreen[tuple[str, dict[str, str]] | None]):
    """A list of labelled kernels; the one chosen."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PickCandidate") + "PickCandidate OptionList { height: auto; max-height: 20; }"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]  # noqa: RUF012

    def __init__(self, choices: list[tuple[str, dict[str, str]]], question: str) -> None:
        super().__init__()
        self.choices = choices
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield OptionList(*(Option(label, id=str(i)) for i, (label, _) in enumerate(self.choices)))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)])


class AskPath(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="AskPath")
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]  # noqa: RUF012

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield Input(placeholder="path/to/session.jsonl")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


class EditPlan(ModalScreen[dict[str, Any] | None]):
    """The pending plan as JSON, for the engineer to rewrite before the Coder gets it."""

    DEFAULT_CSS = DIALOG_CSS.format(name="EditPlan") + """
    EditPlan TextArea { height: 16; }
    EditPlan #plan-error { color: $error; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"), Binding("ctrl+s", "submit", "Send", priority=True)]  # noqa: RUF012

    def __init__(self, plan: dict[str, Any]) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Edit the plan (JSON); ctrl+s sends it to the Coder, Esc cancels.")
            yield TextArea(json.dumps(self.plan, indent=2), id="plan")
            yield Static("", id="plan-error")
            yield Button("Send to the Coder", variant="primary", id="send")

    @on(Button.Pressed, "#send")
    def action_submit(self) -> None:
        try:
            plan = json.loads(self.query_one("#plan", TextArea).text)
        except json.JSONDecodeError as exc:
            self.query_one("#plan-error", Static).update(f"not valid JSON: {exc}")
            return
        if not isinstance(plan, dict):
            self.query_one("#plan-error", Static).update("a plan is a JSON object: {\"...\": ...}")
            return
        self.dismiss(plan)


class ConfirmUnsaved(ModalScreen[str | None]):
    """Unsaved edits are about to go: "save", "discard", or "cancel" (also Esc)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmUnsaved") + """
    ConfirmUnsaved Horizontal { height: auto; }
    ConfirmUnsaved Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "dismiss('cancel')", "Cancel"), Binding("s", "dismiss('save')", "Save"),  # noqa: RUF012
                Binding("d", "dismiss('discard')", "Discard"), Binding("c", "dismiss('cancel')", "Cancel")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"{self.question}\nThe editor holds edits not saved with ctrl+s.")
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Discard", variant="error", id="discard")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)
