"""The workspace: every candidate the workbench has seen in this session, numbered once, and the best;
and (`KeptWorkspace`) the task's work kept on disk between launches.

Numbers come from the agent loop for its candidates and from here (the next one) for the engineer's F5,
so a candidate, its evaluation and its line in the session share one number. Guarded by one lock: a
cancelled worker's thread may still finish late.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sessions.events import MODEL_ORIGINS
from toolchain.result import EvalResult, best_of


@dataclass(frozen=True)
class Iteration:
    """One candidate the workbench has seen, and what became of it."""

    number: int
    origin: str  # who wrote it: "coder", "debugger", "accelerator" (the model), "human", "reference"
    files: Mapping[str, str]
    result: EvalResult | None = None
    role: str = "human"  # "coder" when the model wrote it, else "human"
    plan: Mapping[str, Any] | None = None  # the Debugger's or Accelerator's plan it carried out
    session_step: int | None = None  # seq of its last event (evaluation, else candidate) in the session
    wall_s: float = 0.0

    @property
    def speedup(self) -> float | None:
        return self.result.speedup if self.result else None

    @property
    def label(self) -> str:
        status = self.result.status.value if self.result else "not evaluated"
        return f"#{self.number} {self.origin} ({status})"


def role_of(origin: str) -> str:
    return "coder" if origin in MODEL_ORIGINS else "human"


class Workspace:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._history: list[Iteration] = []

    @property
    def history(self) -> list[Iteration]:
        with self._lock:
            return list(self._history)

    def next_number(self) -> int:
        with self._lock:
            return max((it.number for it in self._history), default=0) + 1

    def add(self, it: Iteration) -> Iteration:
        with self._lock:
            self._history.append(it)
        return it

    def add_numbered(self, make: Any) -> Iteration:
        """Append `make(number)`, numbered atomically with the append."""
        with self._lock:
            it: Iteration = make(max((h.number for h in self._history), default=0) + 1)
            self._history.append(it)
        return it

    def keep_upto(self, number: int) -> None:
        with self._lock:
            self._history = [it for it in self._history if it.number <= number]

    def best(self, upto: int | None = None) -> Iteration | None:
        """The best correct candidate by `rank_key` (among the first `upto`), on the last one's target."""
        history = self.history
        return best_of(history[:upto] if upto is not None else history, lambda it: it.result)


# --- the task's workspace on disk --------------------------------------------------------------------

DRAFT, LAST = "draft", "last"


@dataclass(frozen=True)
class WorkspaceSummary:
    """One task's kept workspace, as the session list shows it."""

    task: str
    modified: str  # ISO time of the last change kept
    best_speedup: float | None  # of the best candidate evaluated here (`rank_key`), when it was timed
    status: str  # the last evaluated candidate's status, or "" when none was evaluated


