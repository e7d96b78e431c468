"""Older schema versions are migrated forward by their explicit function; nothing is guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sessions import migrate as m
from sessions.events import SCHEMA_VERSION, ReplyEvent
from sessions.store import SessionError, load_session


def test_a_v0_file_loads_as_today(tmp_path: Path) -> None:
    p = tmp_path / "old.jsonl"
    lines = [
        {"type": "header", "version": 0, "task": "Relu", "provider": "openai", "model": "gpt-x"},
        {"type": "response", "seq": 1, "parent": None, "ts": "2025-01-01T00:00:00Z", "iteration": 1,
         "role": "coder", "text": "hello"},
        {"type": "gate", "seq": 2, "parent": 1, "ts": "2025-01-01T00:00:01Z", "iteration": 1, "gate": "plan",
         "decision": "stop"},
    ]
    p.write_text("".join(json.dumps(x) + "\n" for x in lines))
    s = load_session(p)
    assert s.migrated_from == 0 and s.header.schema_version == SCHEMA_VERSION
    assert s.warnings == []
    assert s.events[0] == ReplyEvent(seq=1, time="2025-01-01T00:00:00Z", iteration=1, role="coder", text="hello")
    assert s.events[1].parent == 1


def test_a_version_without_a_path_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(m, "MIGRATIONS", {})
    with pytest.raises(m.MigrationError, match="v0 is not one this mkb can migrate"):
        m.migrate({"version": 0}, [])


def test_a_migration_that_does_not_advance_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(m, "MIGRATIONS", {0: lambda h, e: (h, e)})
    with pytest.raises(m.MigrationError, match="did not advance"):
        m.migrate({"schema_version": 0}, [])


def test_newer_is_refused_in_one_sentence(tmp_path: Path) -> None:
    p = tmp_path / "new.jsonl"
    p.write_text(json.dumps({"kind": "header", "schema_version": 99, "task": "Relu", "provider": "p"}) + "\n")
    with pytest.raises(SessionError, match=r"^cannot open new\.jsonl: it was written by a newer mkb"):
        load_session(p)


def test_a_v2_file_loads_unchanged_as_v3(tmp_path: Path) -> None:
    p = tmp_path / "v2.jsonl"
    lines = [
        {"kind": "header", "schema_version": 2, "task": "Relu", "provider": "openai", "model": "gpt-x"},
        {"kind": "gate", "seq": 1, "parent": None, "time": "2026-01-01T00:00:00Z", "iteration": 1, "gate": "plan",
         "decision": "skip"},
        {"kind": "prompt", "seq": 2, "parent": 1, "time": "2026-01-01T00:00:01Z", "iteration": 1, "role": "debugger",
         "provider": "openai", "model": "gpt-x", "messages": [{"role": "user", "content": "fix it"}]},
    ]
    p.write_text("".join(json.dumps(x) + "\n" for x in lines))
    s = load_session(p)
    assert s.migrated_from == 2 and s.header.schema_version == SCHEMA_VERSION == 3 and s.warnings == []
    gate, prompt = s.events
    assert (gate.decision, gate.role) == ("skip", None) and prompt.edited is False
