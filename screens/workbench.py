"""The main screen: Task, Kernel, Diagnostics and Timings side by side, the agent timeline under them.

Long work (preparing the task, evaluating, watching a file) runs in workers that post the typed
messages below; handlers only render. Evaluations are one exclusive worker group, so a second F5
replaces the first, and F8 cancels it (the compile already running finishes in the background and
its result is dropped).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header, Static, TextArea
from textual.worker import get_current_worker

from screens.gate import GatePanel, session_event_lines
from screens.panes import AgentTimeline, DiagnosticsPane, KernelPane, TaskPane, TimingsPane
from workbench.actions import ACTIONS
from workbench.config import MODES
from workbench.controller import Controller, ControllerError, Iteration

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_EVENT_STYLE = {"Started": "bold", "Finished": "bold", "PromptSent": "dim", "ReplyReceived": "cyan",
                "ProviderFailed": "bold red", "ParseFailed": "bold red", "PlanMade": "italic"}
FIRST_RUN_HINT = "Tip: you are the Coder here — edit the kernel, press F5 to evaluate it, F1 lists every key."


@dataclass
class TaskDescribed(Message):
    description: dict[str, Any]


@dataclass
class KernelLoaded(Message):
    files: dict[str, str]
    origin: str


@dataclass
class LoadFailed(Message):
    message: str


@dataclass
class EvalProgress(Message):
    phase: str


@dataclass
class EvalSamples(Message):
    """One side's samples so far ("kernel" or "baseline"), while the evaluation's timing runs."""

    side: str
    samples: tuple[float, ...]


@dataclass
class EvalDone(Message):
    iteration: Iteration


@dataclass
class EvalFailed(Message):
    message: str


@dataclass
class DropInDone(Message):
    """What `verify-mnn` said of the editor's kernel (a toolchain.mnn.dropin.DropIn), or why it could not."""

    result: Any
    problem: str = ""


@dataclass
class TargetChanged(Message):
    """Evaluations now run on the controller's new target (the config says which: the App saves it)."""


@dataclass
class TargetFailed(Message):
    message: str


@dataclass
class AgentEvent(Message):
    event: Any  # one of agents.events.Event


@dataclass
class AgentText(Message):
    """A piece of an LLM reply, as it streams in."""

    role: str
    chunk: str


@dataclass
class AgentEnded(Message):
    """The agent worker is done (finished, stopped or failed): the status line says so."""


# The panes in the order ctrl+n visits them (the editor first: it is where the work is).
PANES: tuple[tuple[str, str], ...] = (("kernel-pane", "Kernel"), ("timings-pane", "Timings"),
                                      ("diag-pane", "Diagnostics"), ("task-pane", "Task"), ("timeline", "Agent"))
MIN_SIZE = (60, 16)  # below this not even one pane is usable: the screen says so instead
SINGLE_BELOW = (110, 30)  # narrower or lower than this: one pane at a time, as tabs
WIDE_FROM = 150


def layout_for(width: int, height: int) -> str:
    """"small", "single", "medium" or "wide" for a terminal of `width` x `height`."""
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        return "small"
    if width < SINGLE_BELOW[0] or height < SINGLE_BELOW[1]:
        return "single"
    return "wide" if width >= WIDE_FROM else "medium"


def screen_bindings() -> list[Binding]:
    return [Binding(a.key, a.id, a.title, show=a.footer, priority=True, id=a.id, tooltip=a.help)
            for a in ACTIONS if a.scope == "workbench"]


