"""Target `mnn`: a kernel built as MNN builds its CPU files, run in the tree's kernel host by the sealed judge,
against MNN's own kernel from the same build. Needs the MNN build the `built` fixture shares (skipped, saying
why, without the tarball, cmake or ninja)."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest

from tasks.evaluation import evaluate
from tasks.prepare import prepare
from tasks.registry import get_task
from tests.toolchain.mnn_tree import tarball
from tests.toolchain.test_adversarial import ADVERSARIES, CORRECT, TEMPLATE
from toolchain.candidate import Candidate
from toolchain.evaluate import EvalOptions
from toolchain.mnn.tree import MnnTree
from toolchain.result import Status
from toolchain.runner import RunRequest, TimingPlan
from toolchain.sandbox import Limits
from toolchain.targets import TargetSettings, resolve_target

pytestmark = pytest.mark.slow


def _options(**kw) -> EvalOptions:
    return EvalOptions(trials=3, timing=TimingPlan(warmup=1, min_repeats=5, min_time_ms=10),
                       target_settings=TargetSettings(mnn_root=str(tarball())), **kw)


def _mnn_own(tree: MnnTree, *names: str) -> Candidate:
    """MNN's own files, read from the tree (never copied into the project)."""
    return Candidate({n: tree.cpu_source(n).read_text() for n in names})


def _adversary(body: str) -> Candidate:
    # Registered under the name MNN's registerCPUOps calls for ReLU, so MNN runs it.
    return Candidate({"CPURelu.cpp": TEMPLATE.replace("CPUReluAdversaryCreator", "CPUReluCreator")
                      .replace("@BODY@", body)})


def test_mnn_own_relu_is_ok_built_with_mnn_flags_against_the_tree(built: MnnTree) -> None:
    r = evaluate(get_task("Relu"), _mnn_own(built, "CPURelu.cpp", "CPURelu.hpp"), "mnn", _options())
    assert r.status is Status.OK, r.message
    assert r.target == "mnn"
    assert r.baseline.source == built.label and built.label.startswith("mnn-tree@")
    assert r.baseline.mnn_native_ms and r.timing is not None
    assert "tree @" + built.label.split("@")[1] in r.message
    prov = r.provenance
    assert prov["device"]["kind"] == "mnn-tree" and prov["device"]["tree"] == built.label
    # MNN's own flags for source/backend/cpu/*.cpp, from the build's compile_commands.json.
    assert {"-fno-rtti", "-fno-exceptions", "-fvisibility=hidden", "-std=gnu++11"} <= set(prov["flags"])
    assert not any(f.startswith("-march") for f in prov["flags"])


def test_the_baseline_is_timed_call_by_call_beside_the_candidate(built: MnnTree) -> None:
    # One judge drives both hosts, alternating them on the same sets: as many baseline samples as the
    # candidate's, and no separate baseline run around it.
    r = evaluate(get_task("Relu"), _mnn_own(built, "CPURelu.cpp", "CPURelu.hpp"), "mnn", _options())
    assert r.status is Status.OK, r.message
    assert r.provenance["judge"]["baseline_timing"] == "interleaved"
    assert r.baseline.timing is not None and r.baseline.timing.runs == r.timing.runs


def test_a_baseline_that_dies_beside_the_candidate_leaves_the_candidate_judged(built: MnnTree) -> None:
    # The judge's second host failing is the baseline's loss alone: the candidate's run goes on and is checked.
    target = resolve_target("mnn", None, TargetSettings(mnn_root=str(tarball())))
    good = target.builder.build(_adversary(CORRECT))
    bad = target.builder.build(_adversary(ADVERSARIES["segfault"][0]))
    assert good.exe and bad.exe
    task = prepare(get_task("Relu"))
    x = task.op_input_arrays(task.draw_inputs(1))
    request = RunRequest(op=task.op, inputs=tuple(o.tensor for o in task.op_inputs), outputs=task.outputs,
                         sets=(tuple(x),), timing=TimingPlan(warmup=1, min_repeats=5, min_time_ms=5),
                         model=task.mnn_path, baseline=bad.exe)
    outcome = target.runner.run(good.exe, request)
    assert outcome.failure is None, outcome.message
    assert outcome.samples_ns and not outcome.baseline_samples_ns
    assert "SIGSEGV" in outcome.baseline_failure
    assert [c.phase for c in outcome.checked][-1] == "after"


def test_a_kernel_registered_under_another_name_is_refused_before_building(built: MnnTree) -> None:
    r = evaluate(get_task("Relu"), Candidate({"CPUReluAdversary.cpp": TEMPLATE.replace("@BODY@", CORRECT)}), "mnn",
                 _options())
    assert r.status is Status.COMPILE_ERROR
    assert "REGISTER_CPU_OP_CREATOR(CPUReluCreator, OpType_ReLU)" in r.message
    assert "CPUReluAdversaryCreator" in r.message
    assert r.diagnostics and r.diagnostics[0].file == "CPUReluAdversary.cpp"


