"""Writing never loses or overwrites; reading survives damage and says where it is."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sessions.events import SCHEMA_VERSION, BlobEvent, GateEvent, Header, ReplyEvent, sha256_text
from sessions.store import SessionError, SessionWriter, load_session, sessions_dir

from .conftest import write_demo_like

REPO = Path(__file__).resolve().parents[2]


def gate(i: int) -> GateEvent:
    return GateEvent(iteration=i, gate="plan", decision="accept")


def test_seq_and_parent_are_assigned(tmp_path: Path) -> None:
    with SessionWriter.create(tmp_path / "s.jsonl", Header(task="Relu", provider="p")) as w:
        a = w.append(gate(1))
        c = w.add_candidate({"CPURelu.cpp": "int a;", "CPURelu.hpp": "int b;"}, 1, "coder")
        d = w.append(gate(1).model_copy(update={"parent": None}))
        e = w.append(ReplyEvent(iteration=1, role="coder", text="x", parent=a.seq))
    assert (a.seq, a.parent) == (1, None)
    assert (c.seq, c.parent) == (4, 1)  # two blobs in between; a blob is never anyone's parent
    assert (d.seq, d.parent) == (5, None)  # an explicit None is kept
    assert (e.seq, e.parent) == (6, 1)
    s = load_session(w.path)
    assert [x.seq for x in s.events] == [1, 2, 3, 4, 5, 6] and s.warnings == []


def test_the_same_source_is_stored_once(tmp_path: Path) -> None:
    with SessionWriter.create(tmp_path / "s.jsonl", Header(task="Relu", provider="p")) as w:
        w.add_candidate({"CPURelu.cpp": "int a;"}, 1, "coder")
        w.add_candidate({"CPURelu.cpp": "int a;"}, 2, "human")
    s = load_session(w.path)
    assert [e.kind for e in s.events] == ["blob", "candidate", "candidate"]
    assert s.files_of(s.candidates()[1]) == {"CPURelu.cpp": "int a;"}


def test_an_existing_file_is_never_written_over(tmp_path: Path) -> None:
    p = tmp_path / "s.jsonl"
    p.write_text("precious\n")
    with pytest.raises(SessionError, match="never written over"):
        SessionWriter.create(p, Header(task="Relu", provider="p"))
    assert p.read_text() == "precious\n"


def test_default_location_is_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKB_DATA_DIR", str(tmp_path))
    h = Header(task="Relu", provider="p")
    with SessionWriter.create(None, h) as w1, SessionWriter.create(None, h) as w2:
        pass
    assert w1.path.parent == sessions_dir() == tmp_path / "sessions"
    assert w1.path != w2.path  # same header twice: two files, neither overwritten


def test_truncated_last_line_loads_the_rest(synthetic: Path) -> None:
    data = synthetic.read_bytes()
    whole = data.count(b"\n")
    synthetic.write_bytes(data[:-25])  # cut inside the last line
    s = load_session(synthetic)
    assert s.warnings == [f"the file was cut short after line {whole - 1}; the partial line {whole} was ignored"]
    assert len(s.events) == whole - 2  # header and the partial line are not events


def test_corrupt_line_is_reported_by_number_and_the_rest_read(synthetic: Path) -> None:
    lines = synthetic.read_text().splitlines(keepends=True)
    lines[4] = '{"seq": 5, "kind": "candidate", garbage\n'
    lines[6] = json.dumps({"seq": 7, "kind": "plan", "iteration": 1, "role": "wizard", "plan": {}}) + "\n"
    synthetic.write_text("".join(lines))
    s = load_session(synthetic)
    assert len(s.warnings) == 2
    assert s.warnings[0].startswith("line 5 is damaged")
    assert s.warnings[1].startswith("line 7 is not a valid event (plan.role:")
    assert len(s.events) == len(lines) - 3
    assert s.events[-1].seq == len(lines) - 1


@pytest.mark.parametrize(("content", "message"), [
    (None, "no session file at"),
    ("", "is empty"),
    ("hello\n", "not a session file"),
    (json.dumps({"kind": "header", "schema_version": SCHEMA_VERSION + 1, "task": "x", "provider": "p"}) + "\n",
     f"newer mkb \\(session schema v{SCHEMA_VERSION + 1}"),
    (json.dumps({"kind": "header", "task": "x", "provider": "p"}) + "\n", "no schema version"),
    (json.dumps({"kind": "header", "schema_version": 1, "provider": "p"}) + "\n", "damaged header"),
])
def test_unreadable_files_are_one_sentence(tmp_path: Path, content: str | None, message: str) -> None:
    p = tmp_path / "s.jsonl"
    if content is not None:
        p.write_text(content)
    with pytest.raises(SessionError, match=message) as info:
        load_session(p)
    assert "\n" not in str(info.value)


def test_resume_after_a_crash_keeps_the_damaged_line_and_appends(synthetic: Path) -> None:
    synthetic.write_bytes(synthetic.read_bytes()[:-10])
    before = load_session(synthetic)
    with SessionWriter.resume(synthetic) as w:
        e = w.append(gate(9))
    s = load_session(synthetic)
    assert e.seq == before.last_seq + 1 and e.parent == before.events[-1].seq
    assert s.events[-1] == e
    assert len(s.warnings) == 1 and "is damaged" in s.warnings[0]


def test_kill_9_mid_run_loses_at_most_the_line_being_written(tmp_path: Path) -> None:
    path = tmp_path / "killed.jsonl"
    script = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
from sessions.events import Header, ReplyEvent
from sessions.store import SessionWriter
w = SessionWriter.create({str(path)!r}, Header(task="Relu", provider="p"))
i = 0
while True:
    i += 1
    w.append(ReplyEvent(iteration=i, role="coder", text="x" * (i % 5000)))
    w.add_candidate({{"CPURelu.cpp": "int v = %d;" % i}}, i, "coder")
"""
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not path.exists() or path.stat().st_size < 400_000):
            time.sleep(0.02)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    s = load_session(path)
    assert len(s.events) > 50
    assert all("cut short" in w for w in s.warnings) and len(s.warnings) <= 1
    assert [e.seq for e in s.events] == list(range(1, len(s.events) + 1))
    for c in s.candidates():
        assert s.files_of(c) == {"CPURelu.cpp": f"int v = {c.iteration};"}


