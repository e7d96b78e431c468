"""Kernels that misbehave on purpose: each must end as the right status, never crash or hang us."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest

from tasks.evaluation import evaluate
from tasks.registry import get_task
from tests.conftest import REPO
from toolchain.candidate import Candidate
from toolchain.result import Status
from toolchain.sandbox import Limits

TEMPLATE = (REPO / "tests" / "kernels" / "relu_template.cpp").read_text()
CORRECT = "for (int i = 0; i < n; ++i) dst[i] = src[i] > 0.f ? src[i] : 0.f;"

# name: (body, expected status, a phrase the message must contain)
ADVERSARIES = {
    "segfault": ("*(volatile int*)nullptr = 1;", Status.RUNTIME_ERROR, "SIGSEGV"),
    "infinite_loop": ("for (volatile int spin = 0;; spin = spin + 1) {}", Status.TIMEOUT, "did not finish"),
    "huge_allocation": ("memo_.resize(25000000000ull); memo_[0] = 1.f; " + CORRECT,  # 100 GB
                        Status.RUNTIME_ERROR, "memory"),
    # Children that never exit: the sandbox denies the first fork (glibc's fork is a clone without CLONE_THREAD).
    "fork_loop": ("for (int k = 0; k < 100000; ++k) { pid_t p = fork(); if (p < 0) break; "
                  "if (p == 0) for (;;) pause(); } " + CORRECT, Status.INVALID, "clone"),
    "write_past_output": (CORRECT + " dst[n + 3] = 1.f;", Status.INVALID, "output"),
    "overwrite_input": (CORRECT + " const_cast<float*>(src)[7] = 42.f;", Status.INVALID, "input"),
    "nan_output": (CORRECT + " dst[n / 2] = 0.f / 0.f;", Status.INVALID, "NaN"),
    "constant_output": ("for (int i = 0; i < n; ++i) dst[i] = 0.5f;", Status.WRONG_OUTPUT, "differs"),
    "cached_across_calls": (
        "if (memo_.empty()) { memo_.resize(n); for (int i = 0; i < n; ++i) memo_[i] = src[i] > 0.f ? src[i] : 0.f; }"
        " std::memcpy(dst, memo_.data(), n * sizeof(float));",
        Status.WRONG_OUTPUT, "trial 1"),
    "skips_half": ("for (int i = 0; i < n / 2; ++i) dst[i] = src[i] > 0.f ? src[i] : 0.f;", Status.WRONG_OUTPUT,
                   "never written"),
}


def _candidate(body: str) -> Candidate:
    return Candidate({"CPUReluAdversary.cpp": TEMPLATE.replace("@BODY@", body)})


@pytest.fixture(scope="module")
def relu():
    return get_task("Relu")


def test_correct_template_passes(relu, quick_options):
    r = evaluate(relu, _candidate(CORRECT), "host", quick_options)
    assert r.status is Status.OK, r.message


@pytest.mark.parametrize("name", sorted(ADVERSARIES))
def test_adversary_gets_its_status(name, relu, quick_options):
    body, status, phrase = ADVERSARIES[name]
    options = replace(quick_options, limits=Limits(wall_s=4, cpu_s=8, address_space_mb=2048, processes=16))
    r = evaluate(relu, _candidate(body), "host", options)
    assert r.status is status, r.message
    assert phrase.lower() in r.message.lower(), r.message
    assert "Traceback" not in r.message
    left = subprocess.run(["pgrep", "-f", r"kernel [^ ]*run\.json"], capture_output=True, text=True).stdout.split()
    assert left == [], f"kernel processes outlived the evaluation: {left}"


def test_compile_error_points_at_the_line(relu, quick_options):
    path = REPO / "tests" / "kernels" / "CPUReluTypo.cpp"
    text = path.read_text()
    line_no = next(i for i, ln in enumerate(text.splitlines(), 1) if ": slope;" in ln)
    column = text.splitlines()[line_no - 1].index("slope") + 1
    r = evaluate(relu, Candidate.from_paths([path]), "host", quick_options)
    assert r.status is Status.COMPILE_ERROR
    first = next(d for d in r.diagnostics if d.severity == "error")
    assert (first.file, first.line, first.column) == ("CPUReluTypo.cpp", line_no, column)
    assert "slope" in first.message


def test_missing_creator_is_a_runtime_error(quick_options):
    # A correct ReLU kernel handed the Softmax task registers no creator for OpType_Softmax.
    r = evaluate(get_task("Softmax"), _candidate(CORRECT), "host", quick_options)
    assert r.status is Status.RUNTIME_ERROR
    assert "Softmax" in r.message


# Code that would run before the kernel host seals itself (from its own .preinit_array entry) is refused.
EARLY = {
    "preinit_array": ('static void early(int, char**, char**) {}\n__attribute__((section(".preinit_array"), used)) '
                      "static void (*const kEarly)(int, char**, char**) = early;\n", ".preinit_array"),
    "ifunc": ('static int impl() { return 1; }\nextern "C" int (*resolve_it())() { return impl; }\n'
              'extern "C" int picked() __attribute__((ifunc("resolve_it")));\n', "IFUNC"),
    # A static constructor runs after the seal: its fork is denied and named.
    "constructor_forks": ("#include <unistd.h>\nstatic int forked = [] { return (int)fork(); }();\n", "clone"),
}


@pytest.mark.parametrize("name", sorted(EARLY))
def test_nothing_runs_before_the_seal(name, relu, quick_options):
    extra, phrase = EARLY[name]
    r = evaluate(relu, Candidate({"CPUReluAdversary.cpp": TEMPLATE.replace("@BODY@", CORRECT) + extra}), "host",
                 quick_options)
    assert r.status is (Status.INVALID if name == "constructor_forks" else Status.COMPILE_ERROR), r.message
    assert phrase in r.message


def test_samples_are_heard_while_timing_runs(relu, quick_options):
    heard: list[tuple[str, int]] = []
    r = evaluate(relu, _candidate(CORRECT), "host", quick_options,
                 samples=lambda side, ms: heard.append((side, len(ms))))
    assert r.status is Status.OK, r.message
    kernel = [n for side, n in heard if side == "kernel"]
    assert kernel and kernel[-1] == r.timing.runs  # every timed call, as the judge took it
    assert any(side == "baseline" for side, _ in heard)
