"""The loop with an injected evaluate function and the real SDKs on the loopback server."""

from __future__ import annotations

import pytest

from agents import events as ev
from agents.llm import CallOptions, make_provider
from agents.llm.replay_provider import ReplayProvider
from agents.loop import Budget, MokaLoop
from agents.roles.context import TaskContext
from tasks.registry import get_task
from tests.agents.conftest import ACCEL_PLAN, plan_reply
from toolchain.candidate import Candidate
from toolchain.result import Baseline, Correctness, EvalResult, Status, Timing

TASK = get_task("LayerNorm_vision")
CTX = TaskContext("LayerNorm_vision", "class Model: ...", "LayerNorm", "LayerNorm", "{}", "(api)", None)
START = Candidate({"CPULayerNorm.cpp": "// start\n"})


def fake_evaluate(ms: float = 1.0):
    """Every candidate correct; the time comes from a `// ms=<x>` line in its source, else `ms`."""

    def evaluate(task, cand, target, options, progress):
        src = "".join(cand.files.values())
        t = float(src.split("// ms=")[1].split()[0]) if "// ms=" in src else ms
        return EvalResult(task.id, Status.OK, "correct", correctness=Correctness(True, 0.0, 0.0, 2),
                          timing=Timing.from_samples([t]), baseline=Baseline(1.0))
    return evaluate


def code(ms: float) -> str:
    return f"```cpp\n// CPULayerNorm.cpp\n// ms={ms}\n```"


def run(loop: MokaLoop, on_gate=None) -> list:
    out = []
    for e in loop.run():
        out.append(e)
        if isinstance(e, ev.Gate) and on_gate:
            on_gate(loop, e)
    return out


def openai(srv, **opts):
    return make_provider("openai", "gpt-4o", srv.openai_url, env={"OPENAI_API_KEY": "k"},
                         options=CallOptions(**opts))


def test_unparsable_plan_is_reasked_once(fake_llm):
    fake_llm.push("I think you should make it faster, somehow.")  # no JSON
    fake_llm.push(plan_reply(ACCEL_PLAN))
    fake_llm.push(code(0.5))
    loop = MokaLoop(TASK, openai(fake_llm), budget=Budget(iterations=2), evaluate=fake_evaluate(),
                    initial=START, context=CTX)
    events = run(loop)
    fails = [e for e in events if isinstance(e, ev.ParseFailed)]
    assert [(f.role, f.reasking) for f in fails] == [("accelerator", True)]
    assert fails[0].message == "The reply holds no JSON object."
    assert "could not be used" in fake_llm.received[1].text  # the re-ask says why
    assert [e.plan for e in events if isinstance(e, ev.PlanMade)] == [ACCEL_PLAN]
    assert loop.best is not None and loop.best.speedup == pytest.approx(2.0)


def test_twice_unparsable_plan_falls_back_to_prose(fake_llm):
    fake_llm.push("no json").push("still no json").push(code(0.5))
    events = run(MokaLoop(TASK, openai(fake_llm), budget=Budget(iterations=2), evaluate=fake_evaluate(),
                          initial=START, context=CTX))
    plan = next(e for e in events if isinstance(e, ev.PlanMade))
    assert plan.fallback and plan.plan == {"modification_plan": "still no json"}


def test_reply_that_never_comes_is_one_sentence(fake_llm):
    fake_llm.push(hang=True).push(hang=True)
    loop = MokaLoop(TASK, openai(fake_llm, timeout_s=0.5, deadline_s=1.5, max_retries=1),
                    budget=Budget(iterations=3), evaluate=fake_evaluate(), initial=START, context=CTX)
    events = run(loop)
    failed = [e for e in events if isinstance(e, ev.ProviderFailed)]
    assert len(failed) == 1 and failed[0].kind == "timeout"
    msg = failed[0].message
    assert "\n" not in msg and ("did not answer in time" in msg or "gave no reply within 1.5 s" in msg), msg
    fin = events[-1]
    assert isinstance(fin, ev.Finished) and fin.reason == failed[0].message
    assert fin.best is not None  # the evaluated start is still known as the best


def test_refused_connection(monkeypatch):
    p = make_provider("anthropic", "m", "http://127.0.0.1:9", env={},
                      options=CallOptions(max_retries=0, timeout_s=2))
    events = run(MokaLoop(TASK, p, budget=Budget(iterations=2), evaluate=fake_evaluate(), initial=START,
                          context=CTX))
    failed = next(e for e in events if isinstance(e, ev.ProviderFailed))
    assert failed.kind == "connection" and failed.message.startswith("cannot connect to the Anthropic")


