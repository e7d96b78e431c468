"""The host target builds candidates as MNN builds its CPU files; `--host-tuned` is an opt-in every result shows."""

from __future__ import annotations

from tasks.evaluation import evaluate
from tasks.registry import get_task, reference_candidate
from toolchain.builder import MNN_CPU_FLAGS, host_toolchain
from toolchain.candidate import Candidate
from toolchain.result import Status
from toolchain.targets import TargetSettings, resolve_target
from workbench.report import format_result


def test_default_flags_are_mnns_and_tuned_adds_march_native():
    plain, tuned = host_toolchain(), host_toolchain(tuned=True)
    assert plain.flags[:len(MNN_CPU_FLAGS)] == MNN_CPU_FLAGS
    assert {"-std=gnu++11", "-fno-exceptions", "-fno-rtti", "-DNDEBUG"} <= set(plain.flags)
    assert "-march=native" not in plain.flags and not plain.host_tuned
    assert "-march=native" in tuned.flags and tuned.host_tuned
    # Our driver and judge keep exceptions and C++17: they never get the candidate's flags.
    assert "-std=c++17" in plain.driver_flags and "-fno-exceptions" not in plain.driver_flags
    assert plain.key != tuned.key


def test_candidate_gets_mnns_flags(quick_options):
    """Under MNN's flags `throw` does not compile (MNN builds with -fno-exceptions); the error is the kernel's."""
    kernel = dict(reference_candidate("ReLU").files)
    name = next(n for n in kernel if n.endswith(".cpp"))
    kernel[name] += "\nstatic int mkbThrows(int x) { if (x) throw x; return 0; }\n"
    r = evaluate(get_task("Relu"), Candidate(kernel), "host", quick_options)
    assert r.status is Status.COMPILE_ERROR
    assert any("exception" in d.message and d.file == name for d in r.diagnostics), r.diagnostics


def test_results_say_what_they_were_built_and_compared_with(quick_options):
    task, ref = get_task("Relu"), reference_candidate("ReLU")
    plain = evaluate(task, ref, "host", quick_options)
    assert plain.ok, plain.message
    assert plain.baseline.source == "mnn-wheel" and "MNN (mnn wheel)" in plain.message
    assert "-std=gnu++11" in plain.provenance["flags"] and "-march=native" not in plain.provenance["flags"]
    assert not plain.host_tuned and "--host-tuned" not in format_result(plain)
    tuned = evaluate(task, ref, resolve_target("host", quick_options.limits, TargetSettings(host_tuned=True)),
                     quick_options)
    assert tuned.ok, tuned.message
    assert tuned.host_tuned and tuned.provenance["device"]["host_tuned"] is True
    assert "-march=native" in tuned.provenance["flags"]
    assert "--host-tuned" in format_result(tuned)