class WorkbenchScreen(Screen[None]):
    BINDINGS = screen_bindings()
    # Layouts by terminal size (see `layout_for`): wide and medium put panes side by side with the
    # editor widest; "single" (narrow terminals, or a zoomed pane) shows one pane and a tab line.
    DEFAULT_CSS = """
    WorkbenchScreen { layout: vertical; }
    #panes { height: 1fr; grid-gutter: 0; }
    WorkbenchScreen.-wide #panes { grid-size: 3 3; grid-columns: 1fr 3fr 2fr; grid-rows: 1fr 1fr 7; }
    WorkbenchScreen.-wide #task-pane, WorkbenchScreen.-wide #kernel-pane { row-span: 2; }
    WorkbenchScreen.-wide #timeline { column-span: 3; }
    WorkbenchScreen.-medium #panes { grid-size: 2 4; grid-columns: 1fr 2fr; grid-rows: 1fr 1fr 1fr 7; }
    WorkbenchScreen.-medium #kernel-pane { row-span: 3; }
    WorkbenchScreen.-medium #timeline { column-span: 2; }
    WorkbenchScreen.-single #panes { grid-size: 1 1; grid-columns: 1fr; grid-rows: 1fr; }
    WorkbenchScreen.-single #panes > * { display: none; }
    WorkbenchScreen.-single #panes > .-shown { display: block; }
    #pane-tabs { display: none; height: 1; padding: 0 1; background: $boost; }
    WorkbenchScreen.-single #pane-tabs { display: block; }
    #too-small { display: none; }
    WorkbenchScreen.-small #too-small { display: block; height: 1fr; content-align: center middle; }
    WorkbenchScreen.-small #panes, WorkbenchScreen.-small #pane-tabs { display: none; }
    #panes > * { border: round $primary-darken-1; border-title-color: $text; height: 1fr; }
    #panes > *:focus-within { border: round $accent; }
    TaskPane #task-facts { margin: 1 0; }
    KernelPane TabbedContent, KernelPane ContentSwitcher, KernelPane TabPane { height: 1fr; }
    KernelPane TabPane { padding: 0; }
    KernelPane KernelEditor { height: 1fr; border: none; }
    DiagnosticsPane #diag-list { height: 1fr; border: none; }
    DiagnosticsPane #diag-summary { padding: 0 1; }
    TimingsPane #timing-table { height: 1fr; min-height: 3; }
    TimingsPane #speedup-chart { height: auto; margin: 0 1; }
    TimingsPane #chart-label, TimingsPane #best, TimingsPane #timing-progress, TimingsPane #live { padding: 0 1; }
    #timeline { border: round $primary-darken-2; }
    #status { height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self, controller: Controller, *, files: dict[str, str] | None = None, hint: str = "",
                 watch: Path | None = None) -> None:
        super().__init__()
        self.controller = controller
        self._initial_files = files
        self._hint = hint
        self._watch = watch
        self._phase = ""
        self._phase_started = 0.0
        self._ticker: Timer | None = None
        self._replay_pos = 0  # how many recorded iterations are shown, in replay
        self._replay_shown: set[int] = set()  # the session steps the timeline has shown, in replay
        self._seed: dict[str, str] | None = None  # the editor's kernel, when ctrl+b chose it to start the next run
        self.sub_title = controller.task.id
        self._active = "kernel-pane"  # the pane shown when one at a time fits (and the last one focused)
        self._zoom: str | None = None  # the pane zoomed to the whole screen
        self._seen_files: dict[str, str] | None = None  # the editor's text when the Kernel pane was last visible
        self._kernel_ready = False  # a kernel is in the editor (loading one is not an edit to keep)
        self._keeping = controller.kept is not None  # off once the engineer discarded the edits
        self._keep_pending = False

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The layout is chosen before the first frame, so the panes never jump once the task is prepared.
        self._set_layout_class(*self.app.size)
        yield Header()
        yield Static(id="pane-tabs")
        yield Static(id="too-small")
        with Grid(id="panes"):
            # Grid order: the wide and medium layouts place the panes by it (see DEFAULT_CSS).
            yield TaskPane(self.controller.task, id="task-pane")
            yield KernelPane(id="kernel-pane", loading_text="" if self.controller.replayed_from else
                             "loading the kernel (the task's first use prepares it)…")
            yield DiagnosticsPane(id="diag-pane")
            yield TimingsPane(id="timings-pane")
            yield AgentTimeline(id="timeline")
        yield GatePanel(self.controller, id="gate")  # under the panes; hidden until an agent run starts
        yield Static(id="status")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout(event.size.width, event.size.height)

    def _relayout(self, width: int | None = None, height: int | None = None) -> None:
        if width is None or height is None:
            width, height = self.app.size
        kernel_was_visible = self.pane_visible("kernel-pane")
        layout = self._set_layout_class(width, height)
        shown = self._zoom or self._active
        for pane_id, _title in PANES:
            self.query_one(f"#{pane_id}").set_class(pane_id == shown, "-shown")
        if layout == "small":
            self.query_one("#too-small", Static).update(Text(
                f"The terminal is {width}×{height}; the workbench needs at least {MIN_SIZE[0]}×{MIN_SIZE[1]}. "
                "Enlarge the window (or make the font smaller).", style="bold yellow", justify="center"))
        self._show_tabs()
        if kernel_was_visible and not self.pane_visible("kernel-pane"):
            self._seen_files = self.query_one(KernelPane).files()
        self.call_after_refresh(self._keep_focus_visible)

    def _set_layout_class(self, width: int, height: int) -> str:
        layout = layout_for(width, height)
        single = layout == "single" or (self._zoom is not None and layout != "small")
        for name in ("small", "single", "medium", "wide"):
            self.set_class(name == ("single" if single else layout), f"-{name}")
        return layout

    def pane_visible(self, pane_id: str) -> bool:
        """Whether the pane is on screen now (not hidden by the narrow layout, a zoom, or a tiny terminal)."""
        if self.has_class("-small"):
            return False
        if self.has_class("-single"):
            return (self._zoom or self._active) == pane_id
        return True

    def _show_tabs(self) -> None:
        keys = getattr(self.app, "keys", {})
        shown = self._zoom or self._active
        line = Text()
        for pane_id, title in PANES:
            line.append(f" {title} ", style="reverse bold" if pane_id == shown else "dim")
        hint = (f"  {keys.get('zoom', 'f10')} unzooms" if self._zoom else
                f"  {keys.get('next_pane', 'ctrl+n')} next pane · {keys.get('zoom', 'f10')} zoom")
        line.append(hint, style="dim italic")
        self.query_one("#pane-tabs", Static).update(line)

    def _pane_of(self, widget: Widget | None) -> str | None:
        while widget is not None:
            if widget.id in dict(PANES):
                return widget.id
            widget = widget.parent  # type: ignore[assignment]
        return None

    def _keep_focus_visible(self) -> None:
        # A hidden widget must never hold the focus: keys typed "into" it would change what the user cannot see.
        focused = self.focused
        pane = self._pane_of(focused)
        if self.has_class("-small"):
            if focused is not None:
                self.set_focus(None)
        elif focused is None or (pane is not None and not self.pane_visible(pane)):
            self._focus_pane(self._zoom or self._active)

    def _focus_pane(self, pane_id: str) -> None:
        if not self.pane_visible(pane_id):
            self.set_focus(None)
            return
        pane = self.query_one(f"#{pane_id}")
        if isinstance(pane, KernelPane) and pane.current_editor is not None:
            self.set_focus(pane.current_editor)
            return
        target = next((w for w in pane.query("*") if w.focusable and w.display and w.visible), None)
        if target is None and pane.focusable:
            target = pane
        self.set_focus(target)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        pane = self._pane_of(event.widget)
        if pane is not None and self.pane_visible(pane):
            self._active = pane
        elif pane is not None or self.has_class("-small"):
            self.call_after_refresh(self._keep_focus_visible)

    def action_next_pane(self) -> None:
        ids = [p for p, _ in PANES]
        current = self._zoom or self._pane_of(self.focused) or self._active
        nxt = ids[(ids.index(current) + 1) % len(ids)]
        if self._zoom is not None:
            self._zoom = nxt
        self._active = nxt
        self._relayout()
        self._focus_pane(nxt)

    def action_zoom(self) -> None:
        if self._zoom is not None:
            self._zoom = None
        else:
            self._zoom = self._pane_of(self.focused) or self._active
            self._active = self._zoom
        self._relayout()
        self._focus_pane(self._active)

    def on_mount(self) -> None:
        self._relayout()
        self.set_interval(0.5, self._keep)
        # The greeting goes first, then the loading starts, so the timeline reads the same every time.
        self.call_after_refresh(self._greet)
        self.refresh_status()
        if self.controller.replayed_from is not None and self.controller.history:
            self.call_after_refresh(self._replay_to, 1)
        if self._watch is not None:
            self._watch_file()

    def on_unmount(self) -> None:
        # A loop waiting at a gate would hold its worker thread (and the app's exit) forever.
        self.controller.agent_stop()
        self.controller.close()

    def _greet(self) -> None:
        ctl = self.controller
        timeline = self.query_one(AgentTimeline)
        if ctl.replayed_from is not None:
            timeline.note(Text(f"Replaying {ctl.replayed_from.name}: {len(ctl.history)} recorded candidates. "
                               "F6 steps, F7 shows all, ctrl+f forks at the current step.", style="bold"))
            for w in ctl.replay_warnings:
                timeline.note(Text(w, style="yellow"))
        elif not ctl.config.provider:
            timeline.note(Text("No provider chosen (F2): you are the Coder — edit, F5, read the diagnostics.",
                               style="dim"))
        else:
            timeline.note(Text(f"Agents use {ctl.config.provider}/{ctl.config.model or 'its default model'}: "
                               f"F6 starts the loop with the Coder's first draft ({ctl.config.mode} mode; ctrl+b "
                               "first to start from the editor's kernel), F7 runs it to the end.", style="dim"))
        self._load_task()

    def refresh_status(self) -> None:
        ctl = self.controller
        parts = [f"target {ctl.target_name}" + (" (emulated)" if ctl.target_emulated else ""),
                 f"mode {ctl.config.mode}",
                 f"provider {ctl.config.provider or 'none'}" + (f"/{ctl.config.model}" if ctl.config.model else "")]
        if ctl.replayed_from is not None:
            parts.append(f"replay {self._replay_pos}/{len(ctl.history)}")
        elif ctl.agent_running:
            gate = ctl.waiting_gate
            parts.append("agent waiting at " + ("the plan" if gate.gate == "plan" else gate.gate.replace("_", " "))
                         if gate is not None else "agent working")
        if ctl.session_path is not None:
            parts.append(f"session {ctl.session_path.name}")
        if self._watch is not None:
            parts.append(f"watching {self._watch.name}")
        text = Text("  ·  ".join(parts), style="dim")
        # Here as well as in the status line: a target named in the config is opened by the first evaluation.
        self.query_one(TimingsPane).show_target(ctl.target_name, ctl.target_emulated)
        if self._hint:
            text = Text.assemble((self._hint, "bold"), "   ", text)
        self.query_one("#status", Static).update(text)

    # --- loading the task ------------------------------------------------------------------------

    @work(thread=True, group="load", exit_on_error=False)
    def _load_task(self) -> None:
        # The first use of a task imports torch and exports the model: seconds, so never on the UI thread.
        ctl = self.controller
        try:
            self.post_message(TaskDescribed(ctl.describe()))
            if self._initial_files is not None:
                self.post_message(KernelLoaded(self._initial_files, "given"))
            elif ctl.replayed_from is None:
                kept = ctl.kept.restore() if ctl.kept is not None else None
                if kept is None:
                    self.post_message(KernelLoaded(ctl.reference_files(), "reference"))
                    return
                # The engineer's work comes back, not the reference over it (which stays one key away).
                self.post_message(KernelLoaded(kept[0], kept[1]))
                with contextlib.suppress(ControllerError):
                    ctl.reference_files()  # known, so the reference loaded later is told from an edit
        except ControllerError as exc:
            self.post_message(LoadFailed(str(exc)))
        except Exception as exc:  # the UI must say what broke, not die with a traceback
            self.post_message(LoadFailed(f"the task could not be loaded ({type(exc).__name__}: {exc})"))

    @on(TaskDescribed)
    def _described(self, msg: TaskDescribed) -> None:
        self.query_one(TaskPane).show_description(msg.description)

    @on(KernelLoaded)
    async def _kernel_loaded(self, msg: KernelLoaded) -> None:
        pane = self.query_one(KernelPane)
        await pane.load(msg.files)
        ref_key = self.app_keys.get("reference", "ctrl+l")
        if msg.origin == "reference":
            self.query_one(AgentTimeline).note(f"Loaded the reference kernel ({', '.join(msg.files)}).")
        elif msg.origin in ("draft", "saved"):
            kept = self.controller.kept
            if msg.origin == "draft" and kept is not None:
                pane.restore_state(kept.state())
            what = "your workspace as you left it" if msg.origin == "draft" else "the kernel you saved"
            self.query_one(AgentTimeline).note(Text(f"Restored {what} ({', '.join(msg.files)}); "
                                                    f"{ref_key} loads the reference kernel.", style="bold"))
        self._kernel_ready = True
        if self.pane_visible("kernel-pane"):
            self._focus_pane("kernel-pane")

    @property
    def app_keys(self) -> dict[str, str]:
        return getattr(self.app, "keys", {})

    # --- keeping the work --------------------------------------------------------------------------

    @on(TextArea.Changed)
    @on(TextArea.SelectionChanged)
    def _editor_changed(self, _event: events.Event) -> None:
        if self._kernel_ready and self._keeping:
            self._keep_pending = True

    def _keep(self) -> None:
        """Write the editor's files and state to the task's workspace, when they changed (every half second)."""
        if not self._keep_pending or not self._keeping:
            return
        panes = list(self.query(KernelPane))
        if not panes:  # already taken down (the App flushes before it leaves the screen)
            return
        self._keep_pending = False
        self.controller.keep_draft(panes[0].files(), panes[0].state())

    def keep_now(self) -> None:
        """Keep the editor's work at once (before the screen goes)."""
        self._keep()

    def has_unsaved(self) -> bool:
        return self._kernel_ready and self.controller.unsaved(self.query_one(KernelPane).files())

    def discard_edits(self) -> None:
        """Forget the editor's unsaved edits: the next opening of the task shows what was saved (or the reference)."""
        self._keeping = False
        if self.controller.kept is not None:
            self.controller.kept.discard_draft()

    def save_edits(self) -> bool:
        """ctrl+s; False when the files could not be saved (the reason is shown)."""
        self._keep_pending = True
        self._keep()
        return self.action_save()

    def action_reference(self) -> None:
        from screens.dialogs import ConfirmUnsaved

        def load(answer: str | None = "discard") -> None:
            if answer == "save" and not self.save_edits():
                return
            if answer in ("save", "discard"):
                self._load_reference()

        if self.has_unsaved():
            self.app.push_screen(ConfirmUnsaved("Load the reference kernel over your unsaved edits?"), load)
        else:
            load()

    @work(thread=True, group="load", exit_on_error=False)
    def _load_reference(self) -> None:
        try:
            self.post_message(KernelLoaded(self.controller.reference_files(), "reference"))
        except ControllerError as exc:
            self.post_message(LoadFailed(str(exc)))

    @on(LoadFailed)
    def _load_failed(self, msg: LoadFailed) -> None:
        self.query_one(TaskPane).show_problem(msg.message)
        self.query_one(AgentTimeline).note(Text(msg.message, style="bold red"))
        self.notify(msg.message, severity="error", timeout=8)

    # --- evaluating ------------------------------------------------------------------------------

    def action_evaluate(self) -> None:
        files = self.query_one(KernelPane).files()
        if not files:
            self.notify("There is no kernel in the editor yet.", severity="warning")
            return
        if not self.pane_visible("kernel-pane") and files != self._seen_files:
            # F5 never evaluates an edit the engineer has not seen: show it first, and the next F5 runs it.
            self._zoom = "kernel-pane" if self._zoom else None
            self._active = "kernel-pane"
            self._relayout()
            self._focus_pane("kernel-pane")
            self.notify("The editor changed while hidden: here it is; F5 again evaluates it.")
            return
        self._evaluate_files(files)

    def _evaluate_files(self, files: dict[str, str]) -> None:
        self._start_progress("starting")
        self.query_one(TimingsPane).clear_live()
        self._evaluate(files)

    @work(thread=True, exclusive=True, group="eval", exit_on_error=False)
    def _evaluate(self, files: dict[str, str]) -> None:
        worker = get_current_worker()
        try:
            it = self.controller.evaluate(files, progress=lambda phase: self._post_progress(phase, worker.is_cancelled),
                                          cancelled=lambda: worker.is_cancelled,
                                          samples=self._sample_relay(lambda: worker.is_cancelled))
        except ControllerError as exc:
            self.post_message(EvalFailed(str(exc)))
            return
        except Exception as exc:
            self.post_message(EvalFailed(f"the evaluation failed inside the workbench ({type(exc).__name__}: {exc})"))
            return
        if it is not None:
            self.post_message(EvalDone(it))

    def _sample_relay(self, cancelled: Callable[[], bool]) -> Callable[[str, tuple[float, ...]], None]:
        """The judge reports every sample: pass on at most ten a second per side (the final ones come with
        the result), and none from a cancelled evaluation."""
        last: dict[str, float] = {}

        def hear(side: str, samples: tuple[float, ...]) -> None:
            now = time.monotonic()
            if not cancelled() and now - last.get(side, -1.0) >= 0.1:
                last[side] = now
                self.post_message(EvalSamples(side, samples))

        return hear

    @on(EvalSamples)
    def _samples(self, msg: EvalSamples) -> None:
        if self._phase:  # still evaluating (not cancelled, not done)
            self.query_one(TimingsPane).samples(msg.side, msg.samples)

    def _post_progress(self, phase: str, cancelled: bool) -> None:
        # A cancelled evaluation's thread runs on; its phases must not bring the progress line back.
        if not cancelled:
            self.post_message(EvalProgress(phase))

    def _start_progress(self, phase: str) -> None:
        self._phase, self._phase_started = phase, time.monotonic()
        if self._ticker is None:
            self._ticker = self.set_interval(0.1, self._tick)
        self._tick()

    def _tick(self) -> None:
        if not self._phase:
            return
        elapsed = time.monotonic() - self._phase_started
        spin = SPINNER[int(elapsed * 10) % len(SPINNER)]
        self.query_one(TimingsPane).progress(f"{spin} {self._phase}… {elapsed:.1f} s")

    def _stop_progress(self) -> None:
        self._phase = ""
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.query_one(TimingsPane).progress("")

    @on(EvalProgress)
    def _progress(self, msg: EvalProgress) -> None:
        if self._phase:
            self._phase = msg.phase  # the clock keeps running: it times the whole evaluation
            self._tick()  # shown now: a phone's phases can be shorter than the ticker's period
        elif self.controller.agent_running:
            self._start_progress(msg.phase)  # the agent loop's evaluation: its clock starts with its first phase

    @on(EvalDone)
    def _done(self, msg: EvalDone) -> None:
        self._stop_progress()
        if msg.iteration.result is not None:
            self.query_one(TimingsPane).finished(msg.iteration.result)
        self._show_iteration(msg.iteration)
        self.query_one(AgentTimeline).iteration(msg.iteration)
        self.refresh_status()

    @on(EvalFailed)
    def _failed(self, msg: EvalFailed) -> None:
        self._stop_progress()
        self.query_one(AgentTimeline).note(Text(msg.message, style="bold red"))
        self.notify(msg.message, severity="error", timeout=8)

    def _show_iteration(self, it: Iteration, upto: int | None = None) -> None:
        history = self.controller.history[:upto] if upto is not None else self.controller.history
        if it.result is not None:
            self.query_one(DiagnosticsPane).show(it.result, it.files)
            self.query_one(KernelPane).mark(it.result.diagnostics)
        self.query_one(TimingsPane).show(history, self.controller.workspace.best(upto))

    # --- where evaluations run --------------------------------------------------------------------

    def action_devices(self) -> None:
        from screens.devices import DevicesScreen

        def chosen(spec: str | None) -> None:
            if spec is not None and spec != self.controller.target_name:
                self.notify(f"Connecting to {spec}…")
                self._switch_target(spec)

        self.app.push_screen(DevicesScreen(self.controller), chosen)

    @work(thread=True, exclusive=True, group="target", exit_on_error=False)
    def _switch_target(self, spec: str) -> None:
        try:
            self.controller.use_target(spec)
        except ControllerError as exc:
            self.post_message(TargetFailed(str(exc)))
            return
        self.post_message(TargetChanged())

    @on(TargetChanged)
    def _target_changed(self, _msg: TargetChanged) -> None:
        ctl = self.controller
        self.refresh_status()
        note = (": an emulator, so its timings are its host's, not comparable with a phone's"
                if ctl.target_emulated else "")
        self.query_one(AgentTimeline).note(Text(f"Evaluations now run on {ctl.target_name}{note}.", style="bold"))

    @on(TargetFailed)
    def _target_failed(self, msg: TargetFailed) -> None:
        self.notify(f"{msg.message}; still evaluating on {self.controller.target_name}.", severity="error",
                    timeout=10)

    @on(DiagnosticsPane.Jump)
    def _jump(self, msg: DiagnosticsPane.Jump) -> None:
        d = msg.diagnostic
        if not self.pane_visible("kernel-pane"):  # one pane at a time: the jump goes to the editor
            self._zoom = "kernel-pane" if self._zoom else None
            self._active = "kernel-pane"
            self._relayout()
        if not self.query_one(KernelPane).goto(d.file, d.line, d.column):
            self.notify(f"{d.file} is an API header, not a file of this kernel.", severity="warning")

    def action_pause(self) -> None:
        if self.controller.agent_running:
            if self.controller.waiting_gate is not None:
                self.controller.agent_stop()
                self.notify("Stopping the agent loop.")
            else:
                self.controller.agent_pause()
                self.notify("The agent loop will stop at its next gate; F8 there stops it.")
            return
        cancelled = self.workers.cancel_group(self, "eval")
        if cancelled:
            self._stop_progress()
            self.notify("Evaluation cancelled; its result will be ignored.")
        else:
            self.notify("Nothing is running.")

    # --- the agent loop and replay ---------------------------------------------------------------

    def action_step(self) -> None:
        ctl = self.controller
        if ctl.replayed_from is not None:
            self._replay_to(self._replay_pos + 1)
        elif ctl.waiting_gate is not None:
            self.query_one(GatePanel).send("continue")  # with the prompt, memory and budget edited there
        elif not ctl.agent_running:
            self._start_agent(auto=False)

    def action_run(self) -> None:
        ctl = self.controller
        if ctl.replayed_from is not None:
            self._replay_to(len(ctl.history))
        elif ctl.agent_running:
            ctl.agent_run_to_end()
        else:
            self._start_agent(auto=True)

    def _start_agent(self, auto: bool) -> None:
        # The Coder writes the first draft unless the engineer chose the editor's kernel (ctrl+b) to start from.
        seed, self._seed = self._seed, None
        self._run_agent(seed, auto=auto)

    @work(thread=True, exclusive=True, group="agent", exit_on_error=False)
    def _run_agent(self, seed: dict[str, str] | None, auto: bool) -> None:
        # post_message is thread-safe: events and streamed text reach the UI in the order they happened.
        try:
            self.controller.run_agent(seed, lambda e: self.post_message(AgentEvent(e)), auto=auto,
                                      on_text=lambda role, chunk: self.post_message(AgentText(role, chunk)),
                                      progress=lambda phase: self.post_message(EvalProgress(phase)),
                                      samples=self._sample_relay(lambda: False))
        except ControllerError as exc:
            self.post_message(EvalFailed(str(exc)))
        except Exception as exc:
            self.post_message(EvalFailed(f"the agent loop failed inside the workbench ({type(exc).__name__}: {exc})"))
        finally:
            self.post_message(AgentEnded())

    @on(AgentText)
    def _agent_text(self, msg: AgentText) -> None:
        self.query_one(AgentTimeline).stream(msg.role, msg.chunk)

    @on(AgentEnded)
    def _agent_ended(self, _msg: AgentEnded) -> None:
        self.query_one(GatePanel).ended()
        if not any(w.group == "eval" and w.is_running for w in self.workers):  # an F5 of its own keeps its line
            self._stop_progress()
        self.refresh_status()
        best = self.controller.best
        if best is not None and best.role == "coder" and self.controller.mnn_ready():
            # The run's best goes through verify-mnn when an MNN tree is set up: does it drop into MNN?
            self.query_one(AgentTimeline).note(f"Checking the run's best candidate (#{best.number}) in MNN's tree…")
            self._start_progress("checking in MNN")
            self._verify_mnn(dict(best.files))

    @on(AgentEvent)
    async def _agent_event(self, msg: AgentEvent) -> None:
        from agents import events as ev

        e, timeline = msg.event, self.query_one(AgentTimeline)
        line = ev.describe(e)
        if isinstance(e, ev.ReplyReceived | ev.ProviderFailed | ev.ParseFailed):
            timeline.end_stream()  # its text has streamed in above; the summary closes it
        gate = self.query_one(GatePanel)
        if isinstance(e, ev.Gate):
            # The gate pane holds the waiting gate, its prompt, plan and keys: it cannot scroll away.
            timeline.note(Text(f"⏸ {line} (the gate pane below: Enter / F6 go on, f12 returns to it)",
                               style="bold yellow"))
            gate.show(e)
            gate.focus()
        elif isinstance(e, ev.Started):
            timeline.note(Text(line or "", style="bold"))
            gate.running(self.controller.agent_spend())
        elif isinstance(e, ev.CandidateReady):
            await self.query_one(KernelPane).load(dict(e.candidate.files))
        elif isinstance(e, ev.Evaluated):
            self._stop_progress()
            it = self.controller.history[-1]
            self._show_iteration(it)
            timeline.iteration(it)
        elif line is not None:
            timeline.note(Text(line, style=_EVENT_STYLE.get(type(e).__name__, "")))
        if isinstance(e, ev.PlanMade):
            for text in ev.plan_text(e.plan, "    ").splitlines():  # fields, not a Python dict
                timeline.note(Text(text, style="italic"))
        if not isinstance(e, ev.Gate):
            gate.spend(self.controller.agent_spend())
        self.refresh_status()

    def _replay_to(self, n: int) -> None:
        history = self.controller.history
        if not history:
            return
        if n > len(history):
            self.notify("That was the last recorded step.")
            return
        timeline = self.query_one(AgentTimeline)
        recorded = self.controller.replay_events
        for i in range(self._replay_pos, n):
            it = history[i]
            last_of_number = all(later.number != it.number for later in history[i + 1:])
            events = recorded.get(it.number, [])
            # What led to the candidate (the Coder's prompt and reply, a gate) before it, the rest after it.
            for e in events:
                if e.seq < (it.session_step or 0) and e.seq not in self._replay_shown:
                    self._replay_shown.add(e.seq)
                    for text in session_event_lines(e):
                        timeline.note(text)
            timeline.iteration(it)
            for e in events if last_of_number else []:
                if e.seq not in self._replay_shown:
                    self._replay_shown.add(e.seq)
                    for text in session_event_lines(e):
                        timeline.note(text)
        self._replay_pos = n
        it = history[n - 1]
        self.run_worker(self.query_one(KernelPane).load(dict(it.files)), group="replay")
        self._show_iteration(it, upto=n)
        self.refresh_status()

    def action_cycle_mode(self) -> None:
        cfg = self.controller.config
        cfg.mode = MODES[(MODES.index(cfg.mode) + 1) % len(MODES)]
        self.settings_changed()
        self.notify(f"Mode: {cfg.mode}.")

    def settings_changed(self) -> None:
        """The shared config changed (F9, F2): a running loop takes the new mode, provider and model."""
        try:
            changed = self.controller.agent_settings_changed()
        except ControllerError as exc:
            self.notify(f"{exc}; the loop keeps its provider.", severity="error", timeout=8)
        else:
            if changed:
                self.query_one(AgentTimeline).note(Text(changed, style="bold"))
        self.refresh_status()

    def action_edit_plan(self) -> None:
        self.query_one(GatePanel).edit_plan()

    def action_gate(self) -> None:
        if self.controller.waiting_gate is None:
            self.notify("The agent loop is not waiting at a gate.")
            return
        self.query_one(GatePanel).focus()

    def action_override(self) -> None:
        files = self.query_one(KernelPane).files()
        if not self.controller.agent_running:
            if not files:
                self.notify("There is no kernel in the editor yet.", severity="warning")
                return
            self._seed = files  # chosen explicitly, and recorded as the run's first candidate
            self.notify("The next agent run (F6 / F7) starts from the editor's kernel, not the Coder's draft.")
            return
        try:
            self.controller.agent_replace_candidate(files)
        except ControllerError as exc:
            self.notify(f"{exc}; F5 evaluates the editor's kernel directly.", severity="warning")
            return
        self.notify("The editor's kernel replaces the loop's candidate at the next step.")

    # --- candidates ------------------------------------------------------------------------------

    def action_revert(self) -> None:
        from screens.dialogs import PickCandidate

        choices = self.controller.revert_choices()
        if not choices:
            self.notify("There is no earlier candidate yet.")
            return

        async def chosen(choice: tuple[str, dict[str, str]] | None) -> None:
            if choice is not None:
                await self.query_one(KernelPane).load(choice[1])
                self.notify(f"Loaded {choice[0]} into the editor.")

        self.app.push_screen(PickCandidate(choices, "Revert the editor to which candidate?"), chosen)

    def action_diff(self) -> None:
        from screens.diff import DiffScreen

        self.app.push_screen(DiffScreen(self.controller.history, self.query_one(KernelPane).files()))

    def action_verify_mnn(self) -> None:
        files = self.query_one(KernelPane).files()
        if not files:
            self.notify("There is no kernel in the editor yet.", severity="warning")
            return
        self.query_one(AgentTimeline).note("Dropping the editor's kernel into MNN's tree and running MNN's tests…")
        self._start_progress("checking in MNN")
        self._verify_mnn(files)

    @work(thread=True, exclusive=True, group="mnn", exit_on_error=False)
    def _verify_mnn(self, files: dict[str, str]) -> None:
        try:
            result = self.controller.verify_in_mnn(files, lambda phase: self.post_message(EvalProgress(phase)))
        except ControllerError as exc:
            self.post_message(DropInDone(None, str(exc)))
            return
        except Exception as exc:  # the UI must say what broke, not die with a traceback
            why = f"the MNN check failed inside the workbench ({type(exc).__name__}: {exc})"
            self.post_message(DropInDone(None, why))
            return
        self.post_message(DropInDone(result))

    @on(DropInDone)
    def _dropin_done(self, msg: DropInDone) -> None:
        self._stop_progress()
        timeline = self.query_one(AgentTimeline)
        if msg.result is None:
            timeline.note(Text(msg.problem, style="bold red"))
            self.notify(msg.problem, severity="error", timeout=8)
            return
        r = msg.result
        first, *rest = r.lines()
        style = {"drop-in": "bold green", "task-only": "bold yellow"}.get(r.verdict, "bold red")
        timeline.note(Text(first, style=style))
        for line in rest:
            timeline.note(Text(line, style="dim" if line.lstrip().startswith("pass") else "red"))
        passed = len(r.tests) - len(r.failed)
        self.notify(f"{r.verdict}: {passed} of {len(r.tests)} MNN tests passed" if r.tests else r.verdict,
                    severity="information" if r.verdict == "drop-in" else "warning")

    def action_save(self) -> bool:
        try:
            folder = self.controller.save_kernel(self.query_one(KernelPane).files(),
                                                 self._watch.parent if self._watch and self._watch.is_file() else
                                                 self._watch)
        except ControllerError as exc:
            self.notify(str(exc), severity="error")
            return False
        where = f"Saved the kernel to {folder}"
        if self.controller.session_path is not None:
            where += f"; the session is recorded in {self.controller.session_path}"
        self.notify(where + ".")
        return True

    def action_open_session(self) -> None:
        from screens.sessions import Choice, SessionList

        def chosen(choice: Choice | None) -> None:
            if choice is None:
                return
            try:
                if choice.kind == "workspace":
                    ctl = Controller.for_task(choice.target, self.controller.config,
                                              evaluator=self.controller.targets.evaluator,
                                              record=self.controller.records)
                else:
                    ctl = Controller.from_session(Path(choice.target).expanduser(), self.controller.config,
                                                  evaluator=self.controller.targets.evaluator)
            except ControllerError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            leave = getattr(self.app, "leave_workbench", None)
            what = f"Open {ctl.task.id}'s workspace?" if choice.kind == "workspace" else "Open the session?"
            if leave is not None:
                leave(what, lambda: self.app.switch_screen(WorkbenchScreen(ctl)))
            else:
                self.app.switch_screen(WorkbenchScreen(ctl))

        self.app.push_screen(SessionList(), chosen)

    def action_fork(self) -> None:
        ctl = self.controller
        if ctl.agent_running:
            self.notify("The agent loop is still recording: F8 stops it, then ctrl+f forks.", severity="warning")
            return
        history = ctl.history[:self._replay_pos] if ctl.replayed_from is not None else ctl.history
        if not history:
            self.notify("There is no step to fork at yet.", severity="warning")
            return
        try:
            path = ctl.fork(history[-1])
        except ControllerError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self._replay_pos = 0
        self.query_one(AgentTimeline).note(Text(f"Forked at candidate #{history[-1].number} into {path}; "
                                                "F5 continues it by hand.", style="bold"))
        self.refresh_status()

    # --- watching a file -------------------------------------------------------------------------

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def _watch_file(self) -> None:
        import watchfiles

        from toolchain.candidate import Candidate

        assert self._watch is not None
        from workbench.watch import watched_change

        async for changes in watchfiles.awatch(self._watch, debounce=300, step=50, watch_filter=watched_change):
            try:
                files = dict(Candidate.from_paths([self._watch]).files)
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                self.notify(f"cannot read {self._watch}: {exc}", severity="error")
                continue
            await self.query_one(KernelPane).load(files)
            names = ", ".join(sorted({Path(p).name for _change, p in changes}))
            self.query_one(AgentTimeline).note(f"{names} changed: evaluating.")
            self._evaluate_files(files)  # the engineer's own editor changed it: seen, even with our pane hidden