def test_the_tree_compiles_the_kernel_so_its_api_differences_are_compile_errors(built: MnnTree) -> None:
    # Vec4's operator[] is not const in MNN: fine against the workbench's headers, an error against the tree's.
    body = "const MNN::Math::Vec4 v(1.f); dst[0] = v[0]; " + CORRECT
    candidate = Candidate({"CPURelu.cpp": _adversary(body).files["CPURelu.cpp"].replace(
        '#include "MNN_generated.h"', '#include "MNN_generated.h"\n#include "math/Vec.hpp"')})
    r = evaluate(get_task("Relu"), candidate, "mnn", _options())
    assert r.status is Status.COMPILE_ERROR, r.message
    assert any(d.file == "CPURelu.cpp" and d.severity == "error" for d in r.diagnostics)


@pytest.mark.parametrize("name", ["constant_output", "fork_loop", "write_past_output", "segfault"])
def test_the_tree_host_is_judged_by_the_same_sealed_judge(built: MnnTree, name: str) -> None:
    body, status, phrase = ADVERSARIES[name]
    options = _options(limits=Limits(wall_s=4, cpu_s=8, address_space_mb=2048, processes=16))
    r = evaluate(get_task("Relu"), _adversary(body), "mnn", options)
    assert r.status is status, r.message
    assert phrase.lower() in r.message.lower(), r.message
    left = subprocess.run(["pgrep", "-f", r"kernel [^ ]*run\.json"], capture_output=True, text=True).stdout.split()
    assert left == [], f"kernel processes outlived the evaluation: {left}"


def test_an_op_mnn_rewrites_runs_as_the_whole_model_and_a_broken_kernel_fails_there(built: MnnTree) -> None:
    # MNN's geometry pass rewrites a Reduction before its CPU kernel runs: target mnn runs the task's whole
    # model as an MNN session, with the candidate's creator registered in place of MNN's.
    own = _mnn_own(built, "CPUReduction.cpp", "CPUReduction.hpp")
    r = evaluate(get_task("ReduceMean"), own, "mnn", _options())
    assert r.status is Status.OK, r.message
    assert r.provenance["judge"]["runs"] == "session" and r.baseline.source == built.label
    assert r.speedup is not None
    entry = "ErrorCode onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) override {"
    skipped = own.files["CPUReduction.cpp"].replace(entry, entry + " return NO_ERROR;", 1)
    assert skipped != own.files["CPUReduction.cpp"]
    r = evaluate(get_task("ReduceMean"), Candidate({**own.files, "CPUReduction.cpp": skipped}), "mnn", _options())
    assert r.status is Status.WRONG_OUTPUT, r.message


def test_a_task_mnn_runs_without_any_kernel_of_its_op_is_not_judged(built: MnnTree) -> None:
    # For Add, MNN's geometry pass turns the BinaryOp into other kernels: CPUBinary never runs, so no
    # speedup of a CPUBinary may be claimed from it (a kernel that does nothing would otherwise pass).
    r = evaluate(get_task("Add"), _mnn_own(built, "CPUBinary.cpp", "CPUBinary.hpp"), "mnn", _options())
    assert r.status is Status.TOOLCHAIN_ERROR
    assert "never makes a BinaryOp Execution" in r.message and r.speedup is None


def test_an_op_mnn_runs_on_nc4hw4_runs_as_the_whole_model(built: MnnTree) -> None:
    r = evaluate(get_task("Conv"), _mnn_own(built, "CPUConvolution.cpp", "CPUConvolution.hpp"), "mnn", _options())
    assert r.status is Status.OK, r.message
    assert r.provenance["judge"]["runs"] == "session" and r.speedup is not None


def test_a_baseline_that_fails_the_task_gives_no_speedup(built: MnnTree) -> None:
    # Forced to run Add's op alone (as the converter wrote it, without MNN's geometry pass), MNN's own kernel
    # computes something else: no speedup may be reported against it, and the note says why.
    target = replace(resolve_target("mnn", None, TargetSettings(mnn_root=str(tarball()))), whole_model=None)
    r = evaluate(get_task("Add"), _mnn_own(built, "CPUBinary.cpp", "CPUBinary.hpp"), target, _options())
    assert r.speedup is None and r.baseline.mnn_native_ms is None
    assert "fails the task" in r.baseline.note and "GeometryComputer" in r.baseline.note


def test_no_tree_set_up_is_one_sentence(tmp_path) -> None:
    options = replace(_options(), target_settings=TargetSettings(mnn_root=""))
    r = evaluate(get_task("Relu"), _adversary(CORRECT), "mnn", options)
    assert r.status is Status.TOOLCHAIN_ERROR
    assert "mkb mnn setup" in r.message and "\n" not in r.message


def test_the_demos_tuned_kernels_do_not_compile_inside_mnn(built: MnnTree, monkeypatch, capsys) -> None:
    # Re-measured with --target mnn, the Softmax demo's best kernel (1.01x on the host when recorded) does not
    # compile against MNN's real headers: Vec4's operator[] is not const there.
    from workbench.cli import main

    monkeypatch.setenv("MKB_MNN_ROOT", str(tarball()))
    assert main(["replay", "Softmax", "--reeval", "33", "--target", "mnn"]) == 0
    out = capsys.readouterr().out
    assert "compile_error" in out and "mnn-tree@" in out and "discards qualifiers" in out, out
