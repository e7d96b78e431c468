"""One numbering, one ranking, one origin: a real agent run read back by every view agrees with itself.

The run is `mkb agent` with the real OpenAI SDK against the loopback server and the real compile /
verify / time pipeline on LayerNorm_vision; the views are replay, export, `mkb sessions`, the TUI's
controller, the task picker and `mkb metrics`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sessions.events import CandidateEvent, EvaluationEvent, Header, ReplyEvent
from sessions.export import to_markdown
from sessions.library import list_sessions, summarize
from sessions.metrics import score
from sessions.replay import best_iteration, iterations
from sessions.store import SessionWriter, load_session, sessions_dir
from tests.agents.conftest import ACCEL_PLAN, DEBUG_PLAN, kernel_reply, plan_reply
from tests.sessions.conftest import result
from toolchain.result import Status, rank_key
from workbench.cli import main
from workbench.controller import Controller
from workbench.task_list import task_rows

SECRET = "sk-test-SECRET-one-path"


def _plan(method: str) -> dict:
    return ACCEL_PLAN | {"optimisation_method": method}


@pytest.mark.slow
def test_five_iterations_export_five_numbered_iterations_and_every_view_agrees(fake_llm, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    for reply in (kernel_reply("broken"), plan_reply(DEBUG_PLAN), kernel_reply("plain"),
                  plan_reply(_plan("single pass Vec4")), kernel_reply("fast"),
                  plan_reply(_plan("unroll the row loop")), kernel_reply("plain", "Unrolled."),
                  plan_reply(_plan("prefetch rows")), kernel_reply("fast", "Prefetched.")):
        fake_llm.push(reply)
    path = sessions_dir() / "five.jsonl"  # where `mkb sessions` and the picker look
    code = main(["agent", "LayerNorm_vision", "--provider", "openai", "--base-url", fake_llm.openai_url,
                 "--model", "fake-model", "--iterations", "5", "--session", str(path), "--min-time-ms", "20",
                 "--trials", "2", "--timeout", "20"])
    out = capsys.readouterr().out
    assert code == 0, out

    session = load_session(path)
    cands = [e for e in session.events if isinstance(e, CandidateEvent)]
    evals = [e for e in session.events if isinstance(e, EvaluationEvent)]
    # A candidate and its evaluation share a number: 1..5, nothing at 0, nothing at 6.
    assert [c.iteration for c in cands] == [1, 2, 3, 4, 5]
    assert [e.iteration for e in evals] == [1, 2, 3, 4, 5]
    assert all(session.event(e.candidate).iteration == e.iteration for e in evals)
    assert [c.origin for c in cands] == ["coder", "debugger", "accelerator", "accelerator", "accelerator"]
    coder_replies = [e.iteration for e in session.events if isinstance(e, ReplyEvent) and e.role == "coder"]
    assert coder_replies == [1, 2, 3, 4, 5]  # the reply that wrote a candidate carries its number

    its = iterations(session)
    assert [(it.number, it.role, it.status) for it in its] == [
        (1, "coder", "compile_error"), (2, "debugger", "ok"), (3, "accelerator", "ok"), (4, "accelerator", "ok"),
        (5, "accelerator", "ok")]
    md = to_markdown(session)
    headings = [line for line in md.splitlines() if line.startswith("### Iteration")]
    assert headings == ["### Iteration 1 — Coder", "### Iteration 2 — Debugger", "### Iteration 3 — Accelerator",
                        "### Iteration 4 — Accelerator", "### Iteration 5 — Accelerator"]
    assert "not evaluated" not in md

    main(["replay", str(path)])
    assert "5 iterations;" in capsys.readouterr().out

    # "Best" is one thing everywhere: replay, export, `mkb sessions`, the TUI, the picker, `mkb metrics`.
    best = best_iteration(session)
    assert best is not None and best.result is not None and best.speedup is not None
    assert best.result == max((it.result for it in its if it.result and it.result.ok), key=rank_key)
    assert f"Iteration {best.number}: " in md.split("## Best kernel")[1]
    assert summarize(path).best_speedup == best.speedup
    assert [s.best_speedup for s in list_sessions() if s.path == path] == [best.speedup]
    ctl = Controller.from_session(path)
    assert ctl.best is not None and (ctl.best.number, ctl.best.speedup) == (best.number, best.speedup)
    assert next(r for r in task_rows() if r.task.id == "LayerNorm_vision").best_speedup == best.speedup
    (model,) = score([session]).values()
    assert model.tasks["LayerNorm_vision"].best_speedup == best.speedup
    main(["sessions", "--json"])
    listed = [s for s in json.loads(capsys.readouterr().out) if s["path"] == str(path)]
    assert listed[0]["best_speedup"] == best.speedup and listed[0]["iterations"] == 5


def _v1_agent_file(path: Path) -> Path:
    """A session as v1's loop wrote it: the Coder's draft at 0 evaluated at 1, its repair at 1 evaluated at 2."""
    lines = [{"kind": "header", "schema_version": 1, "task": "Relu", "provider": "openai", "model": "m",
              "session_id": "old"}]
    seq = 0

    def add(**e):
        nonlocal seq
        seq += 1
        lines.append({"seq": seq, "parent": None, "time": "2026-01-01T00:00:00Z", **e})
        return seq

    from sessions.events import sha256_text

    src = ["void a(){}\n", "void b(){}\n"]
    add(kind="reply", iteration=0, role="coder", text="draft")
    add(kind="blob", sha256=sha256_text(src[0]), text=src[0])
    c0 = add(kind="candidate", iteration=0, origin="coder", files={"CPURelu.cpp": sha256_text(src[0])})
    add(kind="evaluation", iteration=1, candidate=c0, result=result(Status.COMPILE_ERROR).to_json())
    add(kind="plan", iteration=1, role="debugger", plan={"fix": "x"})
    add(kind="reply", iteration=1, role="coder", text="repair")
    add(kind="blob", sha256=sha256_text(src[1]), text=src[1])
    c1 = add(kind="candidate", iteration=1, origin="coder", files={"CPURelu.cpp": sha256_text(src[1])})
    add(kind="evaluation", iteration=2, candidate=c1, result=result(Status.OK, 0.5).to_json())
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    return path


def test_old_files_are_renumbered_on_load(tmp_path: Path) -> None:
    s = load_session(_v1_agent_file(tmp_path / "v1.jsonl"))
    assert s.migrated_from == 1
    assert [(c.iteration, c.origin) for c in s.candidates()] == [(1, "coder"), (2, "debugger")]
    assert [e.iteration for e in s.evaluations()] == [1, 2]
    assert [e.iteration for e in s.events if isinstance(e, ReplyEvent)] == [1, 2]
    assert [(it.number, it.role, it.status) for it in iterations(s)] == [(1, "coder", "compile_error"),
                                                                         (2, "debugger", "ok")]


def test_files_already_numbered_alike_keep_their_numbers() -> None:
    from sessions.library import demo_paths

    for p in demo_paths():
        s = load_session(p)
        assert all(s.event(e.candidate).iteration == e.iteration for e in s.evaluations())
        assert iterations(s)[0].number == 1


def _session_of(tmp_path: Path, name: str, origins: list[str]) -> Path:
    header = Header(task="Relu", provider="openai", model="gpt-x")
    with SessionWriter.create(tmp_path / name, header) as w:
        for i, origin in enumerate(origins, 1):
            c = w.add_candidate({"CPURelu.cpp": f"// {origin} {i}\n"}, i, origin)  # type: ignore[arg-type]
            w.append(EvaluationEvent(iteration=i, candidate=c.seq, result=result(Status.OK, 0.5).to_json()))
    return tmp_path / name


def test_metrics_score_only_what_the_model_wrote(tmp_path: Path) -> None:
    reference_only = load_session(_session_of(tmp_path, "ref.jsonl", ["reference", "human"]))
    (model,) = score([reference_only]).values()
    assert model.rates(total_tasks=1, ps=[1.0], ks=[1]) == {"CSR": 0.0, "FCR": 0.0, "fast_1": 0.0, "pass@1": 0.0}
    seeded = load_session(_session_of(tmp_path, "seeded.jsonl", ["reference", "accelerator"]))
    (model,) = score([seeded]).values()
    assert model.rates(total_tasks=1, ps=[1.0], ks=[1]) == {"CSR": 1.0, "FCR": 1.0, "fast_1": 1.0, "pass@1": 1.0}


@pytest.mark.slow
@pytest.mark.parametrize("seeded", [False, True])
def test_agent_run_starts_from_the_coders_draft_unless_seeded(seeded, fake_llm, monkeypatch, tmp_path) -> None:
    from workbench.config import Config

    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    if not seeded:
        fake_llm.push(kernel_reply("plain"))
    cfg = Config(provider="openai", model="fake-model", base_url=fake_llm.openai_url, mode="auto", iterations=1,
                 min_time_ms=5.0)
    ctl = Controller.for_task("LayerNorm_vision", cfg)
    ctl.session_path = tmp_path / "run.jsonl"
    seed = ctl.reference_files() if seeded else None
    ctl.run_agent(seed, lambda _e: None, auto=True)
    ctl.close()
    [it] = ctl.history
    assert it.origin == ("reference" if seeded else "coder")
    assert it.result is not None and it.result.ok, it.result and it.result.message
    assert len(fake_llm.received) == (0 if seeded else 1)  # seeded: no first draft was asked for
    s = load_session(ctl.session_path)
    assert [(c.iteration, c.origin) for c in s.candidates()] == [(1, it.origin)]
    assert s.header.target == "host" and "MNN" in s.header.tool_versions
