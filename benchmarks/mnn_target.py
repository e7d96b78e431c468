"""Target mnn, measured: MNN's own kernels judged against MNN, and what one evaluation costs.

1. MNN's own CPURelu, CPUSoftmax, CPULayerNorm, CPUUnary, CPUArgMax, CPUReduction and CPUConvolution, read
   from the tree
   and evaluated with `--target mnn` on a task of their op: an honest harness says 1.00 (target 1.00 ± 0.05,
   median of --runs evaluations, the kernels interleaved round by round).
2. `mkb eval --target mnn` of MNN's own LayerNorm with a cold build cache (each run edits a comment) beside
   compiling that file alone with the tree's flags (its compile_commands.json entry), interleaved; the
   ratio's target is 1.5.
3. `mkb verify-mnn` of MNN's own CPURelu.cpp with an edited comment (its header as MNN has it): the
   incremental build and MNN's tests after the first build (target 6 s).

Needs a built tree (`mkb mnn setup`, or MKB_MNN_ROOT at one). Prints figures; asserts nothing.

    python benchmarks/mnn_target.py [--runs 5] [--latency-runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tasks.evaluation import evaluate  # noqa: E402
from tasks.registry import get_task  # noqa: E402
from toolchain.candidate import Candidate  # noqa: E402
from toolchain.evaluate import EvalOptions  # noqa: E402
from toolchain.mnn.target import cpu_compile  # noqa: E402
from toolchain.mnn.tree import CPU_DIR, MnnTree  # noqa: E402
from toolchain.targets import TargetSettings  # noqa: E402
from workbench.config import mnn_source, mnn_tree  # noqa: E402

# task: MNN's file for its op
KERNELS = {"Relu": "CPURelu", "Softmax": "CPUSoftmax", "LayerNorm_vision": "CPULayerNorm", "Tanh": "CPUUnary",
           "ArgMax": "CPUArgMax", "ReduceMean": "CPUReduction", "Conv": "CPUConvolution"}


def mnn_own(tree: MnnTree, stem: str) -> Candidate:
    """MNN's file and its header, read from the tree."""
    names = [n for n in (f"{stem}.cpp", f"{stem}.hpp") if tree.cpu_source(n).is_file()]
    return Candidate({n: tree.cpu_source(n).read_text() for n in names})


def speedups(tree: MnnTree, runs: int) -> None:
    options = EvalOptions(target_settings=TargetSettings(mnn_root=mnn_source()))
    got: dict[str, list[float]] = {task: [] for task in KERNELS}
    mode: dict[str, str] = {}
    for _ in range(runs):
        for task, stem in KERNELS.items():
            r = evaluate(get_task(task), mnn_own(tree, stem), "mnn", options)
            if r.speedup is None:
                print(f"{task}: {r.status.value}: {r.message}")
                continue
            got[task].append(r.speedup)
            mode[task] = r.provenance.get("judge", {}).get("runs", "?")
    print(f"MNN's own kernels against MNN, both from {tree.label} (built by its CMake, Release), "
          f"--target mnn, median of {runs}:")
    print(f"  {'task':18} {'MNN file':14} {'runs as':8} {'speedup':>8}  {'within 1.00±0.05':>16}  runs")
    for task, stem in KERNELS.items():
        s = got[task]
        if not s:
            print(f"  {task:18} {stem:14} {'':8} {'-':>8}")
            continue
        m = statistics.median(s)
        print(f"  {task:18} {stem:14} {mode[task]:8} {m:8.3f}  {'yes' if abs(m - 1) <= 0.05 else 'NO':>16}  "
              f"{[round(x, 3) for x in s]}")


def latency(tree: MnnTree, runs: int) -> None:
    cc = cpu_compile(tree)
    kernel = mnn_own(tree, "CPULayerNorm")
    evals, bare = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, text in kernel.files.items():
            (work / name).write_text(text)
        source = work / "CPULayerNorm.cpp"
        files = [str(work / n) for n in kernel.files]
        argv = [sys.executable, "-m", "workbench.cli", "eval", "LayerNorm_vision", *files, "--target", "mnn", "--json"]
        subprocess.run(argv, cwd=REPO, capture_output=True, check=False)  # warm: host objects, archive, page cache
        text = source.read_text()
        for i in range(runs):
            source.write_text(text + f"\n// edit {time.time_ns()} {i}\n")
            t0 = time.perf_counter()
            proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
            evals.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                sys.exit(f"mkb eval --target mnn failed: {proc.stdout[-400:]} {proc.stderr[-400:]}")
            t0 = time.perf_counter()
            includes = [f"-I{p}" for p in (*cc.includes, tree.root / CPU_DIR)]  # as the file sits in the tree
            subprocess.run([cc.cxx, *cc.flags, *includes, "-c", str(source), "-o", str(work / "bare.o")], check=True)
            bare.append(time.perf_counter() - t0)
    e, b = statistics.median(evals), statistics.median(bare)
    print(f"\nLayerNorm_vision with MNN's own CPULayerNorm.cpp, {runs} runs each, interleaved:")
    print(f"  mkb eval --target mnn (build, verify, time vs MNN): median {e:.3f} s  {[round(x, 3) for x in evals]}")
    print(f"  the file compiled alone with the tree's flags: median {b:.3f} s  {[round(x, 3) for x in bare]}")
    print(f"  ratio {e / b:.2f} (target <= 1.5)")


def verify_time(runs: int) -> None:
    tree = mnn_tree()
    kernel = mnn_own(tree, "CPURelu")
    took = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, text in kernel.files.items():
            (work / name).write_text(text)
        source = work / "CPURelu.cpp"
        text = source.read_text()
        for i in range(runs):
            source.write_text(text + f"\n// edit {time.time_ns()} {i}\n")
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "workbench.cli", "verify-mnn", "Relu",
                                   *(str(work / n) for n in kernel.files)], cwd=REPO, capture_output=True, text=True)
            took.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                sys.exit(f"mkb verify-mnn failed: {proc.stdout[-400:]} {proc.stderr[-400:]}")
    print(f"\nmkb verify-mnn Relu (MNN's own CPURelu.cpp, a comment edited), {runs} runs:")
    print(f"  median {statistics.median(took):.2f} s  {[round(x, 2) for x in took]} (target <= 6 s)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--latency-runs", type=int, default=5)
    args = ap.parse_args()
    tree = mnn_tree()
    if not tree.ready:
        sys.exit(f"the MNN tree at {tree.root} is not built: run `mkb mnn setup` first")
    speedups(tree, args.runs)
    latency(tree, args.latency_runs)
    verify_time(args.latency_runs)


if __name__ == "__main__":
    main()
