"""A fork is a new file naming its parent; the parent is never touched; forks of forks work."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.events import ForkEvent
from sessions.fork import fork_session
from sessions.replay import candidate_files
from sessions.store import SessionError, SessionWriter, load_session


def test_fork_copies_up_to_the_step_and_names_its_parent(synthetic: Path, tmp_path: Path) -> None:
    before = synthetic.read_bytes()
    parent = load_session(synthetic)
    second = parent.candidates()[1]
    out = fork_session(synthetic, second.seq, tmp_path / "f.jsonl")
    assert synthetic.read_bytes() == before
    f = load_session(out)
    assert f.warnings == []
    assert f.header.parent is not None
    assert (f.header.parent.session, f.header.parent.step) == (str(synthetic.resolve()), second.seq)
    assert f.header.parent.session_id == parent.header.session_id != f.header.session_id
    assert f.events[:-1] == [e for e in parent.events if e.seq <= second.seq]
    assert f.events[-1] == ForkEvent(seq=second.seq + 1, parent=second.seq, time=f.events[-1].time,
                                     from_session=str(synthetic.resolve()), from_step=second.seq)
    assert candidate_files(f, second.seq) == candidate_files(parent, second.seq)


def test_fork_of_a_fork_and_continuing_it(synthetic: Path, tmp_path: Path) -> None:
    first = fork_session(synthetic, load_session(synthetic).candidates()[2].seq, tmp_path / "f1.jsonl")
    with SessionWriter.resume(first) as w:
        w.add_candidate({"CPURelu.cpp": "// my own idea\n"}, 4, "human")
    f1 = load_session(first)
    second = fork_session(first, f1.last_seq, tmp_path / "f2.jsonl")
    f2 = load_session(second)
    assert f2.header.parent is not None and f2.header.parent.session == str(first.resolve())
    assert [e.kind for e in f2.events].count("fork") == 2
    assert candidate_files(f2, f2.last_seq) == {"CPURelu.cpp": "// my own idea\n"}
    assert f2.warnings == []


def test_fork_keeps_only_the_blobs_its_candidates_need(synthetic: Path, tmp_path: Path) -> None:
    parent = load_session(synthetic)
    blob_of_second = parent.event(parent.candidates()[1].seq - 1)
    assert blob_of_second.kind == "blob"
    f = load_session(fork_session(synthetic, blob_of_second.seq, tmp_path / "f.jsonl"))
    assert blob_of_second.sha256 not in f.blobs
    assert len(f.blobs) == 1 and [e.kind for e in f.events].count("blob") == 1


@pytest.mark.parametrize("step", [-1, 0, 10_000])
def test_fork_outside_the_session_is_refused(synthetic: Path, tmp_path: Path, step: int) -> None:
    with pytest.raises(SessionError, match=f"step {step} is outside .*, whose steps run 1–"):
        fork_session(synthetic, step, tmp_path / "f.jsonl")
    assert not (tmp_path / "f.jsonl").exists()


def test_fork_never_overwrites(synthetic: Path, tmp_path: Path) -> None:
    out = tmp_path / "taken.jsonl"
    out.write_text("mine\n")
    with pytest.raises(SessionError, match="already exists"):
        fork_session(synthetic, 3, out)
    assert out.read_text() == "mine\n"
