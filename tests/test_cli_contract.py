"""`mkb` refuses nonsense with one sentence, and follows one rule for writing files and one for steps.

Each case of issue 14's CLI list is here: numeric options, unknown categories, existing output files
(`--force` to replace), `fork --at 0`, step numbers that agree between replay and fork, `metrics --k 0 FILE`,
and `agent --mode confirm` without a terminal, or with one whose input ends at a prompt.
"""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sessions.events import Header, ReplyEvent
from sessions.store import SessionWriter, load_session
from tests.conftest import REPO
from tests.sessions.conftest import write_demo_like
from workbench.cli import build_parser, main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def one_sentence(err: str) -> str:
    """The error as the user sees it: one line on stderr, no traceback, no "internal error"."""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err and "internal error" not in err, err
    return err.strip()


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    return write_demo_like(tmp_path / "synthetic.jsonl")


# --- numbers ---------------------------------------------------------------------------------------


def _subcommands() -> dict:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return dict(sub.choices)


def test_every_numeric_option_is_checked_by_the_shared_rules() -> None:
    """No command parses a number with bare int/float: each goes through workbench/options.py, once."""
    numeric = []
    for name, p in _subcommands().items():
        for a in p._actions:
            assert a.type not in (int, float), f"mkb {name} {a.option_strings}: bare {a.type.__name__}"
            if a.type is not None and getattr(a.type, "__module__", "") == "workbench.options":
                numeric.append(f"{name} {a.option_strings[0] if a.option_strings else a.dest}")
    # The options the issue names are among them (a rename would leave them unchecked silently otherwise).
    for expected in ("eval --timeout", "eval --min-time-ms", "eval --threads", "eval --trials", "eval --seed",
                     "agent --iterations", "agent --threads", "agent --trials", "agent --timeout",
                     "agent --min-time-ms", "agent --max-tokens", "agent --max-cost", "check --jobs",
                     "check --trials", "metrics --k", "metrics --p", "fork --at", "replay --step", "replay --diff",
                     "replay --reeval"):
        assert expected in numeric, expected


@pytest.mark.parametrize("argv, option", [
    (["eval", "Relu", "k.cpp", "--timeout", "0"], "--timeout"),
    (["eval", "Relu", "k.cpp", "--timeout", "inf"], "--timeout"),
    (["eval", "Relu", "k.cpp", "--min-time-ms", "-1"], "--min-time-ms"),
    (["eval", "Relu", "k.cpp", "--threads", "0"], "--threads"),
    (["eval", "Relu", "k.cpp", "--trials", "two"], "--trials"),
    (["eval", "Relu", "k.cpp", "--seed", "-3"], "--seed"),
    (["agent", "Relu", "--provider", "replay", "--iterations", "0"], "--iterations"),
    (["agent", "Relu", "--provider", "replay", "--threads", "-2"], "--threads"),
    (["agent", "Relu", "--provider", "replay", "--trials", "0"], "--trials"),
    (["agent", "Relu", "--provider", "replay", "--timeout", "0"], "--timeout"),
    (["agent", "Relu", "--provider", "replay", "--min-time-ms", "nan"], "--min-time-ms"),
    (["agent", "Relu", "--provider", "replay", "--max-tokens", "0"], "--max-tokens"),
    (["agent", "Relu", "--provider", "replay", "--max-cost", "-1"], "--max-cost"),
    (["check", "Relu", "--jobs", "0"], "--jobs"),
    (["check", "Relu", "--trials", "0"], "--trials"),
    (["metrics", "--k", "0", "some.jsonl"], "--k"),
    (["metrics", "--k", "1,0"], "--k"),
    (["metrics", "--p", "-1"], "--p"),
    (["fork", "Softmax", "--at", "0"], "--at"),
    (["replay", "Softmax", "--step", "0"], "--step"),
    (["replay", "Softmax", "--diff", "0", "3"], "--diff"),
    (["replay", "Softmax", "--reeval", "-1"], "--reeval"),
])
def test_a_bad_number_is_one_sentence_naming_the_option(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                        option: str) -> None:
    code, out, err = run(capsys, *argv)
    line = one_sentence(err)
    assert code == 2 and out == ""
    assert line.startswith(f"mkb {argv[0]}: {option} must be "), line
    assert f"see `mkb {argv[0]} --help`" in line


def test_metrics_k_before_a_path_reads_the_path_as_a_path(capsys: pytest.CaptureFixture[str],
                                                          synthetic: Path) -> None:
    code, out, err = run(capsys, "metrics", "--k", "1,2", str(synthetic), "--json", "--attempted")
    assert code == 0, err
    row = json.loads(out)["models"]["hand-written"]
    assert row["pass@1"] == 1.0 and row["pass@2"] is None  # one session: pass@2 has no task with n >= 2


