"""The four panes of the main screen, and the agent timeline under them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, OptionList, RichLog, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from agents.events import ORIGIN_TITLE, plan_text
from screens.editor import KernelEditor
from screens.syntax import enclosing, highlight
from tasks.task import Task
from toolchain.result import Diagnostic, EvalResult, Status, Timing
from toolchain.sandbox import unsandboxed
from workbench.controller import Iteration

MAX_SHOWN = 40


def _tab_id(name: str) -> str:
    return "file-" + "".join(c if c.isalnum() else "-" for c in name)


class TaskPane(VerticalScroll):
    """What the kernel must compute: op, shapes, dtypes, attributes, and the PyTorch module."""

    def __init__(self, task: Task, **kw: Any) -> None:
        super().__init__(**kw)
        self.kernel_task = task
        self.border_title = "Task"

    def compose(self) -> ComposeResult:
        t = self.kernel_task
        yield Static(Text.assemble((t.id, "bold"), f"  {t.category} · ONNX {t.onnx_op}"), id="task-title")
        yield Static(Text("preparing the task (its first use exports the model)…", style="dim italic"),
                     id="task-facts")
        yield Static(Syntax(t.source, "python", theme="monokai", background_color="default", word_wrap=True),
                     id="task-source")

    def show_description(self, d: Mapping[str, Any]) -> None:
        self.query_one("#task-facts", Static).update(describe_task(d))

    def show_problem(self, message: str) -> None:
        self.query_one("#task-facts", Static).update(Text(message, style="bold red"))


def describe_task(d: Mapping[str, Any]) -> Table | Text:
    if not d.get("prepared"):
        return Text("; ".join(d.get("problems") or ["the task could not be prepared"]), style="bold red")
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    ops = d.get("mnn_op_type") or "none (" + ", ".join(d.get("mnn_ops") or ()) + ")"
    table.add_row("MNN op", ops)
    for s in d.get("inputs") or ():
        table.add_row("input", f"{s['name']} {tuple(s['shape'])} {s['dtype']} ({s['distribution']})")
    for s in d.get("outputs") or ():
        table.add_row("output", f"{s['name']} {tuple(s['shape'])} {s['dtype']}")
    for oi in d.get("op_inputs") or ():
        if oi.get("constant"):
            table.add_row("const", f"{oi['name']} {tuple(oi['shape'])} {oi['dtype']} {oi.get('format', '')}")
    attrs = _attributes(d)
    if attrs:
        table.add_row("attributes", attrs)
    table.add_row("tolerance", f"atol {d['atol']:g}, rtol {d['rtol']:g}")
    table.add_row("baseline", str(d.get("baseline", "")))
    if d.get("notes"):
        table.add_row("notes", str(d["notes"]))
    return table


def _attributes(d: Mapping[str, Any]) -> str:
    attrs = d.get("attributes")
    if not isinstance(attrs, dict):
        return ""
    # Long arrays (weights folded into the op) say nothing at a glance; their shapes are listed above.
    return ", ".join(f"{k}={v}" for k, v in attrs.items() if len(str(v)) < 40)


class KernelPane(Vertical):
    """One editor tab per candidate file."""

    def __init__(self, loading_text: str = "", **kw: Any) -> None:
        super().__init__(**kw)
        self.border_title = "Kernel"
        self._loading_text = loading_text

    def compose(self) -> ComposeResult:
        # Until the kernel is in, a line says what is coming (the same height the tab bar takes), not nothing.
        yield Static(Text(self._loading_text, style="dim italic"), id="kernel-loading")
        yield TabbedContent(id="kernel-tabs")

    @property
    def editors(self) -> list[KernelEditor]:
        return list(self.query(KernelEditor))

    def files(self) -> dict[str, str]:
        return {e.file_name: e.text for e in self.editors}

    def state(self) -> dict[str, Any]:
        """What to restore next time: the file on show and each file's cursor."""
        current = self.current_editor
        return {"active": current.file_name if current else None,
                "cursors": {e.file_name: list(e.cursor_location) for e in self.editors}}

    def restore_state(self, state: Mapping[str, Any]) -> None:
        cursors = state.get("cursors")
        for e in self.editors:
            where = cursors.get(e.file_name) if isinstance(cursors, dict) else None
            if isinstance(where, list) and len(where) == 2 and all(isinstance(v, int) for v in where):
                e.cursor_location = (min(where[0], e.document.line_count - 1), where[1])
                e.scroll_cursor_visible(center=True)
        if state.get("active") in {e.file_name for e in self.editors}:
            self.query_one(TabbedContent).active = _tab_id(str(state["active"]))

    @property
    def current_editor(self) -> KernelEditor | None:
        """The editor of the tab on show."""
        pane = self.query_one(TabbedContent).active_pane
        found = list(pane.query(KernelEditor)) if pane is not None else []
        return found[0] if found else None

    async def load(self, files: Mapping[str, str]) -> None:
        """Replace the tabs with `files`; a file of the same name keeps its tab (and undo history goes)."""
        tabs = self.query_one(TabbedContent)
        have = {e.file_name: e for e in self.editors}
        for name in have:
            if name not in files:
                await tabs.remove_pane(_tab_id(name))
        for name, text in files.items():
            if name in have:
                if have[name].text != text:
                    have[name].load_text(text)
            else:
                await tabs.add_pane(TabPane(name, KernelEditor(text, name), id=_tab_id(name)))
        self.query_one("#kernel-loading").display = False
        if files:
            # Sources first: the .cpp is what an engineer opens.
            first = sorted(files, key=lambda n: (not n.endswith((".cpp", ".cc")), n))[0]
            tabs.active = _tab_id(first)

    def mark(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        for e in self.editors:
            e.mark([d for d in diagnostics if d.file == e.file_name])

    def goto(self, file: str, line: int, column: int) -> bool:
        for e in self.editors:
            if e.file_name == file:
                self.query_one(TabbedContent).active = _tab_id(file)
                e.goto(line, column)
                return True
        return False


class DiagnosticsPane(Vertical):
    """The last evaluation's diagnostics, each with its enclosing code; Enter or a click jumps to it."""

    class Jump(Message):
        def __init__(self, diagnostic: Diagnostic) -> None:
            super().__init__()
            self.diagnostic = diagnostic

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.border_title = "Diagnostics"
        self._diagnostics: list[Diagnostic] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("No evaluation yet: F5 evaluates the editor's kernel.", style="dim"), id="diag-summary")
        yield OptionList(id="diag-list")

    def show(self, result: EvalResult, files: Mapping[str, str]) -> None:
        # One mistake can cascade into hundreds of errors; the first ones are the ones to read.
        shown = [d for d in result.diagnostics if d.severity != "note"][:MAX_SHOWN]
        self._diagnostics = shown
        summary = Text.assemble((result.status.value, _status_style(result.status)), " — ", result.message)
        self.query_one("#diag-summary", Static).update(summary)
        options = self.query_one("#diag-list", OptionList)
        options.clear_options()
        options.add_options([Option(render_diagnostic(d, files.get(d.file)), id=str(i))
                             for i, d in enumerate(shown)])
        if shown:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#diag-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(self._diagnostics[int(event.option.id or 0)]))


