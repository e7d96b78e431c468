"""Where the workbench's evaluations run: the target in use (opened on first use), the phones the adb
server knows, and which of them are busy. A phone times one kernel at a time, or both timings are wrong.
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tasks.task import Task
from toolchain.candidate import Candidate
from toolchain.result import EvalResult
from workbench.config import Config

if TYPE_CHECKING:
    from toolchain.evaluate import EvalOptions, Samples
    from toolchain.targets import Target

Progress = Callable[[str], None]
Evaluator = Callable[..., EvalResult]  # tasks.evaluation.evaluate's signature


class TargetError(Exception):
    """A target that cannot be opened; the message is one sentence."""


@dataclass(frozen=True)
class TargetRow:
    """One line of the devices list: somewhere evaluations can run."""

    spec: str  # what use_target takes: "host", "mnn" or "adb:SERIAL"
    description: str
    state: str  # ready, busy (an evaluation of ours runs there), unauthorized, offline, or adb's own word
    current: bool


class TargetPool:
    def __init__(self, config: Config, evaluator: Evaluator | None = None) -> None:
        self.config = config
        self._evaluator = evaluator
        self._lock = threading.Lock()
        self._spec = config.target or "host"
        self._target: Target | None = None  # opened on first use: a phone takes adb round trips to describe
        self._busy: Counter[str] = Counter()  # target name -> evaluations running there now
        self._device_lock = threading.Lock()

    @property
    def evaluator(self) -> Evaluator | None:
        """The evaluator swapped in (tests), or None for the real one: a new task's controller gets the same."""
        return self._evaluator

    @property
    def opened(self) -> bool:
        return self._target is not None

    @property
    def name(self) -> str:
        """The target evaluations run on: its name once opened (`adb:SERIAL`), else the spec asked for."""
        target = self._target
        return target.name if target is not None else self._spec

    @property
    def emulated(self) -> bool:
        """An emulated phone: its timings are the emulating machine's, never to be compared with a phone's."""
        target = self._target
        return bool(target is not None and target.device.get("emulated"))

    def current(self) -> Target:
        """The target, opened on first use. Blocking (a phone answers over adb); raises TargetError."""
        with self._lock:
            target, spec = self._target, self._spec
        if target is not None:
            return target
        target = self._open(spec)
        with self._lock:
            if self._spec == spec:  # not switched meanwhile
                self._target = target
        return target

    def use(self, spec: str) -> None:
        """Evaluate on `spec` from now on, and remember it in the config. Raises TargetError (the target
        in use then stays); an evaluation already running finishes where it started."""
        target = self._open(spec)
        with self._lock:
            self._target, self._spec = target, spec
            self.config.target = spec

    def _open(self, spec: str) -> Target:
        from toolchain.builder import BuildError
        from toolchain.targets import TargetError as ToolchainTargetError
        from workbench.config import ConfigError, open_target

        try:
            return open_target(spec, None, self.config)
        except (ConfigError, ToolchainTargetError, BuildError) as exc:  # BuildError: no host compiler at all
            raise TargetError(str(exc)) from None

    def rows(self) -> tuple[list[TargetRow], str]:
        """This machine and every phone the adb server knows, with their states; and a one-line note when
        there is no phone to list. Blocking: asks the adb server."""
        from toolchain.adb.device import DeviceError, Server, list_devices
        from toolchain.targets import cpu_model

        current = self.name
        rows = [TargetRow("host", f"this machine ({cpu_model()})", self._state_of("host", "ready"),
                          current == "host"), self._mnn_row(current == "mnn")]
        try:
            server = Server.from_env()
            devices = list_devices(server)
        except DeviceError as exc:
            return rows, str(exc)
        for d in devices:
            spec = f"adb:{d.serial}"
            rows.append(TargetRow(spec, d.model or "Android device", self._state_of(spec, d.state), current == spec))
        return rows, "" if devices else f"no Android device is connected to the adb server at {server}"

    def _mnn_row(self, current: bool) -> TargetRow:
        """The MNN tree set up with `mkb mnn setup`: ready once built, else what to run."""
        from toolchain.mnn.tree import MnnTreeError
        from workbench.config import ConfigError, mnn_tree

        try:
            tree = mnn_tree(config=self.config)
        except (MnnTreeError, ConfigError, OSError):
            return TargetRow("mnn", "inside a real MNN tree: run `mkb mnn setup PATH` first", "not set up", current)
        if not tree.ready:
            return TargetRow("mnn", f"inside MNN {tree.version}: run `mkb mnn setup` to build it", "not built", current)
        return TargetRow("mnn", f"inside MNN {tree.version} ({tree.label}), against its own kernel",
                         self._state_of("mnn", "ready"), current)

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

    def run_on(self, target: Target, task: Task, candidate: Candidate, options: EvalOptions,
               progress: Progress | None, samples: Samples | None = None) -> EvalResult:
        """One evaluation on `target`; on a phone, one at a time, with the phone's phases sent to `progress`."""
        from tasks.evaluation import evaluate as real_evaluate

        chosen = self._evaluator or real_evaluate

        def evaluate(*args: Any) -> EvalResult:
            # The samples watcher only when there is one: an evaluator swapped in may not take it.
            return chosen(*args, samples=samples) if samples is not None else chosen(*args)
        if target.name == "host":
            with self._marked_busy(target.name):
                return evaluate(task, candidate, target, options, progress)
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
                return evaluate(task, candidate, target, options, progress)
        finally:
            if isinstance(runner, AdbRunner):
                runner.progress = None
            self._device_lock.release()