def test_credentials_are_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_PROVIDER_TOKEN", "q9Zr7-unshaped-credential")
    with SessionWriter.create(tmp_path / "s.jsonl", Header(task="Relu", provider="p")) as w:
        w.append(ReplyEvent(iteration=1, role="coder", model="m",
                            text="Authorization: Bearer abcdefghijklmnopqrstuv and sk-ant-api03-abcdefghijklmnopqrst "
                                 "and q9Zr7-unshaped-credential"))
        w.add_candidate({"CPURelu.cpp": '// api_key = "sk-proj-abcdefghijklmnopqrst"\n'}, 1, "coder")
        with pytest.raises(SessionError, match="credential"):
            w.append(BlobEvent(sha256=sha256_text("sk-abcdefghijklmnopqrstuvwx"), text="sk-abcdefghijklmnopqrstuvwx"))
    raw = w.path.read_text()
    for secret in ("abcdefghijklmnop", "q9Zr7", "Bearer abc"):
        assert secret not in raw
    s = load_session(w.path)
    assert s.warnings == []
    assert "[redacted]" in s.files_of(s.candidates()[0])["CPURelu.cpp"]


def test_plain_words_about_keys_are_kept(tmp_path: Path) -> None:
    text = "the key idea: keep the token count low; the reduction key is the row"
    with SessionWriter.create(tmp_path / "s.jsonl", Header(task="Relu", provider="p")) as w:
        w.append(ReplyEvent(iteration=1, role="coder", text=text))
    assert load_session(w.path).events[0].text == text


def test_synthetic_helper_writes_a_clean_session(tmp_path: Path) -> None:
    s = load_session(write_demo_like(tmp_path / "x.jsonl"))
    assert s.warnings == [] and len(s.candidates()) == 4