def render_diagnostic(d: Diagnostic, source: str | None) -> Group:
    head = Text.assemble((f"{d.severity} ", _severity_style(d.severity)), (f"{d.file}:{d.line}:{d.column}", "bold"),
                         "  ", d.message)
    if source is None:  # in an API header, not in the candidate: nothing of ours to show
        return Group(head, Text("  in the kernel API headers", style="dim"))
    lines = source.split("\n")
    row = d.line - 1
    if not 0 <= row < len(lines):
        return Group(head)
    where = enclosing(source, row, d.file)
    styled = highlight(source)
    body = [Text(f"  in {where.name}", style="dim italic")]
    if where.kind != "file" and where.start_line < row - 1:
        body.append(_numbered(where.start_line, styled[where.start_line], False))
        if where.start_line < row - 2:
            body.append(Text("       …", style="dim"))
    for r in range(max(row - 1, where.start_line if where.kind != "file" else 0), min(row + 2, len(lines))):
        body.append(_numbered(r, styled[r], r == row))
    return Group(head, *body)


def _numbered(row: int, text: Text, is_error: bool) -> Text:
    gutter = Text(f"{'>' if is_error else ' '}{row + 1:4} │ ", style="bold red" if is_error else "dim")
    line = text.copy()
    line.no_wrap, line.overflow = True, "ellipsis"  # a snippet is for recognising the spot, not reading
    if is_error:
        line.stylize("on #4a1c1c")
    return gutter + line