def test_accelerator_repeat_is_refused():
    replies = [plan_reply(ACCEL_PLAN), code(0.5), plan_reply(ACCEL_PLAN),
               plan_reply(ACCEL_PLAN | {"optimisation_method": "loop unrolling"}), code(0.4)]
    events = run(MokaLoop(TASK, ReplayProvider(replies), budget=Budget(iterations=3), evaluate=fake_evaluate(),
                          initial=START, context=CTX))
    fail = next(e for e in events if isinstance(e, ev.ParseFailed))
    assert "already tried" in fail.message
    assert [e.result.timing.median_ms for e in events if isinstance(e, ev.Evaluated)] == [1.0, 0.5, 0.4]


def test_confirm_gate_edit_skip_stop():
    edited = {"bottleneck": "b", "optimisation_method": "human idea", "modification_plan": "p"}
    decisions = iter(["edit", "skip", "stop"])

    def on_gate(loop, gate):
        assert gate.gate == "plan" and gate.plan is not None
        d = next(decisions)
        loop.edit_plan(edited) if d == "edit" else loop.decide(d)

    replies = [plan_reply(ACCEL_PLAN), code(0.5), plan_reply(ACCEL_PLAN | {"optimisation_method": "x"}),
               plan_reply(ACCEL_PLAN | {"optimisation_method": "y"})]
    loop = MokaLoop(TASK, ReplayProvider(replies), mode="confirm", budget=Budget(iterations=5),
                    evaluate=fake_evaluate(), initial=START, context=CTX)
    events = run(loop, on_gate)
    assert [e.decision for e in events if isinstance(e, ev.GateDecided)] == ["edit", "skip", "stop"]
    assert "human idea" in loop.memory.render() and "rejected by the engineer" in loop.memory.render()
    assert events[-1].reason == "stopped by the engineer"


def test_manual_gates_and_human_candidate():
    seen = []

    def on_gate(loop, gate):
        seen.append(gate.gate)
        if len(seen) == 1:
            loop.replace_candidate(Candidate({"CPULayerNorm.cpp": "// ms=0.25\n"}))

    loop = MokaLoop(TASK, ReplayProvider([]), mode="manual", budget=Budget(iterations=1),
                    evaluate=fake_evaluate(), initial=START, context=CTX)
    events = run(loop, on_gate)
    assert seen == ["before_eval"]
    assert any(isinstance(e, ev.CandidateReady) and e.origin == "human" for e in events)
    assert loop.best.result.timing.median_ms == 0.25


def test_token_budget_stops_before_the_next_call(fake_llm):
    fake_llm.push(plan_reply(ACCEL_PLAN), input_tokens=900, output_tokens=200).push(code(0.5))
    events = run(MokaLoop(TASK, openai(fake_llm), budget=Budget(iterations=5, tokens=1000),
                          evaluate=fake_evaluate(), initial=START, context=CTX))
    assert events[-1].reason == "the token budget (1000) is spent"
    assert len(fake_llm.received) == 1


@pytest.mark.parametrize("name", ["openai", "anthropic"])
def test_streaming_passes_text_as_it_arrives(fake_llm, name):
    fake_llm.push(plan_reply(ACCEL_PLAN)).push(code(0.5))
    url = fake_llm.openai_url if name == "openai" else fake_llm.anthropic_url
    p = make_provider(name, "m", url, env={})
    pieces: list[tuple[str, str]] = []
    events = run(MokaLoop(TASK, p, budget=Budget(iterations=2), evaluate=fake_evaluate(), initial=START,
                          context=CTX, on_text=lambda role, s: pieces.append((role, s))))
    assert all(r.streamed for r in fake_llm.received)
    assert "".join(s for r, s in pieces if r == "accelerator") == plan_reply(ACCEL_PLAN)
    replies = [e for e in events if isinstance(e, ev.ReplyReceived)]
    assert [r.request_id for r in replies] == ["req_fake_1", "req_fake_1"]
    assert replies[0].input_tokens == 100 and replies[0].output_tokens == 50


def test_an_evaluator_that_raises_is_a_result_not_a_crash():
    def broken(task, cand, target, options, progress):
        raise RecursionError("maximum recursion depth exceeded while parsing")

    loop = MokaLoop(TASK, ReplayProvider([]), budget=Budget(iterations=1), evaluate=broken, initial=START,
                    context=CTX)
    evaluated = [e for e in run(loop) if isinstance(e, ev.Evaluated)]
    assert [e.result.status for e in evaluated] == [Status.TOOLCHAIN_ERROR]
    assert "the evaluator failed" in evaluated[0].result.message


