"""The agent loop's own overhead per iteration on LayerNorm_vision, LLM time excluded.

Runs N iterations of the real loop (real SDK, real evaluate pipeline) against the loopback server
with instant replies: a correct kernel and an Accelerator plan each round, every kernel a different
source so nothing is served from the loop's result cache. Prints, per iteration: evaluate time
(compile, run, verify, time), LLM call time (loopback HTTP through the SDK), and everything else —
prompt building, repo tree, tree-sitter, parsing, events — which is the loop's own overhead.

    python benchmarks/agent_overhead.py [--iterations 5] [--provider openai|anthropic] [--min-time-ms 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agents import events as ev  # noqa: E402
from agents.llm import make_provider  # noqa: E402
from agents.loop import Budget, MokaLoop  # noqa: E402
from tasks.registry import get_task  # noqa: E402
from tests.agents.fake_llm import FakeLLM, Received, Reply  # noqa: E402
from toolchain.evaluate import EvalOptions  # noqa: E402
from toolchain.runner import TimingPlan  # noqa: E402

KERNEL = (ROOT / "tests/agents/kernels/layernorm_fast.cpp").read_text()


def responder() -> callable:
    n = {"i": 0}
    nonce = time.time_ns()  # differs between runs too, so the build cache never answers

    def answer(req: Received) -> Reply:
        n["i"] += 1
        if "Answer with exactly one JSON object" in req.text:
            plan = {"bottleneck": "b", "optimisation_method": f"method {n['i']}", "modification_plan": "p"}
            return Reply(f"```json\n{json.dumps(plan)}\n```")
        # A comment that changes every round: a new source, so a real compile each time.
        return Reply(f"```cpp\n// CPULayerNorm.cpp\n// round {nonce}-{n['i']}\n{KERNEL}```")

    return answer


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--provider", choices=("openai", "anthropic"), default="openai")
    ap.add_argument("--min-time-ms", type=float, default=20.0)
    args = ap.parse_args()
    task = get_task("LayerNorm_vision")
    with FakeLLM(responder=responder()) as srv:
        url = srv.openai_url if args.provider == "openai" else srv.anthropic_url
        provider = make_provider(args.provider, "bench", url, env={})
        loop = MokaLoop(task, provider, budget=Budget(iterations=args.iterations),
                        eval_options=EvalOptions(trials=2, timing=TimingPlan(min_time_ms=args.min_time_ms)))
        t0 = time.perf_counter()
        evals = 0
        for e in loop.run():
            if isinstance(e, ev.Evaluated) and not e.cached:
                evals += 1
        total = (time.perf_counter() - t0) * 1e3
    u = loop.usage
    n = max(evals, 1)
    other = total - u.eval_ms - u.llm_ms
    print(f"iterations {evals}, wall {total / 1e3:.2f} s")
    print(f"per iteration: evaluate {u.eval_ms / n:.0f} ms, LLM calls (loopback) {u.llm_ms / n:.0f} ms, "
          f"loop overhead {other / n:.0f} ms")
    print(f"overhead per iteration, LLM time excluded (evaluate + loop): {(total - u.llm_ms) / n / 1e3:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
