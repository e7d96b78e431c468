"""Forking a session at a step: a new file that starts where the parent was at that step.

The fork's header names its parent (file, session id, step); its events are the parent's up to and
including the step, copied verbatim (same seq, time and parent, so step numbers agree between the two
files), with the blobs they need, then one `fork` event. The parent file is only read. Continue the
fork with `SessionWriter.resume`.
"""

from __future__ import annotations

from pathlib import Path

from sessions.events import BlobEvent, CandidateEvent, ForkEvent, Header, ParentRef, now_iso
from sessions.store import Session, SessionError, SessionWriter, load_session


def fork_session(source: str | Path | Session, at: int, out: str | Path | None = None) -> Path:
    """Write the fork of `source` at step `at` to `out` (None: a fresh file in the sessions dir)."""
    parent = source if isinstance(source, Session) else load_session(source)
    # Steps are numbered from 1, as replay lists them. There is no step 0: a fork of nothing would be an
    # empty session that metrics would score as a failed attempt.
    if at < 1 or at > parent.last_seq:
        raise SessionError(f"step {at} is outside {parent.path.name}, whose steps run "
                           f"{parent.first_seq}–{parent.last_seq}")
    if not any(e.seq == at for e in parent.events):
        raise SessionError(f"{parent.path.name} has no step {at}")
    kept = [e for e in parent.events if e.seq <= at]
    needed = {h for e in kept if isinstance(e, CandidateEvent) for h in e.files.values()}
    missing = needed - parent.blobs.keys()
    if missing:
        raise SessionError(f"cannot fork at step {at}: {len(missing)} kernel source(s) it needs are missing "
                           f"from {parent.path.name}")
    src = str(parent.path.resolve())
    h = parent.header
    header = Header(
        task=h.task, target=h.target, provider=h.provider, model=h.model, written_by=h.written_by,
        tool_versions=h.tool_versions, host=h.host, created=now_iso(),
        parent=ParentRef(session=src, session_id=h.session_id, step=at),
        title=f"fork of {h.title or h.session_id} at step {at}",
    )
    with SessionWriter.create(out, header) as w:
        for e in kept:
            if isinstance(e, BlobEvent) and e.sha256 not in needed:
                continue  # a blob no kept candidate uses (its candidate came after the step)
            w.copy_event(e)
        w.append(ForkEvent(from_session=src, from_step=at, parent=at))
        return w.path