def test_usage_errors_are_one_line_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "eval", "Relu")
    assert code == 2 and "required: FILE" in one_sentence(err)
    assert run(capsys, "eval", "--help")[0] == 0


# --- tasks --category ------------------------------------------------------------------------------


def test_an_unknown_category_is_an_error_naming_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "tasks", "--category", "nope")
    line = one_sentence(err)
    assert code != 0 and out == ""
    assert "no category named nope" in line and "Activation" in line and "Normalization" in line
    code, out, _ = run(capsys, "tasks", "--category", "activation")  # any case, as check takes it
    assert code == 0 and out.strip().endswith("12 tasks")


# --- writing files: refuse an existing one unless --force ------------------------------------------


def test_agent_refuses_an_existing_session_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    existing = tmp_path / "existing.jsonl"
    existing.write_text("my notes\n")
    code, _, err = run(capsys, "agent", "Relu", "--provider", "replay", "--session", str(existing))
    line = one_sentence(err)
    assert code == 2 and line == f"mkb: {existing} already exists; pass --force to replace it, or choose another name"
    assert existing.read_text() == "my notes\n"


def test_export_session_refuses_then_replaces_with_force(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         synthetic: Path) -> None:
    out = tmp_path / "r.md"
    out.write_text("mine\n")
    code, _, err = run(capsys, "export-session", str(synthetic), "--out", str(out))
    assert code == 2 and "--force" in one_sentence(err) and out.read_text() == "mine\n"
    code, printed, _ = run(capsys, "export-session", str(synthetic), "--out", str(out), "--force")
    assert code == 0 and printed.strip() == str(out)
    assert out.read_text().startswith("#") and "mine" not in out.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left behind


def test_fork_refuses_then_replaces_with_force(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               synthetic: Path) -> None:
    out = tmp_path / "f.jsonl"
    out.write_text("mine\n")
    code, _, err = run(capsys, "fork", str(synthetic), "--at", "6", "--out", str(out))
    assert code == 2 and "already exists; pass --force" in one_sentence(err) and out.read_text() == "mine\n"
    code, printed, _ = run(capsys, "fork", str(synthetic), "--at", "6", "--out", str(out), "--force")
    assert code == 0 and printed.strip() == str(out)
    f = load_session(out)
    assert f.warnings == [] and f.header.parent is not None and f.header.parent.step == 6
    # A failed fork (a step that does not exist) leaves the file it would have replaced as it was.
    before = out.read_bytes()
    code, _, err = run(capsys, "fork", str(synthetic), "--at", "999", "--out", str(out), "--force")
    assert code == 2 and "outside" in one_sentence(err) and out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.jsonl", "synthetic.jsonl"]


def test_fork_never_replaces_its_own_parent(capsys: pytest.CaptureFixture[str], synthetic: Path) -> None:
    before = synthetic.read_bytes()
    code, _, err = run(capsys, "fork", str(synthetic), "--at", "3", "--out", str(synthetic), "--force")
    assert code == 2 and "is the session being forked" in one_sentence(err)
    assert synthetic.read_bytes() == before


@pytest.mark.slow
def test_export_refuses_to_replace_files_in_the_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "relu"
    out.mkdir()
    (out / "model.onnx").write_text("mine\n")
    code, _, err = run(capsys, "export", "Relu", str(out))
    line = one_sentence(err)
    assert code == 2 and "model.onnx already exists; pass --force to replace it" in line
    assert sorted(p.name for p in out.iterdir()) == ["model.onnx"] and (out / "model.onnx").read_text() == "mine\n"
    code, printed, _ = run(capsys, "export", "Relu", str(out), "--force")
    assert code == 0 and "task.json" in printed
    assert (out / "model.onnx").read_bytes()[:4] != b"mine"
    code, _, err = run(capsys, "export", "Relu", str(out))
    assert code == 2 and "already exist; pass --force to replace them" in one_sentence(err)


# --- steps: numbered from 1, the same in replay and fork ---------------------------------------------


def test_replay_and_fork_number_steps_alike(capsys: pytest.CaptureFixture[str], synthetic: Path) -> None:
    last = load_session(synthetic).last_seq
    code, out, _ = run(capsys, "replay", str(synthetic))
    numbers = [int(line.split()[0]) for line in out.splitlines() if line[:4].strip().isdigit()]
    assert code == 0 and numbers[0] == 1 and numbers[-1] == last
    _, _, replay_err = run(capsys, "replay", str(synthetic), "--step", "999")
    _, _, fork_err = run(capsys, "fork", str(synthetic), "--at", "999", "--out", str(synthetic.with_name("x.jsonl")))
    assert f"steps run 1–{last}" in one_sentence(replay_err)
    assert f"steps run 1–{last}" in one_sentence(fork_err)
    assert not synthetic.with_name("x.jsonl").exists()


