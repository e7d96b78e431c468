"""Forward migration of older session files, one explicit function per schema version.

A migration works on the decoded JSON of each line (before validation), so a file written by an older
mkb loads into today's models. Versions are never guessed: a header with no recognisable version, or a
version with no migration path, is refused. To add schema version N+1: bump `SCHEMA_VERSION` in
`events.py`, write `_vN_to_vN1` here and register it in `MIGRATIONS`, and add a test with a vN file.

Version 0 never shipped; it is the pre-release layout (`version` in the header, `type` instead of
`kind`, `response` instead of `reply`, `ts` instead of `time`) and exercises this mechanism.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sessions.events import SCHEMA_VERSION

Line = tuple[int, dict[str, Any]]  # (line number in the file, decoded object)
Migration = Callable[[dict[str, Any], list[Line]], tuple[dict[str, Any], list[Line]]]


class MigrationError(Exception):
    """A session whose version cannot be brought to the current one; the message is one sentence."""


def schema_version(header: dict[str, Any]) -> int | None:
    v = header.get("schema_version", header.get("version"))
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _v0_to_v1(header: dict[str, Any], events: list[Line]) -> tuple[dict[str, Any], list[Line]]:
    renames = {"type": "kind", "ts": "time"}
    h = {renames.get(k, k): v for k, v in header.items() if k != "version"}
    h["schema_version"] = 1
    out: list[Line] = []
    for n, e in events:
        e = {renames.get(k, k): v for k, v in e.items()}
        if e.get("kind") == "response":
            e["kind"] = "reply"
        out.append((n, e))
    return h, out


def _int(x: Any) -> int | None:
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def _v1_to_v2(header: dict[str, Any], events: list[Line]) -> tuple[dict[str, Any], list[Line]]:
    """v1 agent runs numbered a candidate one below its evaluation (the Coder's draft at 0, evaluated at 1,
    and so on); v2 numbers a candidate, its evaluation and the plan made after it alike, and names the plan
    a Coder candidate carried out in its origin. Files that already numbered alike (the demos, F5 runs)
    keep their numbers; a line too damaged to read is left for validation to report."""
    h = {**header, "schema_version": 2}
    cands = {_int(e.get("seq")): e for _, e in events if e.get("kind") == "candidate"}
    evaluated_at: dict[int, int] = {}  # candidate seq -> the iteration of its first evaluation
    shifted = False
    for _, e in events:
        c, n = _int(e.get("candidate")), _int(e.get("iteration"))
        if e.get("kind") != "evaluation" or c is None or n is None:
            continue
        evaluated_at.setdefault(c, n)
        cn = _int(cands[c].get("iteration")) if c in cands else None
        shifted = shifted or (cn is not None and cn == n - 1)
    out: list[Line] = []
    for line, e in events:
        n = _int(e.get("iteration"))
        if shifted and n is not None:
            if e.get("kind") == "candidate":
                seq = _int(e.get("seq"))
                e = {**e, "iteration": evaluated_at.get(seq, n + 1) if seq is not None else n + 1}
            elif e.get("kind") in ("prompt", "reply", "error") and e.get("role") == "coder":
                e = {**e, "iteration": n + 1}  # the Coder's call wrote the next iteration's candidate
        out.append((line, e))
    plans = {_int(e.get("iteration")): e.get("role") for _, e in out if e.get("kind") == "plan"}
    for i, (line, e) in enumerate(out):
        n = _int(e.get("iteration"))
        if e.get("kind") == "candidate" and e.get("origin") == "coder" and n is not None \
                and plans.get(n - 1) in ("debugger", "accelerator"):
            out[i] = (line, {**e, "origin": plans[n - 1]})
    return h, out


def _v2_to_v3(header: dict[str, Any], events: list[Line]) -> tuple[dict[str, Any], list[Line]]:
    """v3 only adds what the engineer can do at a gate (re-ask, choose the role, edit the prompt, the
    memory, the budget); every v2 line is already a valid v3 line."""
    return {**header, "schema_version": 3}, events


MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1, 1: _v1_to_v2, 2: _v2_to_v3}


def migrate(header: dict[str, Any], events: list[Line]) -> tuple[dict[str, Any], list[Line]]:
    """Bring a decoded session to SCHEMA_VERSION, or raise MigrationError with one sentence."""
    version = schema_version(header)
    if version is None:
        raise MigrationError("its header has no schema version")
    if version > SCHEMA_VERSION:
        raise MigrationError(f"it was written by a newer mkb (session schema v{version}; this mkb reads up to "
                             f"v{SCHEMA_VERSION}); upgrade mkb to open it")
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(f"session schema v{version} is not one this mkb can migrate")
        header, events = step(header, events)
        new = schema_version(header)
        if new is None or new <= version:  # a migration that does not advance would loop forever
            raise MigrationError(f"the migration from session schema v{version} did not advance the version")
        version = new
    return header, events
