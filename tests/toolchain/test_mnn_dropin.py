"""A kernel dropped into real MNN 3.6.1 (built from `../shared/mnn/`): builds or not, passes MNN's own tests
or not, and the tree is left as it was. The first build takes about 9 minutes on two cores and is shared by
every later run on the machine (the build dir is keyed by source digest, compiler and options); without
the tarball, cmake or ninja these tests skip, saying why."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from sessions.library import DEMOS_DIR
from tasks.registry import reference_candidate
from tests.toolchain.mnn_tree import tarball
from toolchain.candidate import Candidate
from toolchain.mnn.dropin import JOURNAL, missing_from, original_for, patch, recover, verify
from toolchain.mnn.tree import MnnTree
from workbench.cli import main

pytestmark = pytest.mark.slow


def _mnn_own(tree: MnnTree, name: str, edit: tuple[str, str] | None = None) -> Candidate:
    """MNN's own file as a candidate (optionally with one edit): what an honest drop-in check must pass."""
    text = tree.cpu_source(name).read_text()
    if edit is not None:
        assert edit[0] in text, edit
        text = text.replace(edit[0], edit[1], 1)
    return Candidate({name: text})


def _digest(tree: MnnTree) -> str:
    h = hashlib.sha256()
    for p in sorted((tree.root / "source" / "backend" / "cpu").glob("CPU*")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def test_what_a_candidate_lacks_is_said_before_building(tree: MnnTree) -> None:
    original = original_for(tree, "ReLU")
    assert original.name == "CPURelu.cpp"
    missing = missing_from(original.read_text(), reference_candidate("ReLU"))
    assert any("CPURelu6Creator__OpType_ReLU6" in m for m in missing), missing
    assert missing_from(original.read_text(), _mnn_own(tree, "CPURelu.cpp")) == []


def test_mnn_own_relu_is_drop_in_and_the_tree_is_left_as_it_was(built: MnnTree) -> None:
    before = _digest(built)
    r = verify(built, "ReLU", _mnn_own(built, "CPURelu.cpp"))
    assert r.verdict == "drop-in", [t for t in r.tests if not t.passed]
    names = {t.name for t in r.tests}
    assert {"op/relu", "op/relu6", "op/prelu"} <= names and {t.threads for t in r.tests} == {1, 4}
    assert r.tree == "mnn-tree@d407447ed56c" and r.replaced == "source/backend/cpu/CPURelu.cpp"
    assert _digest(built) == before and not (built.build_dir / JOURNAL).exists()


def test_a_kernel_that_breaks_a_case_mnn_tests_is_task_only_and_names_it(built: MnnTree) -> None:
    # ReLU itself untouched, ReLU6 clamping one below its maximum: the task (Relu) would still pass; MNN's
    # op/relu6 must not.
    candidate = _mnn_own(built, "CPURelu.cpp", ("return new CPURelu6(maxV, minV, backend);",
                                                "return new CPURelu6(maxV - 1.0f, minV, backend);"))
    r = verify(built, "ReLU", candidate)
    assert r.verdict == "task-only"
    failed = {t.name for t in r.failed}
    assert "op/relu6" in failed and "op/relu" not in failed, r.tests


def test_the_reference_softmax_passes_its_task_but_crashes_mnn_int8_case(built: MnnTree) -> None:
    r = verify(built, "Softmax", reference_candidate("Softmax"))
    by = {(t.name, t.threads): t for t in r.tests}
    assert r.verdict == "task-only"
    assert by[("op/softmax", 1)].passed and by[("op/softmax", 4)].passed
    crash = by[("op/softmaxInt8", 1)]
    assert not crash.passed and crash.detail == "crashed (SIGSEGV)", crash


def test_a_kernel_that_does_not_build_gets_its_own_lines(built: MnnTree) -> None:
    before = _digest(built)
    candidate = _mnn_own(built, "CPURelu.cpp", ("namespace MNN {", "namespace MNN {\nint broken = no_such_name;"))
    r = verify(built, "ReLU", candidate)
    assert r.verdict == "does-not-build" and not r.tests
    assert "CPURelu.cpp:" in r.diagnostics and "no_such_name" in r.diagnostics, r.diagnostics
    assert str(built.root) not in r.diagnostics  # the candidate's file, not the tree's copy
    assert _digest(built) == before


def test_a_journal_left_by_a_dead_check_is_undone(tree: MnnTree) -> None:
    target = tree.cpu_source("CPURelu.cpp")
    original = target.read_bytes()
    added = tree.cpu_source("MkbLeftBehind.hpp")
    tree.build_dir.mkdir(parents=True, exist_ok=True)
    (tree.build_dir / JOURNAL).write_text(json.dumps({str(target): base64.b64encode(original).decode(),
                                                      str(added): None}))
    target.write_text("// a candidate a killed check left in the tree\n")
    added.write_text("// and a header it added\n")
    assert sorted(recover(tree)) == sorted([str(target), str(added)])
    assert target.read_bytes() == original and not added.exists()


def test_export_patch_applies_to_the_tree(tree: MnnTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    candidate = reference_candidate("LayerNorm")
    text = patch(tree, "LayerNorm", candidate, "LayerNorm: kernel from MobileKernelBench", "Task LayerNorm_vision.\n")
    assert text.startswith("From ") and "Subject: [PATCH] LayerNorm" in text
    assert "a/source/backend/cpu/CPULayerNorm.cpp" in text
    (tmp_path / "k.patch").write_text(text)
    check = subprocess.run(["git", "apply", "--check", "-v", str(tmp_path / "k.patch")], cwd=tree.root,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr

    folder = tmp_path / "kernel"
    folder.mkdir()
    for name, src in candidate.files.items():
        (folder / name).write_text(src)
    monkeypatch.setenv("MKB_MNN_ROOT", str(tarball()))
    out = tmp_path / "out.patch"
    assert main(["export-patch", str(folder), "--task", "LayerNorm_vision", "-o", str(out)]) == 0
    assert "Against: mnn-tree@d407447ed56c (MNN 3.6.1)" in out.read_text()
    assert main(["export-patch", str(folder), "--task", "LayerNorm_vision", "-o", str(out)]) == 2  # no --force

    demo = next(DEMOS_DIR.glob("*LayerNorm*.jsonl"))
    from_session = tmp_path / "session.patch"
    assert main(["export-patch", str(demo), "-o", str(from_session)]) == 0
    text = from_session.read_text()
    assert "Task LayerNorm_vision, iteration" in text and "Measured on host:" in text, text[:600]


def test_mnn_status_says_what_is_set_up(tree: MnnTree, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("MKB_MNN_ROOT", str(tarball()))
    assert main(["mnn", "status"]) == 0
    out = capsys.readouterr().out
    assert "MNN 3.6.1 at" in out and "(commit d407447ed56c)" in out and "run_test.out:" in out
    monkeypatch.setenv("MKB_MNN_ROOT", str(tree.root / "no-such-dir"))
    assert main(["mnn", "status"]) == 2
    assert "there is no MNN source at" in capsys.readouterr().err


def test_verify_mnn_command_says_the_verdict_and_each_failing_test(built: MnnTree, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("MKB_MNN_ROOT", str(tarball()))
    folder = tmp_path / "softmax"
    folder.mkdir()
    for name, src in reference_candidate("Softmax").files.items():
        (folder / name).write_text(src)
    assert main(["verify-mnn", "Softmax", str(folder)]) == 1  # 0 only for drop-in
    out = capsys.readouterr().out
    assert "task-only: the kernel in place of source/backend/cpu/CPUSoftmax.cpp (mnn-tree@d407447ed56c" in out
    assert "FAIL  op/softmaxInt8 at 1 thread: crashed (SIGSEGV)" in out and "pass  op/softmax at 4 threads" in out


def test_a_file_the_kernel_leaves_as_mnn_has_it_is_not_touched(built: MnnTree) -> None:
    # Rewriting an unchanged header would only change its time, and ninja would rebuild every file including it.
    header = built.cpu_source("CPURelu.hpp")
    before = header.stat().st_mtime_ns
    candidate = _mnn_own(built, "CPURelu.cpp", ("namespace MNN {", "namespace MNN {\n// edited"))
    candidate = Candidate({**candidate.files, "CPURelu.hpp": header.read_text()})
    r = verify(built, "ReLU", candidate)
    assert r.verdict == "drop-in", r.lines()
    assert header.stat().st_mtime_ns == before