def _severity_style(sev: str) -> str:
    return {"error": "bold red", "warning": "bold yellow"}.get(sev, "cyan")


def _status_style(status: Status) -> str:
    return "bold green" if status is Status.OK else "bold red"


# The speedup next to the status: on a narrow pane the table scrolls sideways, and what is cut off
# first should be the detail (spread), not the number the engineer is after.
# The target last: rows timed on different targets must not be read against each other.
TIMING_COLUMNS = (("#", 3), ("status", 13), ("speedup", 8), ("median ms", 9), ("MNN ms", 7), ("spread", 7),
                  ("target", 26))


BLOCKS = " ▁▂▃▄▅▆▇█"


def speedup_chart(speedups: list[float | None], width: int, height: int) -> Text:
    """Bars of each iteration's speedup over MNN, honest: proportional from zero, scaled so that 1.0x is on the
    chart as a dotted reference line (labelled), a column left blank for a candidate that was not correct (or
    not timed), and nothing at all when no candidate was. The newest iterations when they do not all fit."""
    if not any(s for s in speedups) or height < 1:
        return Text()
    label_w = 6
    shown = speedups[-max(1, (width - label_w) // 2):]
    top = max(1.0, *(s for s in shown if s)) * 1.15  # headroom: the tallest bar is never the frame
    ref_row = min(height - 1, int(1.0 / top * height))  # the row (from the bottom) the 1.0x line sits in
    lines: list[Text] = []
    for row in range(height - 1, -1, -1):  # top row first
        if row == ref_row:
            line = Text("1.0x ─", style="dim")
        elif row == height - 1:
            line = Text(f"{top / 1.15:>4.2g}x ", style="dim")
        else:
            line = Text(" " * label_w)
        for s in shown:
            eighths = round((s or 0.0) / top * height * 8) - row * 8
            cell = BLOCKS[max(0, min(8, eighths))]
            if cell == " " and row == ref_row:
                line.append("┄┄", style="dim")
                continue
            line.append(cell, style="green" if (s or 0) >= 1.0 else "yellow")
            line.append("┄" if row == ref_row else " ", style="dim")
        lines.append(line)
    return Text("\n").join(lines)


class SpeedupChart(Static):
    def __init__(self, **kw: Any) -> None:
        super().__init__("", **kw)
        self.speedups: list[float | None] = []
        self.display = False  # nothing drawn until a candidate is correct

    def set_data(self, speedups: list[float | None]) -> None:
        self.speedups = speedups
        self.display = any(s for s in speedups)
        self.refresh()

    def render(self) -> Text:
        return speedup_chart(self.speedups, self.content_size.width or 40, 4)


def live_line(side: str, samples: tuple[float, ...]) -> Text:
    t = Timing.from_samples(samples)
    return Text.assemble((f"{side:<8} ", "bold"), f"{t.runs:>5} samples  median {t.median_ms:.4g} ms  ",
                         (f"±{t.iqr_ms / 2:.2g}", "dim"))


def phone_state(result: EvalResult) -> Text | None:
    """A phone's hottest zone and fastest core before, during (the hottest and slowest of the readings taken
    while the judge ran) and after the timed run; a warning when it throttled."""
    device = result.provenance.get("device")
    runs = device.get("runs") if isinstance(device, dict) else None
    if not runs or not isinstance(runs[-1], dict):
        return None
    before, after = runs[-1].get("before") or {}, runs[-1].get("after") or {}
    during = [s for s in runs[-1].get("during") or () if isinstance(s, dict)]

    def temp(s: dict[str, Any]) -> float | None:
        temps = [v for v in (s.get("temps_c") or {}).values() if isinstance(v, int | float)]
        return max(temps) if temps else None

    def ghz(s: dict[str, Any]) -> float | None:
        khz = [v for v in s.get("cur_khz") or () if isinstance(v, int)]
        return max(khz) / 1e6 if khz else None

    def fmt(t: float | None, f: float | None) -> str:
        return f"{'?' if t is None else f'{t:g} °C'}, {'?' if f is None else f'{f:.2f} GHz'}"

    temps = [t for s in (*during, after) if (t := temp(s)) is not None]
    clocks = [f for s in (*during, after) if (f := ghz(s)) is not None]
    text = Text.assemble(("phone ", "bold"), f"before {fmt(temp(before), ghz(before))}")
    if during:
        dt = [t for s in during if (t := temp(s)) is not None]
        df = [f for s in during if (f := ghz(s)) is not None]
        text.append(f" → during {fmt(max(dt, default=None), min(df, default=None))} "
                    f"(hottest, slowest of {len(during)})")
    text.append(f" → after {fmt(temp(after), ghz(after))}")
    fb = ghz(before)
    if (fb and clocks and min(clocks) < 0.9 * fb) or (temps and max(temps) >= THROTTLE_TEMP_C):
        text.append("  THROTTLED: the timings ran on a slowed CPU; let it cool and evaluate again",
                    style="bold red")
    return text


THROTTLE_TEMP_C = 60.0  # the adb runner's default limit (MKB_ADB_MAX_TEMP_C) for starting to time


class TimingsPane(Vertical):
    """Every candidate's status and time against MNN's kernel, the samples as they arrive, and the speedup per
    iteration."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.border_title = "Timings"
        self._live: dict[str, tuple[float, ...]] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="timing-progress")
        yield Static("", id="live")
        table: DataTable[Any] = DataTable(id="timing-table", cursor_type="row", zebra_stripes=True)
        # Fixed widths: columns that grow to fit their cells jump as rows arrive, and DataTable measures
        # them lazily (on idle), so a frame drawn just after a row lands could show the old widths.
        for label, width in TIMING_COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Static("", id="chart-label")
        yield SpeedupChart(id="speedup-chart")
        yield Static("", id="best")

    def show_target(self, name: str, emulated: bool) -> None:
        # In the bottom border: the title stays "Timings", which scripts (and the tmux smoke test) look for.
        self.border_subtitle = f"on {name}" + (" (emulated)" if emulated else "")

    def progress(self, text: str) -> None:
        self.query_one("#timing-progress", Static).update(Text(text, style="italic yellow") if text else "")

    def clear_live(self) -> None:
        self._live = {}
        self.query_one("#live", Static).update("")

    def samples(self, side: str, samples: tuple[float, ...], extra: Text | None = None) -> None:
        """The samples so far of one side ("kernel" or "baseline"): running median and spread, shown at once."""
        if samples:
            self._live[side] = samples
        lines = [live_line(s, self._live[s]) for s in ("kernel", "baseline") if s in self._live]
        if "kernel" in self._live and "baseline" in self._live:
            k = Timing.from_samples(self._live["kernel"]).median_ms
            b = Timing.from_samples(self._live["baseline"]).median_ms
            if k > 0:
                lines.append(Text(f"running speedup ≈ {b / k:.2f}x", style="dim"))
        if extra is not None:
            lines.append(extra)
        self.query_one("#live", Static).update(Text("\n").join(lines))

    def finished(self, result: EvalResult) -> None:
        """The evaluation's own samples replace the live ones (the last few may not have been relayed)."""
        self._live = {}
        if result.timing is not None:
            self._live["kernel"] = result.timing.samples_ms
        if result.baseline.timing is not None:
            self._live["baseline"] = result.baseline.timing.samples_ms
        self._live = {k: v for k, v in self._live.items() if v}
        self.samples("", (), phone_state(result))

    def show(self, history: list[Iteration], best: Iteration | None) -> None:
        table = self.query_one("#timing-table", DataTable)
        table.clear()
        for i, it in enumerate(history):  # keyed by position: an unevaluated hand-over shares its number
            table.add_row(*timing_row(it), key=str(i))
        if history:
            table.move_cursor(row=len(history) - 1)
        speedups = [it.speedup if it.result is not None and it.result.ok else None for it in history]
        self.query_one(SpeedupChart).set_data(speedups)
        shown = [s for s in speedups if s]
        label = ("speedup per iteration" + (f" (max {max(shown):.2f}x)" if shown else "")) if shown else ""
        self.query_one("#chart-label", Static).update(Text(label, style="dim"))
        if best is None:
            text = Text("no correct candidate yet", style="dim")
        else:
            against = best.result.baseline.label if best.result else "MNN"
            tuned = " (--host-tuned)" if best.result and best.result.host_tuned else ""
            sp = f"{best.speedup:.2f}x over {against}{tuned}" if best.speedup is not None else "speed not measured"
            text = Text.assemble(("best ", "dim"), (f"#{best.number}", "bold green"), f" {sp}")
        self.query_one("#best", Static).update(text)


def timing_row(it: Iteration) -> tuple[Text | str, ...]:
    r = it.result
    if r is None:
        return (str(it.number), Text("not evaluated", style="dim"), "", "", "", "", "")
    t, b = r.timing, r.baseline
    median = f"{t.median_ms:.4g}" if t else "—"
    spread = f"±{t.iqr_ms / 2:.2g}" if t else "—"
    mnn = f"{b.mnn_native_ms:.4g}" if b.mnn_native_ms is not None else "n/a"
    sp = Text(f"{r.speedup:.2f}x", style="bold green" if r.speedup >= 1 else "yellow") if r.speedup else Text("—")
    if r.flags:
        sp.append(" !", style="bold red")
    emulated = r.provenance.get("device", {}).get("emulated")
    where = Text(r.target + (" emulated" if emulated else ""), style="yellow" if emulated else "")
    if unsandboxed(r.provenance):
        where.append(" UNSANDBOXED", style="bold red")
    return (str(it.number), Text(r.status.value, style=_status_style(r.status)), sp, median, mnn, spread, where)


class AgentTimeline(RichLog):
    """Each iteration's role, plan and status, and the gate the loop waits at."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(wrap=True, markup=False, highlight=False, **kw)
        self.border_title = "Agent"
        self._partial = ""  # the streaming reply's unfinished last line

    def stream(self, role: str, chunk: str) -> None:
        """A piece of an LLM reply: whole lines go into the log as they complete; the line still being
        written shows in the border, so the reply is readable while it arrives."""
        *done, self._partial = (self._partial + chunk).split("\n")
        for line in done:
            self.write(Text(f"  {line}", style="dim"))
        tail = self._partial[-80:]
        # Text, not a str: a str would be read as markup, and a kernel's `a[i]` is not markup.
        self.border_subtitle = Text(f"{role} writing… {tail}".rstrip())

    def end_stream(self) -> None:
        if self._partial:
            self.write(Text(f"  {self._partial}", style="dim"))
        self._partial = ""
        self.border_subtitle = None

    def note(self, text: str | Text) -> None:
        self.write(text if isinstance(text, Text) else Text(text))

    def iteration(self, it: Iteration) -> None:
        r = it.result
        # Who wrote it: the Coder's draft, the Coder carrying out the Debugger's or Accelerator's plan, you.
        line = Text.assemble((f"#{it.number} ", "bold"), (f"{ORIGIN_TITLE.get(it.origin, it.origin):<20}", "cyan"))
        if r is not None:
            line.append(r.status.value, _status_style(r.status))
            if r.speedup is not None:
                line.append(f"  {r.speedup:.2f}x")
            line.append(f"  {r.message}", "dim")
        if it.plan:
            line.append("\n" + plan_text(dict(it.plan), "    "), "italic")
        self.write(line)
