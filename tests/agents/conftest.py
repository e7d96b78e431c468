"""Shared fixtures: the loopback LLM server and the scripted kernels of LayerNorm_vision."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.agents.fake_llm import FakeLLM

KERNELS = Path(__file__).parent / "kernels"


def kernel_source(variant: str) -> str:
    """kernels/layernorm_<variant>.cpp; "broken" is the plain kernel with `mean` misspelt on line 28."""
    if variant != "broken":
        return (KERNELS / f"layernorm_{variant}.cpp").read_text()
    src = kernel_source("plain")
    assert src.count("mean /= inner;") == 1
    return src.replace("mean /= inner;", "meen /= inner;")


def kernel_reply(variant: str, prose: str = "Here is the kernel.") -> str:
    """A Coder reply holding the LayerNorm kernel `variant` as CPULayerNorm.cpp."""
    src = kernel_source(variant)
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
