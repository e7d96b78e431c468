"""The workbench's brain without a face: one task, its candidates, their evaluations, the session.

The Textual App calls these methods from its workers and renders what they return; a script or a test
can drive the same steps with no UI at all. Nothing here imports Textual. Every method that can take
more than a moment (preparing a task, evaluating) is blocking and meant for a worker thread.

The Controller is a thin front over one collaborator per job: the `Workspace` (the candidates seen and
the best), the `TargetPool` (where evaluations run), the `SessionRecorder` (every session line, F5
included) and the `AgentRun` (the agent loop and its gates). Configuration is handed down from here,
never re-read from disk underneath.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agents.events import Answer, CandidateReady, Decision, Evaluated, Event, Gate, PlanMade, RoleName
from tasks.registry import get_task, reference_candidate
from tasks.task import Task, TaskError
from toolchain.candidate import Candidate
from workbench.config import Config
from workbench.recorder import SessionRecorder
from workbench.target_pool import Evaluator, Progress, TargetError, TargetPool, TargetRow
from workbench.workspace import Iteration, KeptWorkspace, Workspace, role_of

if TYPE_CHECKING:
    from agents.llm.base import Provider
    from toolchain.evaluate import EvalOptions, Samples
    from toolchain.mnn.dropin import DropIn
    from toolchain.result import EvalResult
    from toolchain.targets import Target
    from workbench.agent_run import AgentRun

__all__ = ["Controller", "ControllerError", "Evaluator", "Iteration", "TargetRow"]


class ControllerError(Exception):
    """Something the engineer asked for that cannot be done; the message is one sentence."""


class Controller:
    def __init__(self, task: Task, config: Config | None = None, *, evaluator: Evaluator | None = None,
                 record: bool = True) -> None:
        self.task = task
        self.config = config or Config()
        self.workspace = Workspace()
        self.targets = TargetPool(self.config, evaluator)
        self._record = record
        self._lock = threading.Lock()
        self.recorder: SessionRecorder | None = None  # created on the first evaluation
        self.session_path: Path | None = None
        self.replayed_from: Path | None = None
        self.replay_warnings: list[str] = []
        # In replay: each iteration's recorded prompts, replies, plans, gate decisions and edits, in order.
        self.replay_events: dict[int, list[Any]] = {}
        self.agent: AgentRun | None = None  # while an agent run is going
        self._reference: Candidate | None = None  # the reference kernel, once loaded
        self.kept: KeptWorkspace | None = KeptWorkspace(task.id)  # None in replay: a replay keeps nothing

    @classmethod
    def for_task(cls, task_id: str, config: Config | None = None, **kw: Any) -> Controller:
        """Raises ControllerError (one sentence) for an unknown or unreadable task."""
        try:
            return cls(get_task(task_id), config, **kw)
        except TaskError as exc:
            raise ControllerError(str(exc)) from None

    @property
    def records(self) -> bool:
        """Whether evaluations are recorded in a session (a controller for another task does the same)."""
        return self._record

    # --- what the panes show ---------------------------------------------------------------------

    @property
    def history(self) -> list[Iteration]:
        return self.workspace.history

    @property
    def best(self) -> Iteration | None:
        """The best correct candidate so far (`toolchain.result.rank_key`, on the last evaluation's target)."""
        return self.workspace.best()

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
        try:
            # The one way to a reference kernel: its folder plus the shared headers it includes.
            self._reference = reference_candidate(op_type)
        except TaskError as exc:
            raise ControllerError(str(exc)) from None
        return dict(self._reference.files)

    def _origin(self, candidate: Candidate) -> str:
        """The engineer's kernel, unless it is the reference kernel as loaded (then it is the suite's)."""
        ref = self._reference
        return "reference" if ref is not None and ref.digest == candidate.digest else "human"

    # --- evaluating ------------------------------------------------------------------------------

    def evaluate(self, files: Mapping[str, str], progress: Progress | None = None,
                 cancelled: Callable[[], bool] = lambda: False, samples: Samples | None = None) -> Iteration | None:
        """Evaluate `files` as the next iteration; None when `cancelled()` turned true meanwhile. `samples` hears
        each side's samples so far while timing runs (from this thread).

        Raises ControllerError when the files cannot form a candidate (bad names, no .cpp)."""
        candidate = _candidate(files)
        t0 = time.perf_counter()
        if progress and not self.targets.opened:
            progress(f"connecting to {self.targets.name}")
        target = self.current_target()
        result = self.targets.run_on(target, self.task, candidate, self._options(), progress, samples)
        if cancelled():
            return None
        origin = self._origin(candidate)
        with self._lock:  # numbered and recorded together, so the file and the history agree
            def make(number: int) -> Iteration:
                step = self._record_evaluation(candidate, number, origin, result, target)
                return Iteration(number, origin, candidate.files, result, role_of(origin), session_step=step,
                                 wall_s=time.perf_counter() - t0)

            it = self.workspace.add_numbered(make)
        if self.kept is not None:
            with contextlib.suppress(OSError):  # the evaluation stands; keeping a copy of it is a convenience
                self.kept.keep_last(it)
        return it

    def _options(self) -> EvalOptions:
        from toolchain.evaluate import EvalOptions
        from toolchain.runner import TimingPlan

        return EvalOptions(threads=self.config.threads, timing=TimingPlan(min_time_ms=self.config.min_time_ms))

    # --- where evaluations run -------------------------------------------------------------------

    @property
    def target_name(self) -> str:
        return self.targets.name

    @property
    def target_emulated(self) -> bool:
        return self.targets.emulated

    def current_target(self) -> Target:
        """The target, opened on first use. Blocking (a phone answers over adb); raises ControllerError."""
        try:
            return self.targets.current()
        except TargetError as exc:
            raise ControllerError(str(exc)) from None

    def use_target(self, spec: str) -> None:
        """Evaluate on `spec` (`host`, `adb`, `adb:SERIAL`) from now on, and remember it in the config.

        Blocking: a phone is found and described over adb. Raises ControllerError (one sentence); the
        target in use then stays. An evaluation already running finishes where it started."""
        try:
            self.targets.use(spec)
        except TargetError as exc:
            raise ControllerError(str(exc)) from None

    def list_targets(self) -> tuple[list[TargetRow], str]:
        return self.targets.rows()

    # --- the session -----------------------------------------------------------------------------

    def _recorder(self, target: Target, provider: str, model: str, written_by: str) -> SessionRecorder | None:
        """The session's recorder, created on first use with the target the evaluations run on."""
        if not self._record:
            return None
        if self.recorder is None:
            from sessions.store import SessionError

            try:
                self.recorder = SessionRecorder.create(self.session_path, self.task.id, provider, model,
                                                       target=target.name, written_by=written_by)  # type: ignore[arg-type]
            except SessionError:
                return None  # recording must never cost the engineer an evaluation; session_path stays None
            self.session_path = self.recorder.path
        return self.recorder

    def _record_evaluation(self, candidate: Candidate, number: int, origin: str, result: EvalResult,
                           target: Target) -> int | None:
        from sessions.store import SessionError

        rec = self._recorder(target, self.config.provider or "none", self.config.model, "human")
        if rec is None:
            return None
        try:
            return rec.record_evaluation(candidate, number, origin, result)  # type: ignore[arg-type]
        except SessionError:
            self.close()
            self.session_path = None
            return None

    def close(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
            self.recorder = None

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
        ctl.kept = None
        ctl.replay_warnings = list(session.warnings)
        for e in session.events:
            if e.kind in ("prompt", "reply", "plan", "gate", "human_edit", "error"):
                ctl.replay_events.setdefault(e.iteration, []).append(e)  # type: ignore[union-attr]
        evals = {e.candidate: e for e in session.events if isinstance(e, EvaluationEvent)}
        plans = {e.iteration: e.plan for e in session.events if isinstance(e, PlanEvent)}
        for ev in session.events:
            if not isinstance(ev, CandidateEvent):
                continue
            try:
                files = session.files_of(ev)
            except SessionError as exc:
                ctl.replay_warnings.append(str(exc))
                continue
            done = evals.get(ev.seq)
            ctl.workspace.add(Iteration(ev.iteration, ev.origin, files, done.eval_result if done else None,
                                        role=role_of(ev.origin), plan=plans.get(ev.iteration - 1),
                                        session_step=done.seq if done else ev.seq))
        return ctl

    def fork(self, at: Iteration) -> Path:
        """Fork the session at iteration `at` into a new file and continue recording there, by hand."""
        source = self.replayed_from or self.session_path
        if source is None or at.session_step is None:
            raise ControllerError("there is no recorded session to fork yet (evaluate once to start one)")
        from sessions.fork import fork_session
        from sessions.store import SessionError

        try:
            path = fork_session(source, at.session_step)
            recorder = SessionRecorder.resume(path)
        except SessionError as exc:
            raise ControllerError(str(exc)) from None
        with self._lock:
            self.close()
            self.recorder, self.session_path, self.replayed_from, self._record = recorder, path, None, True
            self.workspace.keep_upto(at.number)
        return path

    # --- the agent loop ------------------------------------------------------------------------

    @property
    def agent_running(self) -> bool:
        return self.agent is not None

    @property
    def waiting_gate(self) -> Gate | None:
        """The gate the loop waits at, or None."""
        agent = self.agent
        return agent.gate if agent is not None else None

    def run_agent(self, seed: Mapping[str, str] | None, on_event: Callable[[Event], None], *,
                  auto: bool = False, on_text: Callable[[RoleName, str], None] | None = None,
                  progress: Progress | None = None, samples: Samples | None = None) -> None:
        """Drive the MoKA loop, blocking: from the Coder's first draft, or from `seed` (the editor's kernel,
        which the engineer chose explicitly; recorded as `reference` or `human`).

        Every loop event goes to `on_event` (and into the session); at each Gate the loop waits until
        `agent_continue`, `agent_run_to_end` or `agent_stop` — unless `auto`, which passes every gate.
        `on_text(role, chunk)` gets each piece of an LLM reply as it streams in (from this thread), and
        `progress` each phase of an evaluation, `samples` each side's samples so far while one is timed.
        Raises ControllerError (one sentence) when no provider can
        be made or the target cannot be opened."""
        from agents.loop import Budget
        from workbench.agent_run import AgentRun

        cfg = self.config
        if not cfg.provider:
            raise ControllerError("no provider is chosen: F2 picks one (F5 still evaluates your own edits)")
        provider = self._make_provider()
        initial = _candidate(seed) if seed else None
        origin = self._origin(initial) if initial is not None else "human"
        # Opened before the loop starts: a missing phone must not cost a single LLM call.
        target = self.current_target()
        recorder = self._recorder(target, provider.name, provider.model, "llm")
        run = AgentRun(self.task, provider, target, mode=cfg.mode, budget=Budget(iterations=cfg.iterations),  # type: ignore[arg-type]
                       options=self._options(), recorder=recorder, initial=initial,
                       initial_origin=origin,  # type: ignore[arg-type]
                       first_iteration=self.workspace.next_number(), on_text=on_text, progress=progress,
                       evaluate=lambda task, cand, tgt, options, say: self.targets.run_on(tgt, task, cand, options,
                                                                                           say, samples))
        origins: dict[str, str] = {}
        plan: list[Mapping[str, Any]] = []  # the plan the next evaluated candidate carried out

        def seen(event: Event) -> None:
            if isinstance(event, CandidateReady):
                origins[event.candidate.digest] = event.origin
            elif isinstance(event, PlanMade):
                plan[:] = [event.plan]
            elif isinstance(event, Evaluated):
                origin = origins.get(event.candidate.digest, "coder")
                self.workspace.add(Iteration(event.iteration, origin, event.candidate.files, event.result,
                                             role=role_of(origin), plan=plan[0] if plan else None,
                                             session_step=recorder.last_seq if recorder else None,
                                             wall_s=event.eval_ms / 1e3))
                plan.clear()
            on_event(event)

        self.agent = run
        try:
            run.run(seen, auto=auto)
        finally:
            self.agent = None

    def _make_provider(self) -> Provider:
        from agents.llm import ProviderError, make_provider

        cfg = self.config
        try:
            return make_provider(cfg.provider, cfg.model, cfg.base_url or None, cfg.provider_config())
        except ProviderError as exc:
            raise ControllerError(str(exc)) from None

    def agent_settings_changed(self) -> str | None:
        """Hand a running loop the config's mode and provider/model; what changed, as a sentence, or None.

        The loop reads its mode at every gate and records a provider or model change as a human edit."""
        agent = self.agent
        if agent is None:
            return None
        loop, cfg = agent.loop, self.config
        changed = []
        if loop.mode != cfg.mode:
            loop.mode = cfg.mode  # type: ignore[assignment]
            changed.append(f"mode {cfg.mode}")
        if cfg.provider and (cfg.provider != loop.provider.name or (cfg.model and cfg.model != loop.provider.model)):
            loop.set_provider(self._make_provider())
            changed.append(f"{cfg.provider}/{cfg.model}")
        return f"The agent loop now uses {' and '.join(changed)}." if changed else None

    def agent_continue(self, decision: Decision | None = None) -> None:
        """Pass the gate the loop waits at (with `decision`, e.g. "skip" or "stop", when given)."""
        if self.agent is not None:
            self.agent.continue_(decision)

    def agent_answer(self, answer: Answer) -> None:
        """Pass the gate the loop waits at with the engineer's answer (skip, re-ask, a role, a prompt, ...)."""
        if self.agent is None or self.agent.gate is None:
            raise ControllerError("the agent loop is not waiting at a gate")
        self.agent.answer(answer)

    def agent_spend(self) -> Any:
        """What the running loop has spent and may spend (an agents.events.Spend), or None."""
        return self.agent.loop.spend() if self.agent is not None else None

    def agent_memory(self) -> str:
        """The running loop's memory, one JSON entry a line (what the gate's memory editor shows)."""
        return self.agent.loop.memory.to_lines() if self.agent is not None else ""

    def agent_budget(self) -> Any:
        """The running loop's budget (an agents.loop.Budget), or None."""
        return self.agent.loop.budget if self.agent is not None else None

    def agent_run_to_end(self) -> None:
        if self.agent is not None:
            self.agent.run_to_end()

    def agent_pause(self) -> None:
        """Stop passing gates: the loop halts at its next one."""
        if self.agent is not None:
            self.agent.pause()

    def agent_stop(self) -> None:
        if self.agent is not None:
            self.agent.stop()

    def agent_edit_plan(self, plan: Mapping[str, Any]) -> None:
        if self.agent is None:
            raise ControllerError("the agent loop is not running")
        self.agent.edit_plan(plan)

    def agent_replace_candidate(self, files: Mapping[str, str]) -> None:
        if self.agent is None:
            raise ControllerError("the agent loop is not running")
        self.agent.replace_candidate(_candidate(files))

    def mnn_ready(self) -> bool:
        """Whether an MNN tree is set up and built (then an agent run's best is checked in it)."""
        from workbench.config import ready_mnn_tree

        return ready_mnn_tree(self.config) is not None

    def verify_in_mnn(self, files: Mapping[str, str], progress: Progress | None = None) -> DropIn:
        """`mkb verify-mnn` on `files`: the set-up MNN tree, with the task's op. Blocking; raises ControllerError."""
        from tasks.prepare import prepare
        from toolchain.mnn.dropin import DropInError, verify
        from toolchain.mnn.tree import MnnTreeError
        from workbench.config import mnn_tree

        try:
            return verify(mnn_tree(config=self.config), prepare(self.task).mnn_op_type, _candidate(files), progress)
        except (TaskError, MnnTreeError, DropInError) as exc:
            raise ControllerError(str(exc)) from None

    # --- saving ----------------------------------------------------------------------------------

    def save_kernel(self, files: Mapping[str, str], folder: Path | None = None) -> Path:
        """Write the editor's files to `folder` (default: the data dir's kernels/<task>/)."""
        kept = self.kept or KeptWorkspace(self.task.id)
        try:
            return kept.save(files, folder)
        except (OSError, ValueError) as exc:
            raise ControllerError(f"cannot save the kernel to {folder or kept.saved_dir}: {exc}") from None

    def revert_choices(self) -> list[tuple[str, dict[str, str]]]:
        """Every kernel the editor can go back to, labelled: this session's candidates, then what the task's
        workspace kept from earlier launches (unless it is one of them already)."""
        choices = [(it.label, dict(it.files)) for it in self.workspace.history]
        seen = [files for _, files in choices]
        if self.kept is not None:
            choices += [(label, files) for label, files in self.kept.earlier() if files not in seen]
        return choices

    def unsaved(self, files: Mapping[str, str]) -> bool:
        """Whether `files` hold edits that neither ctrl+s saved nor are the reference kernel as loaded."""
        if self.kept is None or not files:
            return False
        if self._reference is not None and dict(files) == dict(self._reference.files):
            return False
        return dict(files) != (self.kept.saved() or {})

    def keep_draft(self, files: Mapping[str, str], state: Mapping[str, Any] | None = None) -> None:
        """Keep the editor's files (and state) in the task's workspace; never raises (a full disk must not
        cost the engineer the editor)."""
        if self.kept is None or not files:
            return
        ref = self._reference
        if ref is not None and dict(files) == dict(ref.files) and self.kept.draft() is None:
            return  # the reference as loaded is not work of the engineer's: nothing to restore it as
        if self.kept is not None:
            with contextlib.suppress(OSError):
                self.kept.keep_draft(files, state)


def _candidate(files: Mapping[str, str]) -> Candidate:
    try:
        return Candidate(dict(files))
    except ValueError as exc:
        raise ControllerError(str(exc)) from None
