"""Shared fixtures: the loopback LLM server and the scripted kernels of LayerNorm_vision."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.agents.fake_llm import FakeLLM

KERNELS = Path(__file__).parent / "kernels"


def kernel_reply(variant: str, prose: str = "Here is the kernel.") -> str:
    """A Coder reply holding kernels/layernorm_<variant>.cpp as CPULayerNorm.cpp."""
    src = (KERNELS / f"layernorm_{variant}.cpp").read_text()
    return f"{prose}\n\n```cpp\n// CPULayerNorm.cpp\n{src}```\nDone."


def plan_reply(plan: dict) -> str:
    return f"My analysis:\n```json\n{json.dumps(plan)}\n```"


DEBUG_PLAN = {"local_error_suggestion": ["CPULayerNorm.cpp:28 — `meen` is a typo for `mean`"],
              "crossfile_error_suggestion": []}
ACCEL_PLAN = {"bottleneck": "three passes over each row, scalar", "optimisation_method": "single pass Vec4",
              "modification_plan": "accumulate sum and sum of squares in one Vec4 pass; normalise with Vec4"}


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    with FakeLLM() as srv:
        yield srv
