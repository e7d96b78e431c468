"""The sessions on this machine (the data dir) and the bundled demos, summarised for listing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sessions.replay import best_iteration, iterations
from sessions.store import SessionError, load_session, sessions_dir
from toolchain.result import target_key

DEMOS_DIR = Path(__file__).parent / "demos"


@dataclass(frozen=True)
class SessionSummary:
    path: Path
    task: str
    created: str
    iterations: int
    best_speedup: float | None
    written_by: str
    problem: str = ""  # why the file could not be read, or what was damaged in it
    model: str = ""  # "provider/model" the session's agents used; "" when none (by hand)
    target: str = ""  # where the best was measured (`target_key`): bests on different targets never compete

    def to_json(self) -> dict[str, object]:
        return {"path": str(self.path), "task": self.task, "created": self.created, "iterations": self.iterations,
                "best_speedup": self.best_speedup, "written_by": self.written_by, "problem": self.problem,
                "model": self.model, "target": self.target}


def summarize(path: Path) -> SessionSummary:
    try:
        s = load_session(path)
    except SessionError as exc:
        return SessionSummary(path, "?", "", 0, None, "?", str(exc))
    its = [it for it in iterations(s) if it.candidate]
    best = best_iteration(s, its)
    problem = f"{len(s.warnings)} damaged line(s)" if s.warnings else ""
    h = s.header
    model = "" if h.provider in ("", "none") else f"{h.provider}/{h.model}" if h.model else h.provider
    where = target_key(best.result) if best is not None and best.result is not None else ""
    return SessionSummary(path, h.task, h.created, len(its), best.speedup if best else None, h.written_by, problem,
                          model, where)


def demo_paths() -> list[Path]:
    return sorted(DEMOS_DIR.glob("*.jsonl"))


def list_sessions(directory: Path | None = None) -> list[SessionSummary]:
    """Every session file in `directory` (default: the data dir), newest first."""
    d = directory or sessions_dir()
    if not d.is_dir():
        return []
    return sorted((summarize(p) for p in d.glob("*.jsonl")), key=lambda s: s.created, reverse=True)


def resolve(name: str | Path) -> Path:
    """A session named on the command line: a path, else a demo (`Softmax`), else a file in the data dir."""
    p = Path(name)
    if p.exists():
        return p
    if p.parent == Path("."):
        stem = p.name.removesuffix(".jsonl")
        for candidate in (DEMOS_DIR / f"{stem}.jsonl", sessions_dir() / f"{stem}.jsonl"):
            if candidate.is_file():
                return candidate
    raise SessionError(f"no session file at {p} (nor a demo or saved session of that name; `mkb sessions` "
                       f"lists them)")
