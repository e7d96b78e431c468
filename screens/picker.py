"""The task picker: every task by category, filtered as you type, with its best speedup so far."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from tasks.task import Task
from workbench.task_list import TaskRow, task_rows


@dataclass
class RowsLoaded(Message):
    rows: list[TaskRow]


class TaskPicker(Screen[Task | None]):
    """Dismisses with the chosen task (None on Esc, when there is a screen to go back to)."""

    BINDINGS = [Binding("escape", "back", "Back"), Binding("down", "table_focus", show=False)]  # noqa: RUF012
    DEFAULT_CSS = """
    TaskPicker #problem { color: $error; text-style: bold; padding: 0 1; height: auto; }
    TaskPicker #filter { margin: 0 1; }
    TaskPicker DataTable { height: 1fr; margin: 0 1; }
    """

    def __init__(self, problem: str = "") -> None:
        super().__init__()
        self.problem = problem
        self.rows: list[TaskRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.problem, id="problem")
        yield Input(placeholder="filter tasks: type part of a name, category or op", id="filter")
        table: DataTable[str | Text] = DataTable(id="tasks", cursor_type="row", zebra_stripes=True)
        table.add_columns("category", "task", "ONNX op", "best speedup", "MNN baseline")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "pick a task"
        self.query_one("#problem", Static).display = bool(self.problem)
        self.query_one("#filter", Input).focus()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        self.post_message(RowsLoaded(task_rows()))

    @on(RowsLoaded)
    def _loaded(self, msg: RowsLoaded) -> None:
        self.rows = msg.rows
        self._fill(self.query_one("#filter", Input).value)

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def matching(self, text: str) -> list[TaskRow]:
        words = text.lower().split()
        return [r for r in self.rows
                if all(w in f"{r.task.category} {r.task.id} {r.task.onnx_op}".lower() for w in words)]

    def _fill(self, text: str) -> None:
        table = self.query_one("#tasks", DataTable)
        table.clear()
        for r in self.matching(text):
            speed = Text(r.best_label, style="green" if r.best_speedup is not None else "dim")
            base = Text(r.baseline, style="green" if r.baseline == "yes" else "dim")
            table.add_row(r.task.category, Text(r.task.id, style="bold"), r.task.onnx_op, speed, base, key=r.task.id)

    @on(Input.Submitted, "#filter")
    def _submit(self, _event: Input.Submitted) -> None:
        table = self.query_one("#tasks", DataTable)
        if table.row_count:
            self._choose(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    @on(DataTable.RowSelected, "#tasks")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._choose(str(event.row_key.value))

    def _choose(self, task_id: str) -> None:
        self.dismiss(next(r.task for r in self.rows if r.task.id == task_id))

    def action_table_focus(self) -> None:
        self.query_one("#tasks", DataTable).focus()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:  # the default screen, then whatever opened the picker
            self.dismiss(None)
