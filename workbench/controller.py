"""The workbench's brain without a face: one task, its candidates, their evaluations, the session.

The Textual App calls these methods from its workers and renders what they return; a script or a test
can drive the same steps with no UI at all. Nothing here imports Textual. Every method that can take
more than a moment (preparing a task, evaluating) is blocking and meant for a worker thread; the
state it changes is guarded by one lock, since a cancelled worker's thread may still finish late.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tasks.registry import REFERENCE_KERNELS_DIR, get_task
from tasks.task import Task, TaskError
from toolchain.candidate import HEADER_SUFFIXES, SOURCE_SUFFIXES, Candidate
from toolchain.result import EvalResult
from workbench.config import Config, data_dir

if TYPE_CHECKING:
    from toolchain.evaluate import EvalOptions
    from toolchain.targets import Target

Progress = Callable[[str], None]
Evaluator = Callable[..., EvalResult]  # toolchain.evaluate.evaluate's signature


class ControllerError(Exception):
    """Something the engineer asked for that cannot be done; the message is one sentence."""


@dataclass(frozen=True)
class Iteration:
    """One candidate the workbench has seen, and what became of it."""

    number: int
    origin: str  # "reference", "human", "coder" or "replay"
    files: Mapping[str, str]
    result: EvalResult | None = None
    role: str = "human"  # who wrote it: "human", "coder", …
    plan: Mapping[str, Any] | None = None
    session_step: int | None = None  # seq of its last event (evaluation, else candidate) in the session
    wall_s: float = 0.0

    @property
    def speedup(self) -> float | None:
        return self.result.speedup if self.result else None

    @property
    def label(self) -> str:
        status = self.result.status.value if self.result else "not evaluated"
        return f"#{self.number} {self.origin} ({status})"


@dataclass(frozen=True)
class TargetRow:
    """One line of the devices list: somewhere evaluations can run."""

    spec: str  # what use_target takes: "host" or "adb:SERIAL"
    description: str
    state: str  # ready, busy (an evaluation of ours runs there), unauthorized, offline, or adb's own word
    current: bool


@dataclass
class _State:
    history: list[Iteration] = field(default_factory=list)
    replay_warnings: list[str] = field(default_factory=list)


class Controller:
    def __init__(self, task: Task, config: Config | None = None, *, evaluator: Evaluator | None = None,
                 record: bool = True) -> None:
        self.task = task
        self.config = config or Config()
        self._evaluator = evaluator
        self._record = record
        self._lock = threading.Lock()
        self._state = _State()
        self._writer: Any = None  # sessions.store.SessionWriter, created on the first evaluation
        self._candidate_steps: dict[str, int] = {}  # candidate digest -> its session seq
        self.session_path: Path | None = None
        self.replayed_from: Path | None = None
        self._loop: Any = None  # agents.loop.MokaLoop while an agent run is going
        self._gate: Any = None
        self._auto = False
        self._release = threading.Event()
        self._target_spec = self.config.target or "host"
        self._target: Target | None = None  # opened on first use: a phone takes adb round trips to describe
        self._busy: Counter[str] = Counter()  # target name -> evaluations running there now
        self._device_lock = threading.Lock()  # a phone times one kernel at a time, or both timings are wrong

    @classmethod
    def for_task(cls, task_id: str, config: Config | None = None, **kw: Any) -> Controller:
        """Raises ControllerError (one sentence) for an unknown or unreadable task."""
        try:
            return cls(get_task(task_id), config, **kw)
        except TaskError as exc:
            raise ControllerError(str(exc)) from None

    # --- what the panes show ---------------------------------------------------------------------

    @property
    def history(self) -> list[Iteration]:
        with self._lock:
            return list(self._state.history)

    @property
    def best(self) -> Iteration | None:
        """The fastest correct candidate so far (the first correct one when none could be timed)."""
        correct = [it for it in self.history if it.result is not None and it.result.ok]
        if not correct:
            return None
        return max(correct, key=lambda it: (it.speedup is not None, it.speedup or 0.0, -it.number))

    @property
    def replay_warnings(self) -> list[str]:
        return list(self._state.replay_warnings)

    def describe(self) -> dict[str, Any]:
        """The task as the Task pane shows it; the first use of a task exports its model (seconds)."""
        from tasks.describe import describe
        from tasks.prepare import prepare

        d = describe(self.task)
        if d.get("prepared") and "attributes" not in d:
            # The op's parameters as MNN's converter wrote them: what `op->main_as_X()` hands the kernel.
            op = prepare(self.task).op or {}
            main = op.get("main")
            d["attributes"] = main if isinstance(main, dict) else {}
        return d

    def reference_files(self) -> dict[str, str]:
        """The reference kernel of the task's MNN op type, as editor tabs. Blocking (prepares the task)."""
        from tasks.prepare import prepare

        try:
            op_type = prepare(self.task).mnn_op_type
        except TaskError as exc:
            raise ControllerError(str(exc)) from None
        if op_type is None:
            raise ControllerError(f"task {self.task.id} has no single MNN op to implement, so no reference kernel")
        folder = REFERENCE_KERNELS_DIR / op_type
        files = {p.name: p.read_text() for p in sorted(folder.glob("*"))
                 if p.suffix in SOURCE_SUFFIXES + HEADER_SUFFIXES} if folder.is_dir() else {}
        if not files:
            raise ControllerError(f"there is no reference kernel for MNN op {op_type} yet "
                                  f"(looked in tasks/reference_kernels/{op_type}/)")
        return files

    # --- evaluating ------------------------------------------------------------------------------

    def evaluate(self, files: Mapping[str, str], origin: str = "human", progress: Progress | None = None,
                 cancelled: Callable[[], bool] = lambda: False) -> Iteration | None:
        """Evaluate `files` as the next iteration; None when `cancelled()` turned true meanwhile.

        Raises ControllerError when the files cannot form a candidate (bad names, no .cpp)."""
        try:
            candidate = Candidate(dict(files))
        except ValueError as exc:
            raise ControllerError(str(exc)) from None
        t0 = time.perf_counter()
        result = self._evaluate(candidate, progress)
        if cancelled():
            return None
        with self._lock:
            it = Iteration(len(self._state.history) + 1, origin, candidate.files, result,
                           role="coder" if origin == "coder" else "human", wall_s=time.perf_counter() - t0)
            it = self._record_iteration(it, candidate)
            self._state.history.append(it)
        return it

    def _evaluate(self, candidate: Candidate, progress: Progress | None) -> EvalResult:
        if progress and self._target is None:
            progress(f"connecting to {self._target_spec}")
        return self._run_on(self.current_target(), candidate, self._options(), progress)

    def _options(self) -> EvalOptions:
        from toolchain.evaluate import EvalOptions
        from toolchain.runner import TimingPlan

        return EvalOptions(threads=self.config.threads, timing=TimingPlan(min_time_ms=self.config.min_time_ms))

    def _run_on(self, target: Target, candidate: Candidate, options: EvalOptions,
                progress: Progress | None) -> EvalResult:
        """One evaluation on `target`; on a phone, one at a time, with the phone's phases sent to `progress`."""
        from toolchain.evaluate import evaluate as real_evaluate

        evaluate = self._evaluator or real_evaluate
        if target.name == "host":
            with self._marked_busy(target.name):
                return evaluate(self.task, candidate, target, options, progress)
        from toolchain.adb.runner import AdbRunner

        if not self._device_lock.acquire(blocking=False):
            if progress:
                progress(f"waiting for {target.name}: another evaluation is running on it")
            self._device_lock.acquire()
        runner = target.runner
        try:
            with self._marked_busy(target.name):
                if isinstance(runner, AdbRunner):
                    runner.progress = progress
                return evaluate(self.task, candidate, target, options, progress)
        finally:
            if isinstance(runner, AdbRunner):
                runner.progress = None
            self._device_lock.release()

    # --- where evaluations run -------------------------------------------------------------------

    @property
    def target_name(self) -> str:
        """The target evaluations run on: its name once opened (`adb:SERIAL`), else the spec asked for."""
        target = self._target
        return target.name if target is not None else self._target_spec

    @property
    def target_emulated(self) -> bool:
        """An emulated phone: its timings are the emulating machine's, never to be compared with a phone's."""
        target = self._target
        return bool(target is not None and target.device.get("emulated"))

    def current_target(self) -> Target:
        """The target, opened on first use. Blocking (a phone answers over adb); raises ControllerError."""
        with self._lock:
            target, spec = self._target, self._target_spec
        if target is not None:
            return target
        target = _open_target(spec)
        with self._lock:
            if self._target_spec == spec:  # not switched meanwhile
                self._target = target
        return target

    def use_target(self, spec: str) -> None:
        """Evaluate on `spec` (`host`, `adb`, `adb:SERIAL`) from now on, and remember it in the config.

        Blocking: a phone is found and described over adb. Raises ControllerError (one sentence); the
        target in use then stays. An evaluation already running finishes where it started."""
        target = _open_target(spec)
        with self._lock:
            self._target, self._target_spec = target, spec
            self.config.target = spec

    def list_targets(self) -> tuple[list[TargetRow], str]:
        """This machine and every phone the adb server knows, with their states; and a one-line note when
        there is no phone to list (no adb server, none connected). Blocking: asks the adb server."""
        from toolchain.adb.device import DeviceError, Server, list_devices
        from toolchain.targets import cpu_model

        current = self.target_name
        rows = [TargetRow("host", f"this machine ({cpu_model()})", self._state_of("host", "ready"),
                          current == "host")]
        try:
            server = Server.from_env()
            devices = list_devices(server)
        except DeviceError as exc:
            return rows, str(exc)
        for d in devices:
            spec = f"adb:{d.serial}"
            rows.append(TargetRow(spec, d.model or "Android device", self._state_of(spec, d.state), current == spec))
        return rows, "" if devices else f"no Android device is connected to the adb server at {server}"

    def _state_of(self, name: str, state: str) -> str:
        with self._lock:
            return "busy" if self._busy[name] else state

    @contextlib.contextmanager
    def _marked_busy(self, name: str) -> Iterator[None]:
        with self._lock:
            self._busy[name] += 1
        try:
            yield
        finally:
            with self._lock:
                self._busy[name] -= 1

    # --- the session -----------------------------------------------------------------------------

    def _record_iteration(self, it: Iteration, candidate: Candidate) -> Iteration:
        if not self._record:
            return it
        from sessions.events import EvaluationEvent, Header, host_info
        from sessions.store import SessionError, SessionWriter

        try:
            if self._writer is None:
                header = Header(task=self.task.id, provider=self.config.provider or "none",
                                model=self.config.model, written_by="human", host=host_info())
                self._writer = SessionWriter.create(self.session_path, header)
                self.session_path = self._writer.path
            step = self._candidate_steps.get(candidate.digest)
            if step is None:
                origin = it.origin if it.origin in ("reference", "coder", "human", "replay") else "human"
                step = self._writer.add_candidate(candidate.files, it.number, origin).seq
                self._candidate_steps[candidate.digest] = step
            if it.result is not None:
                step = self._writer.append(EvaluationEvent(iteration=it.number, candidate=step,
                                                           result=it.result.to_json())).seq
        except SessionError:
            # Recording must never cost the engineer an evaluation; the UI reports session_path None.
            self._writer, self.session_path = None, None
            return it
        return Iteration(it.number, it.origin, it.files, it.result, it.role, it.plan, step, it.wall_s)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    @classmethod
    def from_session(cls, path: str | Path, config: Config | None = None, **kw: Any) -> Controller:
        """A controller holding a recorded session's iterations, for replay. Raises ControllerError."""
        from sessions.events import CandidateEvent, EvaluationEvent, PlanEvent
        from sessions.store import SessionError, load_session

        try:
            session = load_session(path)
        except SessionError as exc:
            raise ControllerError(str(exc)) from None
        ctl = cls.for_task(session.header.task, config, record=False, **kw)
        ctl.replayed_from = Path(path)
        ctl._state.replay_warnings = list(session.warnings)
        evals = {e.candidate: e for e in session.events if isinstance(e, EvaluationEvent)}
        plans = {e.iteration: e.plan for e in session.events if isinstance(e, PlanEvent)}
        for ev in session.events:
            if not isinstance(ev, CandidateEvent):
                continue
            try:
                files = session.files_of(ev)
            except SessionError as exc:
                ctl._state.replay_warnings.append(str(exc))
                continue
            done = evals.get(ev.seq)
            ctl._state.history.append(Iteration(
                len(ctl._state.history) + 1, ev.origin, files, done.eval_result if done else None,
                role="coder" if ev.origin == "coder" else "human", plan=plans.get(ev.iteration),
                session_step=done.seq if done else ev.seq))
        return ctl

    def fork(self, at: Iteration) -> Path:
        """Fork the session at iteration `at` into a new file and continue recording there, by hand."""
        source = self.replayed_from or self.session_path
        if source is None or at.session_step is None:
            raise ControllerError("there is no recorded session to fork yet (evaluate once to start one)")
        from sessions.fork import fork_session
        from sessions.store import SessionError, SessionWriter

        try:
            path = fork_session(source, at.session_step)
            writer = SessionWriter.resume(path)
        except SessionError as exc:
            raise ControllerError(str(exc)) from None
        with self._lock:
            self.close()
            self._writer, self.session_path, self.replayed_from, self._record = writer, path, None, True
            self._state.history = [it for it in self._state.history if it.number <= at.number]
            self._candidate_steps = {}  # a re-evaluated candidate gets a candidate event of its own
        return path

    # --- the agent loop ------------------------------------------------------------------------

    @property
    def agent_running(self) -> bool:
        return self._loop is not None

    @property
    def waiting_gate(self) -> Any:
        """The agents.events.Gate the loop waits at, or None."""
        return self._gate

    def run_agent(self, files: Mapping[str, str] | None, on_event: Callable[[Any], None], *,
                  auto: bool = False, on_text: Callable[[str, str], None] | None = None,
                  progress: Progress | None = None) -> None:
        """Drive the MoKA loop from `files` (None: the Coder writes the first draft), blocking.

        Every loop event goes to `on_event` (and into the session); at each Gate the loop waits until
        `agent_continue`, `agent_run_to_end` or `agent_stop` — unless `auto`, which passes every gate.
        `on_text(role, chunk)` gets each piece of an LLM reply as it streams in (from this thread), and
        `progress` each phase of an evaluation. Raises ControllerError (one sentence) when no provider can
        be made or the target cannot be opened."""
        cfg = self.config
        if not cfg.provider:
            raise ControllerError("no provider is chosen: F2 picks one (F5 still evaluates your own edits)")
        from agents.events import CandidateReady, Evaluated, Gate, PlanMade
        from agents.loop import Budget, MokaLoop

        provider = self._make_provider()
        try:
            initial = Candidate(dict(files)) if files else None
        except ValueError as exc:
            raise ControllerError(str(exc)) from None
        # Opened before the loop starts: a missing phone must not cost a single LLM call.
        target = self.current_target()
        loop = MokaLoop(self.task, provider, mode=cfg.mode, budget=Budget(iterations=cfg.iterations),  # type: ignore[arg-type]
                        evaluate=lambda _task, cand, tgt, options, say: self._run_on(tgt, cand, options, say),
                        target=target, eval_options=self._options(), initial=initial, on_text=on_text,
                        progress=progress)
        recorder = self._agent_recorder(provider.name, provider.model)
        self._loop, self._auto = loop, auto
        origins: dict[str, str] = {}
        plan: Mapping[str, Any] | None = None
        try:
            for event in loop.run():
                if recorder is not None:
                    recorder.record(event)
                if isinstance(event, CandidateReady):
                    origins[event.candidate.digest] = event.origin
                elif isinstance(event, PlanMade):
                    plan = event.plan
                elif isinstance(event, Evaluated):
                    with self._lock:
                        origin = origins.get(event.candidate.digest, "coder")
                        self._state.history.append(Iteration(
                            len(self._state.history) + 1, origin, event.candidate.files, event.result,
                            role="coder" if origin == "coder" else "human", plan=plan,
                            session_step=recorder.writer.last_seq if recorder else None,
                            wall_s=event.eval_ms / 1e3))
                    plan = None
                if isinstance(event, Gate) and not self._auto:
                    # Set before the UI hears of the gate, so what it shows and F6 agree with the loop.
                    self._release.clear()
                    self._gate = event
                on_event(event)
                if self._gate is not None:
                    self._release.wait()
                    self._gate = None
        finally:
            self._loop, self._gate = None, None

    def _make_provider(self) -> Any:
        from agents.llm import ProviderError, make_provider

        cfg = self.config
        try:
            return make_provider(cfg.provider, cfg.model, cfg.base_url or None, cfg.provider_config())
        except ProviderError as exc:
            raise ControllerError(str(exc)) from None

    def agent_settings_changed(self) -> str | None:
        """Hand a running loop the config's mode and provider/model; what changed, as a sentence, or None.

        The loop reads its mode at every gate and records a provider or model change as a human edit."""
        loop = self._loop
        if loop is None:
            return None
        cfg = self.config
        changed = []
        if loop.mode != cfg.mode:
            loop.mode = cfg.mode
            changed.append(f"mode {cfg.mode}")
        if cfg.provider and (cfg.provider != loop.provider.name or (cfg.model and cfg.model != loop.provider.model)):
            loop.set_provider(self._make_provider())
            changed.append(f"{cfg.provider}/{cfg.model}")
        return f"The agent loop now uses {' and '.join(changed)}." if changed else None

    def _agent_recorder(self, provider: str, model: str) -> Any:
        if not self._record:
            return None
        from workbench.recorder import SessionRecorder

        if self._writer is None:
            from sessions.store import SessionError

            try:
                rec = SessionRecorder.create(self.session_path, self.task.id, provider, model)
            except SessionError:
                return None
            self._writer, self.session_path = rec.writer, rec.writer.path
            return rec
        return SessionRecorder(self._writer)

    def agent_continue(self, decision: str | None = None) -> None:
        """Pass the gate the loop waits at (with `decision`, e.g. "skip" or "stop", when given)."""
        if self._loop is not None and decision:
            self._loop.decide(decision)
        self._release.set()

    def agent_run_to_end(self) -> None:
        self._auto = True
        self._release.set()

    def agent_pause(self) -> None:
        """Stop passing gates: the loop halts at its next one."""
        self._auto = False

    def agent_stop(self) -> None:
        if self._loop is not None:
            self._loop.stop()
        self._release.set()

    def agent_edit_plan(self, plan: Mapping[str, Any]) -> None:
        if self._loop is None:
            raise ControllerError("the agent loop is not running")
        self._loop.edit_plan(dict(plan))
        self._release.set()

    def agent_replace_candidate(self, files: Mapping[str, str]) -> None:
        if self._loop is None:
            raise ControllerError("the agent loop is not running")
        try:
            self._loop.replace_candidate(Candidate(dict(files)))
        except ValueError as exc:
            raise ControllerError(str(exc)) from None

    # --- saving ----------------------------------------------------------------------------------

    def save_kernel(self, files: Mapping[str, str], folder: Path | None = None) -> Path:
        """Write the editor's files to `folder` (default: the data dir's kernels/<task>/)."""
        folder = folder or data_dir() / "kernels" / self.task.id
        try:
            Candidate(dict(files))  # the same rules as evaluation: bare .cpp/.hpp names
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                (folder / name).write_text(text)
        except (OSError, ValueError) as exc:
            raise ControllerError(f"cannot save the kernel to {folder}: {exc}") from None
        return folder