def test_every_gate_decision_in_one_answer():
    """Re-ask, another role, skip, an edited Coder prompt, memory and budget: each through `Answer`, each
    taking effect and each coming back as an event a recorder keeps."""
    from agents.llm.base import Message
    from agents.memory import Entry

    debug_plan = {"diagnosis": "fine, but check the tail", "correction_suggestion": "handle inner % 4"}
    plan_y = ACCEL_PLAN | {"optimisation_method": "y"}
    replies = [plan_reply(ACCEL_PLAN), plan_reply(ACCEL_PLAN | {"optimisation_method": "x"}),
               plan_reply(debug_plan), plan_reply(plan_y), code(0.5)]
    provider = ReplayProvider(replies)
    seen: list[ev.Gate] = []
    my_prompt = (Message("user", "the engineer's own words for the Coder"),)
    answers = iter([ev.Answer("reask"), ev.Answer("role", role="debugger"), ev.Answer("skip"),
                    ev.Answer("accept", prompt=my_prompt, budget=Budget(iterations=2, cost_usd=1.0),
                              memory=(Entry(1, "accelerator", {"optimisation_method": "kept"}, "kept by hand"),))])

    def on_gate(loop, gate):
        seen.append(gate)
        loop.answer(next(answers))

    loop = MokaLoop(TASK, provider, mode="confirm", budget=Budget(iterations=5), evaluate=fake_evaluate(),
                    initial=START, context=CTX)
    events = run(loop, on_gate)
    assert [(g.role, g.next_role, g.can_reask) for g in seen] == [("accelerator", "coder", True)] * 2 + \
        [("debugger", "coder", True), ("accelerator", "coder", True)]
    assert all(g.prompt and "```" in g.prompt[-1].content for g in seen)  # the Coder's prompt, shown before it goes
    decided = [(e.decision, e.role) for e in events if isinstance(e, ev.GateDecided)]
    assert decided == [("reask", None), ("role", "debugger"), ("skip", None), ("accept", None)]
    prompts_sent = [e for e in events if isinstance(e, ev.PromptSent)]
    assert [p.role for p in prompts_sent] == ["accelerator", "accelerator", "debugger", "accelerator", "coder"]
    assert prompts_sent[0].messages == prompts_sent[1].messages  # a re-ask sends the same prompt again
    assert prompts_sent[-1].messages == my_prompt and prompts_sent[-1].edited
    edits = [(e.what, e.detail) for e in events if isinstance(e, ev.HumanEdit)]
    assert [w for w, _ in edits] == ["memory", "budget", "prompt"]
    assert edits[1][1] == "2 iterations, no token cap, $1"
    assert loop.budget == Budget(iterations=2, cost_usd=1.0)
    assert events[-1].reason == "the budget of 2 iterations is spent"  # the new budget ended the run
    assert [e.outcome for e in loop.memory.entries] == ["kept by hand", "correct, 2.00x over MNN"]


def test_manual_gates_edit_a_prompt_and_skip_a_call():
    from agents.llm.base import Message

    provider = ReplayProvider([plan_reply(ACCEL_PLAN)])
    mine = (Message("user", "only the engineer's question"),)
    seen: list[ev.Gate] = []
    answers = iter([ev.Answer(), ev.Answer(prompt=mine), ev.Answer(), ev.Answer("skip"), ev.Answer()])

    def on_gate(loop, gate):
        seen.append(gate)
        loop.answer(next(answers))

    loop = MokaLoop(TASK, provider, mode="manual", budget=Budget(iterations=2), evaluate=fake_evaluate(),
                    initial=START, context=CTX)
    events = run(loop, on_gate)
    assert [(g.gate, g.next_role) for g in seen] == [("before_eval", None), ("before_llm", "accelerator"),
                                                     ("plan", "coder"), ("before_llm", "coder"), ("before_eval", None)]
    assert seen[1].prompt is not None and "single pass" not in seen[1].prompt[-1].content
    sent = [e for e in events if isinstance(e, ev.PromptSent)]
    assert [(p.role, p.messages, p.edited) for p in sent] == [("accelerator", mine, True)]  # the Coder was skipped
    assert "skipped by the engineer" in loop.memory.render()
    assert [e.cached for e in events if isinstance(e, ev.Evaluated)] == [False, True]
