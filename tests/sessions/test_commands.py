"""The `mkb` session commands, end to end through the CLI (no compiler needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sessions.store import load_session
from workbench.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_replay_a_demo_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "replay", "Softmax")
    assert code == 0
    assert "written by human" in out and "compile_error" in out and "best: iteration" in out


def test_replay_json_and_step(capsys: pytest.CaptureFixture[str], synthetic: Path) -> None:
    code, out, _ = run(capsys, "replay", str(synthetic), "--json")
    data = json.loads(out)
    assert code == 0 and [it["status"] for it in data["iterations"]] == ["compile_error", "ok", "ok", "wrong_output"]
    assert data["best_iteration"] == 3
    cand = data["iterations"][2]["candidate"]
    code, out, _ = run(capsys, "replay", str(synthetic), "--step", str(cand), "--json")
    assert json.loads(out)["sources"]["CPURelu.cpp"].count("fmaxf") == 1
    code, out, _ = run(capsys, "replay", str(synthetic), "--diff", str(data["iterations"][1]["candidate"]), str(cand))
    assert code == 0 and "+    for (int i = 0; i < n; ++i) x[i] = fmaxf(x[i], 0.f);" in out


def test_fork_then_replay_the_fork(capsys: pytest.CaptureFixture[str], synthetic: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "fork.jsonl"
    code, out, _ = run(capsys, "fork", str(synthetic), "--at", "6", "--out", str(out_path))
    assert code == 0 and out.strip() == str(out_path)
    code, out, _ = run(capsys, "replay", str(out_path))
    assert code == 0 and "forked from" in out
    code, _, err = run(capsys, "fork", str(synthetic), "--at", "6", "--out", str(out_path))
    assert code == 2 and "already exists" in err and err.count("\n") == 1


def test_export_session_writes_a_new_file_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    code, _, _ = run(capsys, "export-session", "LayerNorm_vision", "--format", "html", "--out", str(target))
    assert code == 0 and target.read_text().startswith("<!DOCTYPE html>")
    code, _, err = run(capsys, "export-session", "LayerNorm_vision", "--out", str(target))
    assert code == 2 and "already exists" in err


def test_sessions_lists_the_data_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch, synthetic: Path) -> None:
    monkeypatch.setenv("MKB_DATA_DIR", str(tmp_path / "data"))
    code, out, _ = run(capsys, "sessions")
    assert code == 0 and "no sessions" in out
    (tmp_path / "data" / "sessions").mkdir(parents=True)
    (tmp_path / "data" / "sessions" / "a.jsonl").write_bytes(synthetic.read_bytes())
    (tmp_path / "data" / "sessions" / "broken.jsonl").write_text("nope\n")
    code, out, _ = run(capsys, "sessions", "--json")
    rows = {Path(r["path"]).name: r for r in json.loads(out)}
    assert rows["a.jsonl"]["iterations"] == 4 and rows["a.jsonl"]["best_speedup"] == pytest.approx(2.0)
    assert "not a session file" in rows["broken.jsonl"]["problem"]


@pytest.mark.parametrize("argv", [["replay", "nowhere.jsonl"], ["fork", "nowhere.jsonl", "--at", "1"],
                                  ["export-session", "nowhere.jsonl"]])
def test_missing_file_is_one_sentence(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.startswith("mkb: no session file at nowhere.jsonl") and "Traceback" not in err


def test_damaged_file_replays_with_a_warning(capsys: pytest.CaptureFixture[str], synthetic: Path) -> None:
    synthetic.write_bytes(synthetic.read_bytes()[:-7])
    code, _, err = run(capsys, "replay", str(synthetic))
    assert code == 0 and "warning" in err and "cut short" in err
    assert load_session(synthetic).warnings
