"""The Textual App: thin. It opens the first screen, owns the config and the keymap, and routes the
app-wide actions (tasks, provider settings, help, quit). The screens live beside it, and the work
itself below, in `workbench.controller`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from screens.help import HelpScreen
from screens.picker import TaskPicker
from screens.settings import SettingsScreen
from screens.workbench import FIRST_RUN_HINT, TargetChanged, WorkbenchScreen
from tasks.task import Task
from workbench.actions import ACTIONS, KeymapError, resolve_keymap
from workbench.config import DEFAULT_TASK, Config, ConfigError, save_config
from workbench.controller import Controller, ControllerError, Evaluator


@dataclass(frozen=True)
class Launch:
    """What the command line asked for."""

    task: str | None = None
    target: str | None = None  # `--target`: host, adb or adb:SERIAL; None: the config's
    session: str | None = None
    watch: Path | None = None
    first_run: bool = False
    problem: str = ""  # a sentence to show at once (e.g. the config file could not be read)


class WorkbenchApp(App[None]):
    TITLE = "MobileKernelBench Workbench"
    BINDINGS = [Binding(a.key, a.id, a.title, show=a.footer, priority=True, id=a.id, tooltip=a.help)  # noqa: RUF012
                for a in ACTIONS if a.scope == "app"]

    def __init__(self, launch: Launch, config: Config | None = None, *, evaluator: Evaluator | None = None,
                 save_settings: bool = True, record_sessions: bool = True) -> None:
        super().__init__()
        self.launch = launch
        self.config = config or Config()
        self.evaluator = evaluator  # tests swap in a canned one for deterministic snapshots
        self.save_settings = save_settings
        self.record_sessions = record_sessions
        self.keys = {a.id: a.key for a in ACTIONS}
        if launch.target:
            self.config.target = launch.target  # the controllers read it from the config they share

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        try:
            self.keys = resolve_keymap(self.config.keymap)
            self.set_keymap({k: v for k, v in self.keys.items() if v != next(a.key for a in ACTIONS if a.id == k)})
        except KeymapError as exc:
            self.notify(str(exc), severity="error", timeout=10)
        if self.launch.problem:
            self.notify(self.launch.problem, severity="error", timeout=10)
        self._open_first_screen()

    def _open_first_screen(self) -> None:
        launch = self.launch
        if launch.session:
            try:
                self._open(self._replay_controller(launch.session))
            except ControllerError as exc:
                self._pick(str(exc))
            return
        if launch.task:
            try:
                files = self._watched_files(launch.watch) if launch.watch else None
                ctl = Controller.for_task(launch.task, self.config, evaluator=self.evaluator,
                                          record=self.record_sessions)
            except ControllerError as exc:
                self._pick(str(exc))
                return
            self._open(ctl, files=files, watch=launch.watch)
            return
        task_id = self.config.last_task or DEFAULT_TASK
        try:
            ctl = Controller.for_task(task_id, self.config, evaluator=self.evaluator, record=self.record_sessions)
        except ControllerError:
            # A last task that has since been removed from the suite: let the engineer choose.
            self._pick("")
            return
        self._open(ctl, hint=FIRST_RUN_HINT if launch.first_run else "")

    def _replay_controller(self, name: str) -> Controller:
        from sessions.library import resolve
        from sessions.store import SessionError

        try:
            path = resolve(name)
        except SessionError as exc:
            raise ControllerError(str(exc)) from None
        return Controller.from_session(path, self.config, evaluator=self.evaluator)

    @staticmethod
    def _watched_files(path: Path) -> dict[str, str]:
        from toolchain.candidate import Candidate

        try:
            return dict(Candidate.from_paths([path]).files)
        except FileNotFoundError:
            raise ControllerError(f"there is no file to watch at {path}") from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ControllerError(f"cannot watch {path}: {exc}") from None

    def _open(self, ctl: Controller, **kw: object) -> None:
        screen = WorkbenchScreen(ctl, **kw)  # type: ignore[arg-type]
        if isinstance(self.screen, WorkbenchScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _pick(self, problem: str) -> None:
        self.push_screen(TaskPicker(problem), self._picked)

    def _picked(self, task: Task | None) -> None:
        if task is None:
            return

        def switch() -> None:
            self.config.last_task = task.id
            self._persist()
            self._open(Controller(task, self.config, evaluator=self.evaluator, record=self.record_sessions))

        self.leave_workbench(f"Switch to {task.id}?", switch)

    def leave_workbench(self, question: str, then: Callable[[], object]) -> None:
        """Run `then` (quit, another task, a session) once the workbench's unsaved edits are saved or discarded;
        the engineer is asked first (Save / Discard / Cancel), and Cancel keeps working."""
        from screens.dialogs import ConfirmUnsaved

        screen = next((s for s in reversed(self.screen_stack) if isinstance(s, WorkbenchScreen)), None)
        if screen is not None:
            screen.keep_now()
        if screen is None or not screen.has_unsaved():
            then()
            return

        def answered(answer: str | None) -> None:
            if answer == "save" and screen.save_edits():
                then()
            elif answer == "discard":
                screen.discard_edits()
                then()

        self.push_screen(ConfirmUnsaved(question), answered)

    async def action_quit(self) -> None:
        self.leave_workbench("Quit the workbench?", self.exit)

    def _persist(self) -> None:
        if not self.save_settings:
            return
        try:
            save_config(self.config)
        except (ConfigError, OSError) as exc:
            self.notify(f"settings not saved: {exc}", severity="warning")

    @on(TargetChanged)
    def _target_changed(self, _msg: TargetChanged) -> None:
        self._persist()  # the next launch evaluates where the engineer last chose (F4)

    # --- app-wide actions ------------------------------------------------------------------------

    def action_tasks(self) -> None:
        if not isinstance(self.screen, TaskPicker):
            self._pick("")

    def action_settings(self) -> None:
        def saved(cfg: Config | None) -> None:
            if cfg is not None:
                for name, value in cfg.__dict__.items():
                    setattr(self.config, name, value)  # the controllers share this object
                self.notify("Settings saved.")
                if isinstance(self.screen, WorkbenchScreen):
                    self.screen.settings_changed()

        self.push_screen(SettingsScreen(self.config), saved)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keys))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for a in ACTIONS:
            if a.scope == "workbench" and isinstance(screen, WorkbenchScreen):
                yield SystemCommand(f"{a.title} ({self.keys[a.id]})", a.help,
                                    lambda a=a: screen.run_action(a.id))  # type: ignore[misc]
            elif a.scope == "app" and a.id != "quit":  # Textual's own commands already offer Quit
                yield SystemCommand(f"{a.title} ({self.keys[a.id]})", a.help,
                                    lambda a=a: self.run_action(a.id))  # type: ignore[misc]
