"""Writing and reading session files (JSON Lines, see `sessions/SCHEMA.md`).

The writer only ever appends: each event is one line, written and flushed before `append` returns, so
a process killed mid-run loses at most the line being written. It never opens an existing file for
writing except to continue it (`SessionWriter.resume`), and never truncates. The reader loads whatever
is whole: a line cut short or damaged is reported in `Session.warnings` with its line number and the
rest of the file is still read.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from pydantic import ValidationError

from sessions.events import (
    AnyEvent,
    BlobEvent,
    CandidateEvent,
    EvaluationEvent,
    Header,
    Origin,
    now_iso,
    parse_event,
    sha256_text,
)
from sessions.migrate import MigrationError, migrate, schema_version

DATA_DIR_ENV = "MKB_DATA_DIR"


class SessionError(Exception):
    """A session that cannot be read or written; the message is one sentence for the user."""


def sessions_dir() -> Path:
    """Where sessions live unless a path is given: $MKB_DATA_DIR/sessions, else the platform data dir."""
    base = os.environ.get(DATA_DIR_ENV)
    if base:
        return Path(base) / "sessions"
    import platformdirs

    return Path(platformdirs.user_data_dir("mobilekernelbench")) / "sessions"


# --- secrets -------------------------------------------------------------------------------------------

# Key shapes of the providers we talk to, and header lines that carry credentials. A session is shared
# and committed (the demos are), so anything that looks like a credential is replaced before it is written.
_SECRET_PATTERNS = (
    re.compile(r"sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{16,}"),
    re.compile(r"AIza[0-9A-Za-z_\-]{30,}"),
    re.compile(r"(?i)(authorization\s*[:=]\s*)(?:bearer|basic)?\s*[^\s\"',}]+"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/\-]{8,}=*"),
    re.compile(r"(?i)((?:x-api-key|api[_-]?key)\s*[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]{8,}"),
)
_SECRET_ENV = re.compile(r"(?i)(key|token|secret|password|credential)")
# Field names whose value is a credential whatever it looks like (not e.g. "key_idea" in a plan).
_SECRET_FIELD = re.compile(r"(?i)^((x-)?api[_-]?key|authorization|(access_|auth_|bearer_)?token|secret|password)$")
REDACTED = "[redacted]"


def _env_secrets() -> list[str]:
    # Values of credential-like variables in our own environment: whatever their shape, never write them.
    return [v for k, v in os.environ.items()
            if _SECRET_ENV.search(k) and len(v) >= 12 and not v.startswith("/") and " " not in v]


def redact(text: str) -> str:
    """`text` with anything credential-like replaced by [redacted]."""
    for value in _env_secrets():
        text = text.replace(value, REDACTED)
    for pat in _SECRET_PATTERNS:
        text = pat.sub(lambda m: (m.group(1) if m.re.groups else "") + REDACTED, text)
    return text


def _redact_tree(v: Any) -> Any:
    if isinstance(v, str):
        return redact(v)
    if isinstance(v, dict):
        return {k: REDACTED if _SECRET_FIELD.match(str(k)) and isinstance(w, str) and w else _redact_tree(w)
                for k, w in v.items()}
    if isinstance(v, list):
        return [_redact_tree(w) for w in v]
    return v


# --- writing -------------------------------------------------------------------------------------------


class SessionWriter:
    """Appends events to one session file. Use `create` (a new file) or `resume` (continue one)."""

    def __init__(self, path: Path, fh: Any, header: Header, last_seq: int, last_flow: int | None,
                 blobs: set[str]) -> None:
        self.path = path
        self.header = header
        self._fh = fh
        self._seq = last_seq
        self._last_flow = last_flow  # the previous non-blob event: the default parent of the next one
        self._blobs = blobs

    @classmethod
    def create(cls, path: str | Path | None, header: Header) -> SessionWriter:
        """A new session file at `path` (None: a fresh name in `sessions_dir()`). Never overwrites."""
        if path is None:
            directory = sessions_dir()
            path = directory / f"{header.session_id}.jsonl"
            n = 1
            while path.exists():
                n += 1
                path = directory / f"{header.session_id}-{n}.jsonl"
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # "x": an existing session is never replaced. The writer owns the handle until close().
            fh = open(path, "x", encoding="utf-8", newline="\n")  # noqa: SIM115
        except FileExistsError:
            raise SessionError(f"{path} already exists; a session is never written over") from None
        except OSError as exc:
            raise SessionError(f"cannot create session file {path}: {exc.strerror}") from None
        writer = cls(path, fh, header, 0, None, set())
        writer._write_line(header.model_dump(mode="json"))
        return writer

    @classmethod
    def resume(cls, path: str | Path) -> SessionWriter:
        """Continue an existing session (e.g. a fork): later events are appended after its last one."""
        session = load_session(path)
        p = Path(path)
        try:
            fh = open(p, "a", encoding="utf-8", newline="\n")  # noqa: SIM115 (held until close())
            if p.stat().st_size and p.read_bytes()[-1:] != b"\n":
                # A line cut short by a crash stays as it is (reported as damaged on load); ours starts fresh.
                fh.write("\n")
                fh.flush()
        except OSError as exc:
            raise SessionError(f"cannot append to session file {p}: {exc.strerror}") from None
        flows = [e.seq for e in session.events if e.kind != "blob"]
        last = max((e.seq for e in session.events), default=0)
        return cls(p, fh, session.header, last, flows[-1] if flows else None, set(session.blobs))

    @property
    def last_seq(self) -> int:
        return self._seq

    def _write_line(self, obj: dict[str, Any]) -> None:
        if self._fh is None:
            raise SessionError(f"session {self.path} is closed")
        if obj.get("kind") != "blob":  # blob text was checked in _put: redacting it here would break its hash
            obj = _redact_tree(obj)
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        self._fh.write(line + "\n")
        self._fh.flush()

    def append(self, event: AnyEvent) -> AnyEvent:
        """Write `event` with the next seq and the current time; returns the event as written."""
        update: dict[str, Any] = {"seq": self._seq + 1, "time": now_iso()}
        if "parent" not in event.model_fields_set and event.kind != "blob":
            update["parent"] = self._last_flow
        return self._put(event.model_copy(update=update))

    def copy_event(self, event: AnyEvent) -> AnyEvent:
        """Write an event exactly as recorded elsewhere (seq, time, parent kept), as a fork does."""
        if event.seq <= self._seq:
            raise SessionError(f"event {event.seq} cannot follow event {self._seq}")
        return self._put(event)

    def _put(self, event: AnyEvent) -> AnyEvent:
        if isinstance(event, BlobEvent):
            if event.sha256 in self._blobs:
                return event
            if redact(event.text) != event.text:
                raise SessionError("refusing to store a kernel source that contains a credential")
            self._blobs.add(event.sha256)
        self._write_line(event.model_dump(mode="json"))
        self._seq = event.seq
        if event.kind != "blob":
            self._last_flow = event.seq
        return event

    def add_candidate(self, files: Mapping[str, str], iteration: int, origin: Origin,
                      parent: int | None = None) -> CandidateEvent:
        """Record a candidate: its sources as blobs (each once per file), then the candidate event.

        `parent` None means "follows the previous event"."""
        hashes: dict[str, str] = {}
        for name, text in sorted(files.items()):
            text = redact(text)
            digest = sha256_text(text)
            hashes[name] = digest
            if digest not in self._blobs:
                self.append(BlobEvent(sha256=digest, text=text))
        fields: dict[str, Any] = {"iteration": iteration, "origin": origin, "files": hashes}
        if parent is not None:
            fields["parent"] = parent  # set explicitly, so append keeps it
        result = self.append(CandidateEvent(**fields))
        assert isinstance(result, CandidateEvent)
        return result

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> SessionWriter:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


# --- reading -------------------------------------------------------------------------------------------


@dataclass
class Session:
    path: Path
    header: Header
    events: list[AnyEvent]
    blobs: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    migrated_from: int | None = None  # the schema version on disk, when it was older than today's

    def event(self, seq: int) -> AnyEvent:
        for e in self.events:
            if e.seq == seq:
                return e
        raise SessionError(f"{self.path.name} has no step {seq} (its steps run {self.first_seq}–{self.last_seq})")

    @property
    def first_seq(self) -> int:
        return self.events[0].seq if self.events else 0

    @property
    def last_seq(self) -> int:
        return self.events[-1].seq if self.events else 0

    def candidates(self) -> list[CandidateEvent]:
        return [e for e in self.events if isinstance(e, CandidateEvent)]

    def evaluations(self) -> list[EvaluationEvent]:
        return [e for e in self.events if isinstance(e, EvaluationEvent)]

    def files_of(self, candidate: CandidateEvent) -> dict[str, str]:
        missing = [n for n, h in candidate.files.items() if h not in self.blobs]
        if missing:
            raise SessionError(f"the sources of candidate {candidate.seq} ({', '.join(missing)}) are missing "
                               f"from {self.path.name}")
        return {n: self.blobs[h] for n, h in candidate.files.items()}


def _short(exc: ValidationError) -> str:
    errs = exc.errors()
    first = errs[0]
    where = ".".join(str(x) for x in first.get("loc", ()))
    more = f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""
    return f"{where + ': ' if where else ''}{first.get('msg', 'invalid')}{more}"


def load_session(path: str | Path) -> Session:
    """Read a session file. Damage is reported in `warnings`; a file that is not a readable session at
    all (missing, no header, newer schema) raises SessionError with one sentence."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise SessionError(f"no session file at {p}") from None
    except IsADirectoryError:
        raise SessionError(f"{p} is a folder, not a session file") from None
    except OSError as exc:
        raise SessionError(f"cannot read {p}: {exc.strerror}") from None
    if not data.strip():
        raise SessionError(f"{p} is empty, not a session file")
    raw = data.split(b"\n")
    tail = raw.pop()  # b"" when the file ends with a newline, as the writer always leaves it
    warnings: list[str] = []
    lines: list[tuple[int, dict[str, Any]]] = []

    def decode(n: int, b: bytes) -> dict[str, Any] | None:
        try:
            obj = json.loads(b.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            warnings.append(f"line {n} is damaged ({getattr(exc, 'msg', 'not UTF-8')}) and was skipped")
            return None
        if not isinstance(obj, dict):
            warnings.append(f"line {n} is not a JSON object and was skipped")
            return None
        return obj

    for n, b in enumerate(raw, 1):
        if n > 1 and not b.strip():
            continue
        obj = decode(n, b) if n > 1 else None
        if n == 1:
            try:
                obj = json.loads(b.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                obj = None
            if not isinstance(obj, dict) or obj.get("kind", obj.get("type")) != "header":
                raise SessionError(f"{p} is not a session file (line 1 is not a session header)")
        if obj is not None:
            lines.append((n, obj))
    if tail.strip():
        try:
            obj = json.loads(tail.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            obj = None
        if isinstance(obj, dict):  # a whole last line that merely lacks its newline
            lines.append((len(raw) + 1, obj))
        else:
            warnings.append(f"the file was cut short after line {len(raw)}; the partial line {len(raw) + 1} "
                            f"was ignored")
    if not lines:
        raise SessionError(f"{p} is not a session file (line 1 is not a session header)")

    (_, header_obj), body = lines[0], lines[1:]
    on_disk = schema_version(header_obj)
    try:
        header_obj, body = migrate(header_obj, body)
    except MigrationError as exc:
        raise SessionError(f"cannot open {p.name}: {exc}") from None
    try:
        header = Header.model_validate(header_obj)
    except ValidationError as exc:
        raise SessionError(f"{p.name} has a damaged header ({_short(exc)})") from None

    events: list[AnyEvent] = []
    blobs: dict[str, str] = {}
    last = 0
    for n, obj in body:
        try:
            e = parse_event(obj)
        except ValidationError as exc:
            warnings.append(f"line {n} is not a valid event ({_short(exc)}) and was skipped")
            continue
        if e.seq <= last:
            warnings.append(f"line {n} repeats or goes back to step {e.seq} (after {last}) and was skipped")
            continue
        last = e.seq
        if isinstance(e, BlobEvent):
            blobs[e.sha256] = e.text
        events.append(e)
    for e in events:
        if isinstance(e, CandidateEvent) and any(h not in blobs for h in e.files.values()):
            warnings.append(f"candidate {e.seq} names kernel sources that are not in the file")
    return Session(p, header, events, blobs, warnings,
                   on_disk if on_disk is not None and on_disk < header.schema_version else None)
