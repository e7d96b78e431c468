"""ctrl+o: the kept kernel workspaces, saved sessions and demos, with task, model, date and best speedup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from screens.dialogs import DIALOG_CSS


@dataclass(frozen=True)
class Choice:
    """What the engineer opened: a task's kept workspace ("workspace", task id) or a session ("session", path)."""

    kind: str
    target: str


@dataclass(frozen=True)
class Row:
    kind: str  # "workspace", "session", "demo"
    task: str
    model: str
    date: str
    best: float | None
    choice: Choice
    problem: str = ""


def session_rows() -> list[Row]:
    """Every kept workspace, then the saved sessions (newest first), then the demos. Reads files: call off the UI."""
    from sessions.library import demo_paths, list_sessions, summarize
    from workbench.workspace import list_workspaces

    rows = [Row("workspace", w.task, "", w.modified, w.best_speedup, Choice("workspace", w.task))
            for w in list_workspaces()]
    for kind, summaries in (("session", list_sessions()), ("demo", [summarize(p) for p in demo_paths()])):
        rows += [Row(kind, s.task, s.model or ("by hand" if s.written_by == "human" else ""), s.created,
                     s.best_speedup, Choice("session", str(s.path)), s.problem) for s in summaries]
    return rows


@dataclass
class RowsLoaded(Message):
    rows: list[Row]


class SessionList(ModalScreen[Choice | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="SessionList") + """
    SessionList > Vertical { max-width: 120; }
    SessionList DataTable { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Open a kernel workspace or a session (Enter), or type a session file's path below. "
                        "Esc cancels.")
            table: DataTable[object] = DataTable(id="session-table", cursor_type="row", zebra_stripes=True)
            table.add_columns("kind", "task", "model", "date", "best speedup", "file")
            yield table
            yield Input(placeholder="or a path: path/to/session.jsonl", id="session-path")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self._load()

    @work(thread=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            rows = session_rows()
        except Exception:  # a listing that fails must still leave the path box usable
            rows = []
        self.post_message(RowsLoaded(rows))

    @on(RowsLoaded)
    def _loaded(self, msg: RowsLoaded) -> None:
        self.rows = msg.rows
        table = self.query_one(DataTable)
        table.clear()
        for i, r in enumerate(msg.rows):
            best = Text(f"{r.best:.2f}x", style="green") if r.best is not None else Text("—", style="dim")
            where = Path(r.choice.target).name if r.choice.kind == "session" else "kernels, draft, last"
            table.add_row(r.kind, r.task, r.model or Text("—", style="dim"), r.date[:16].replace("T", " "), best,
                          Text(r.problem, style="yellow") if r.problem else where, key=str(i))
        if not msg.rows:
            self.query_one(Label).update("Nothing saved yet: type a session file's path, or Esc.")
            self.query_one(Input).focus()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(self.rows[int(str(event.row_key.value))].choice)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        self.dismiss(Choice("session", path) if path else None)