def _open_target(spec: str) -> Target:
    from toolchain.builder import BuildError
    from toolchain.targets import TargetError
    from workbench.config import ConfigError, open_target

    try:
        return open_target(spec)
    except (ConfigError, TargetError, BuildError) as exc:  # BuildError: no host compiler at all
        raise ControllerError(str(exc)) from None


@dataclass(frozen=True)
class TaskRow:
    """One line of the task picker."""

    task: Task
    best_speedup: float | None  # over saved sessions of this task
    baseline: str  # "yes", "no: <why>" or "not prepared yet"


def task_rows() -> list[TaskRow]:
    """Every task with its best saved speedup and whether MNN's baseline can time it; no torch import."""
    import json

    from sessions.library import list_sessions
    from tasks.prepare import prepared_dir
    from tasks.registry import all_tasks

    best: dict[str, float] = {}
    for s in list_sessions():
        if s.best_speedup is not None:
            best[s.task] = max(best.get(s.task, 0.0), s.best_speedup)
    rows = []
    for t in all_tasks():
        manifest = prepared_dir(t) / "manifest.json"
        try:
            m = json.loads(manifest.read_text())
            baseline = "yes" if m.get("op") else "no: " + "; ".join(m.get("problems") or ["no single MNN op"])
        except (OSError, ValueError):
            baseline = "not prepared yet"
        rows.append(TaskRow(t, best.get(t.id), baseline))
    return rows
