"""The main screen: Task, Kernel, Diagnostics and Timings side by side, the agent timeline under them.

Long work (preparing the task, evaluating, watching a file) runs in workers that post the typed
messages below; handlers only render. Evaluations are one exclusive worker group, so a second F5
replaces the first, and F8 cancels it (the compile already running finishes in the background and
its result is dropped).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static
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
class EvalDone(Message):
    iteration: Iteration


@dataclass
class EvalFailed(Message):
    message: str


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


def screen_bindings() -> list[Binding]:
    return [Binding(a.key, a.id, a.title, show=a.footer, priority=True, id=a.id, tooltip=a.help)
            for a in ACTIONS if a.scope == "workbench"]


class WorkbenchScreen(Screen[None]):
    BINDINGS = screen_bindings()
    HORIZONTAL_BREAKPOINTS = [(0, "-stacked"), (100, "-two"), (150, "-four")]  # noqa: RUF012

    DEFAULT_CSS = """
    WorkbenchScreen { layout: vertical; }
    #panes { height: 1fr; grid-gutter: 0; }
    WorkbenchScreen.-four #panes { grid-size: 4 1; grid-columns: 2fr 4fr 3fr 4fr; }
    WorkbenchScreen.-two #panes { grid-size: 2 2; grid-columns: 2fr 3fr; }
    WorkbenchScreen.-stacked #panes { grid-size: 1 4; grid-rows: 12 1fr 10 12; }
    #panes > * { border: round $primary-darken-1; border-title-color: $text; height: 1fr; }
    #panes > *:focus-within { border: round $accent; }
    TaskPane #task-facts { margin: 1 0; }
    KernelPane TabbedContent, KernelPane ContentSwitcher, KernelPane TabPane { height: 1fr; }
    KernelPane TabPane { padding: 0; }
    KernelPane KernelEditor { height: 1fr; border: none; }
    DiagnosticsPane #diag-list { height: 1fr; border: none; }
    DiagnosticsPane #diag-summary { padding: 0 1; }
    TimingsPane #timing-table { height: 1fr; }
    TimingsPane #speedup-chart { height: 3; margin: 0 1; }
    TimingsPane #chart-label, TimingsPane #best, TimingsPane #timing-progress { padding: 0 1; }
    AgentTimeline { height: 7; border: round $primary-darken-2; }
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

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Grid(id="panes"):
            yield TaskPane(self.controller.task, id="task-pane")
            yield KernelPane(id="kernel-pane")
            yield DiagnosticsPane(id="diag-pane")
            yield TimingsPane(id="timings-pane")
        yield AgentTimeline(id="timeline")
        yield GatePanel(self.controller, id="gate")  # hidden until an agent run starts
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
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
        try:
            self.post_message(TaskDescribed(self.controller.describe()))
            if self._initial_files is not None:
                self.post_message(KernelLoaded(self._initial_files, "given"))
            elif self.controller.replayed_from is None:
                self.post_message(KernelLoaded(self.controller.reference_files(), "reference"))
        except ControllerError as exc:
            self.post_message(LoadFailed(str(exc)))
        except Exception as exc:  # the UI must say what broke, not die with a traceback
            self.post_message(LoadFailed(f"the task could not be loaded ({type(exc).__name__}: {exc})"))

    @on(TaskDescribed)
    def _described(self, msg: TaskDescribed) -> None:
        self.query_one(TaskPane).show_description(msg.description)

    @on(KernelLoaded)
    async def _kernel_loaded(self, msg: KernelLoaded) -> None:
        await self.query_one(KernelPane).load(msg.files)
        if msg.origin == "reference":
            self.query_one(AgentTimeline).note(f"Loaded the reference kernel ({', '.join(msg.files)}).")
        editors = self.query_one(KernelPane).editors
        if editors:
            editors[0].focus()

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
        self._start_progress("starting")
        self._evaluate(files)

    @work(thread=True, exclusive=True, group="eval", exit_on_error=False)
    def _evaluate(self, files: dict[str, str]) -> None:
        worker = get_current_worker()
        try:
            it = self.controller.evaluate(files, progress=lambda phase: self._post_progress(phase, worker.is_cancelled),
                                          cancelled=lambda: worker.is_cancelled)
        except ControllerError as exc:
            self.post_message(EvalFailed(str(exc)))
            return
        except Exception as exc:
            self.post_message(EvalFailed(f"the evaluation failed inside the workbench ({type(exc).__name__}: {exc})"))
            return
        if it is not None:
            self.post_message(EvalDone(it))

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
                                      progress=lambda phase: self.post_message(EvalProgress(phase)))
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
            timeline.note(Text(f"⏸ {line} (the gate pane below: Enter / F6 go on, ctrl+n returns to it)",
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

        history = self.controller.history
        if not history:
            self.notify("There is no earlier candidate yet.")
            return

        async def chosen(it: Iteration | None) -> None:
            if it is not None:
                await self.query_one(KernelPane).load(dict(it.files))
                self.notify(f"Loaded candidate #{it.number} into the editor.")

        self.app.push_screen(PickCandidate(history, "Revert the editor to which candidate?"), chosen)

    def action_diff(self) -> None:
        from screens.diff import DiffScreen

        self.app.push_screen(DiffScreen(self.controller.history, self.query_one(KernelPane).files()))

    def action_save(self) -> None:
        try:
            folder = self.controller.save_kernel(self.query_one(KernelPane).files(),
                                                 self._watch.parent if self._watch and self._watch.is_file() else
                                                 self._watch)
        except ControllerError as exc:
            self.notify(str(exc), severity="error")
            return
        where = f"Saved the kernel to {folder}"
        if self.controller.session_path is not None:
            where += f"; the session is recorded in {self.controller.session_path}"
        self.notify(where + ".")

    def action_open_session(self) -> None:
        from screens.dialogs import AskPath

        def chosen(path: str | None) -> None:
            if not path:
                return
            try:
                ctl = Controller.from_session(Path(path).expanduser(), self.controller.config)
            except ControllerError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            self.app.switch_screen(WorkbenchScreen(ctl))

        self.app.push_screen(AskPath("Open which session file (.jsonl)?"), chosen)

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
        async for changes in watchfiles.awatch(self._watch, debounce=300, step=50):
            try:
                files = dict(Candidate.from_paths([self._watch]).files)
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                self.notify(f"cannot read {self._watch}: {exc}", severity="error")
                continue
            await self.query_one(KernelPane).load(files)
            names = ", ".join(sorted({Path(p).name for _change, p in changes}))
            self.query_one(AgentTimeline).note(f"{names} changed: evaluating.")
            self.action_evaluate()