def test_fork_at_zero_makes_no_session(capsys: pytest.CaptureFixture[str], tmp_path: Path, synthetic: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKB_DATA_DIR", str(tmp_path / "data"))
    code, _, err = run(capsys, "fork", str(synthetic), "--at", "0")
    assert code == 2 and "steps are numbered from 1" in one_sentence(err)
    assert not (tmp_path / "data" / "sessions").exists() or not any((tmp_path / "data" / "sessions").iterdir())
    # So metrics has nothing extra to score: the only session is the one there was.
    code, out, _ = run(capsys, "metrics", "--json", "--attempted")
    assert code == 0 and json.loads(out)["models"] == {}


# --- agent --mode confirm ----------------------------------------------------------------------------


def test_confirm_without_a_terminal_refuses_to_start(tmp_path: Path) -> None:
    session = tmp_path / "s.jsonl"
    p = subprocess.run([sys.executable, "-m", "workbench.cli", "agent", "LayerNorm_vision", "--provider", "replay",
                        "--replay-from", "Softmax", "--mode", "confirm", "--session", str(session)],
                       cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
                       env={**os.environ, "PYTHONPATH": str(REPO)})
    assert p.returncode == 2 and p.stdout == ""
    assert "--mode confirm asks about each plan at a terminal" in one_sentence(p.stderr)
    assert not session.exists()


@pytest.mark.parametrize("typed, decision, asked", [
    ("y\n", "accept", 1), ("yes\n", "accept", 1), ("s\n", "skip", 1), ("t\n", "stop", 1),
    ("a\n\ny\n", "accept", 3),  # a stray `a`, then a bare Enter: neither is yes, each asks again
    ("a\n", "stop", 2),  # ... and end of input after them stops
    ("", "stop", 1),
])
def test_only_an_explicit_answer_counts(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                        typed: str, decision: str, asked: int) -> None:
    from workbench.commands.agent import _ask_plan

    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    assert _ask_plan() == decision
    assert capsys.readouterr().out.count("accept this plan?") == asked


def _replies_session(path: Path) -> Path:
    """A session whose replies `--provider replay` answers in order: a kernel that does not compile, then
    the Debugger's plan, so the run stops at a plan gate after one real evaluation."""
    from tests.agents.conftest import DEBUG_PLAN, kernel_reply, plan_reply

    with SessionWriter.create(path, Header(task="LayerNorm_vision", provider="replay", model="replay")) as w:
        for role, text in (("coder", kernel_reply("broken")), ("debugger", plan_reply(DEBUG_PLAN)),
                           ("coder", kernel_reply("plain"))):
            w.append(ReplyEvent(iteration=1, role=role, text=text, model="replay"))
    return path


class Terminal:
    """A real pseudo-terminal around one `mkb` process: what it printed, and keys typed into it."""

    def __init__(self, argv: list[str]) -> None:
        master, slave = pty.openpty()
        self.fd, self.seen = master, b""
        self.proc = subprocess.Popen([sys.executable, "-m", "workbench.cli", *argv], cwd=REPO, stdin=slave,
                                     stdout=slave, stderr=slave, env={**os.environ, "PYTHONPATH": str(REPO)})
        os.close(slave)

    def wait_for(self, text: str, timeout: float = 180.0) -> None:
        end = time.monotonic() + timeout
        while text.encode() not in self.seen:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, end - time.monotonic()))
            try:
                chunk = os.read(self.fd, 4096) if ready else b""
            except OSError:  # the process ended and closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"{text!r} never appeared; the terminal shows:\n{self.seen.decode()}")
            self.seen += chunk

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=60)
        finally:
            os.close(self.fd)


@pytest.mark.slow
def test_end_of_input_at_a_plan_stops_the_run_with_the_session_saved(tmp_path: Path) -> None:
    replies = _replies_session(tmp_path / "replies.jsonl")
    session = tmp_path / "run.jsonl"
    session.write_text("an old run\n")  # replaced, as asked with --force
    term = Terminal(["agent", "LayerNorm_vision", "--provider", "replay", "--replay-from", str(replies),
                     "--mode", "confirm", "--session", str(session), "--force", "--iterations", "3",
                     "--trials", "1", "--min-time-ms", "5"])
    try:
        term.wait_for("accept this plan?")
        term.type(b"a\n")  # not a yes
        term.wait_for("please answer y, s or t")
        term.type(b"\x04")  # ctrl+d: end of input
        term.wait_for("done ")
    finally:
        code = term.close()
    shown = term.seen.decode()
    assert "end of input: stopping the run" in shown and "stopped by the engineer" in shown, shown
    assert code == 1  # finished, with no correct kernel: the documented exit status, not an error
    s = load_session(session)
    assert s.warnings == [] and s.header.task == "LayerNorm_vision"
    gates = [(e.gate, e.decision) for e in s.events if e.kind == "gate"]
    assert gates == [("plan", "stop")]
    assert [e.kind for e in s.events].count("evaluation") == 1  # the plan was never carried out