class KeptWorkspace:
    """One task's work kept in the data dir, so nothing is lost between launches.

    `workspaces/<task>/draft/` holds the editor's files as of the last change, `last/` the last evaluated
    candidate (with `last.json`: its number, status and speedup), `state.json` the editor state (open
    file, cursor). What the engineer saved with ctrl+s lives in `kernels/<task>/`. Every write goes
    through a temporary file and a rename, so a crash mid-write leaves the previous version."""

    def __init__(self, task_id: str, root: Path | None = None) -> None:
        from workbench.config import data_dir

        base = root or data_dir()
        self.task_id = task_id
        self.dir = base / "workspaces" / task_id
        self.saved_dir = base / "kernels" / task_id

    # reading

    def draft(self) -> dict[str, str] | None:
        return _read_files(self.dir / DRAFT)

    def saved(self) -> dict[str, str] | None:
        return _read_files(self.saved_dir)

    def last(self) -> dict[str, str] | None:
        return _read_files(self.dir / LAST)

    def restore(self) -> tuple[dict[str, str], str] | None:
        """What the editor had (the draft), else what was saved; with "draft" or "saved". None: nothing kept."""
        if (files := self.draft()) is not None:
            return files, DRAFT
        if (files := self.saved()) is not None:
            return files, "saved"
        return None

    def earlier(self) -> list[tuple[str, dict[str, str]]]:
        """What a revert can go back to beyond this launch's candidates, labelled: the last candidate
        evaluated (in any launch) and the kernel saved with ctrl+s."""
        found: list[tuple[str, dict[str, str]]] = []
        if (files := self.last()) is not None:
            info = self._last_info()
            status = f", {info['status']}" if info.get("status") else ""
            found.append((f"the last evaluated, kept (#{info.get('number', '?')}{status})", files))
        if (files := self.saved()) is not None:
            found.append((f"the kernel you saved ({self.saved_dir})", files))
        return found

    def _last_info(self) -> dict[str, Any]:
        """`last.json`: the last evaluated candidate's number and status ({} when none or unreadable)."""
        return _json_object(self.dir / "last.json")

    def state(self) -> dict[str, Any]:
        return _json_object(self.dir / "state.json")

    # writing

    def keep_draft(self, files: Mapping[str, str], state: Mapping[str, Any] | None = None) -> None:
        _write_files(self.dir / DRAFT, files)
        if state is not None:
            _write_text(self.dir / "state.json", json.dumps(dict(state)))

    def keep_last(self, it: Iteration) -> None:
        """Keep `it` as the last evaluated candidate, and its result as the best when it ranks above the kept best."""
        _write_files(self.dir / LAST, it.files)
        r = it.result
        info = {"number": it.number, "status": r.status.value if r else ""}
        _write_text(self.dir / "last.json", json.dumps(info))
        if r is not None and best_of([self.best(), r], lambda x: x) is r:
            _write_text(self.dir / "best.json", json.dumps(r.to_json()))

    def best(self) -> EvalResult | None:
        try:
            return EvalResult.from_json(json.loads((self.dir / "best.json").read_text()))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def discard_draft(self) -> None:
        shutil.rmtree(self.dir / DRAFT, ignore_errors=True)
        (self.dir / "state.json").unlink(missing_ok=True)

    def save(self, files: Mapping[str, str], folder: Path | None = None) -> Path:
        """Write `files` to `folder` (default `kernels/<task>/`); raises OSError or ValueError."""
        from toolchain.candidate import Candidate

        Candidate(dict(files))  # the same rules as evaluation: bare .cpp/.hpp names
        folder = folder or self.saved_dir
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            _write_text(folder / name, text)
        return folder

    def summary(self) -> WorkspaceSummary | None:
        paths = [p for p in (self.dir / DRAFT, self.dir / LAST, self.saved_dir) if p.is_dir()]
        if not paths:
            return None
        mtime = max(f.stat().st_mtime for p in paths for f in [p, *p.iterdir()])
        info = self._last_info()
        best = self.best()
        return WorkspaceSummary(self.task_id, datetime.fromtimestamp(mtime, UTC).isoformat(timespec="seconds"),
                                best.speedup if best is not None else None, str(info.get("status", "")))


def list_workspaces(root: Path | None = None) -> list[WorkspaceSummary]:
    """Every task with kept work in the data dir, most recently changed first."""
    from workbench.config import data_dir

    base = root or data_dir()
    names = {p.name for sub in ("workspaces", "kernels") if (base / sub).is_dir() for p in (base / sub).iterdir()
             if p.is_dir()}
    found = [s for n in names if (s := KeptWorkspace(n, base).summary()) is not None]
    return sorted(found, key=lambda s: s.modified, reverse=True)


def _read_files(folder: Path) -> dict[str, str] | None:
    try:
        files = {p.name: p.read_text() for p in sorted(folder.iterdir())
                 if p.is_file() and p.suffix in (".cpp", ".cc", ".hpp", ".h")}
    except (OSError, UnicodeDecodeError):
        return None
    return files or None


def _write_files(folder: Path, files: Mapping[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if "/" in name or name.startswith("."):
            continue  # a name that is not a bare file name is refused when evaluated; never written outside
        _write_text(folder / name, text)
    for old in folder.iterdir():
        if old.is_file() and old.name not in files:
            old.unlink()


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _json_object(path: Path) -> dict[str, Any]:
    """The JSON object in `path`, or {} when it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
