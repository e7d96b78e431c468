"""An evaluator that raises is a result for the loop, never the end of the session (issue 10)."""

from __future__ import annotations

from agents import events as ev
from agents.llm.replay_provider import ReplayProvider
from agents.loop import Budget, MokaLoop
from tests.agents.test_loop import CTX, START, TASK, run
from toolchain.result import Status


def raising():
    """An evaluate that raises, as a judge crashed by what a kernel left behind would."""

    def evaluate(task, cand, target, options, progress):
        raise RecursionError("maximum recursion depth exceeded while decoding a JSON array")
    return evaluate


def test_evaluator_exception_becomes_a_failed_result():
    loop = MokaLoop(TASK, ReplayProvider([]), budget=Budget(iterations=1), evaluate=raising(),
                    initial=START, context=CTX)
    events = run(loop)  # must not raise
    evaluated = [e for e in events if isinstance(e, ev.Evaluated)]
    assert len(evaluated) == 1
    result = evaluated[0].result
    assert result.status is Status.TOOLCHAIN_ERROR
    assert "recursion" in result.message.lower()
    assert "Traceback" not in result.message
    assert loop.best is None
    assert isinstance(events[-1], ev.Finished)


def test_evaluator_exception_ends_the_run_with_one_sentence():
    # Like any toolchain failure (not the kernel's fault), it ends the run with its reason; no Debugger call.
    loop = MokaLoop(TASK, ReplayProvider([]), budget=Budget(iterations=3), evaluate=raising(),
                    initial=START, context=CTX)
    events = run(loop)
    fin = events[-1]
    assert isinstance(fin, ev.Finished)
    assert fin.reason.startswith("the toolchain failed") and "recursion" in fin.reason.lower()
    assert not any(isinstance(e, ev.PromptSent) for e in events)
