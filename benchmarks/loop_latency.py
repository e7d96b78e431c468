"""Edit-to-timing latency of `mkb eval` against a bare compile of the same kernel file.

Prints, for LayerNorm_vision, the median of N `mkb eval` runs with a cold build cache for the candidate
(each run edits a comment, so its content hash is new) beside the median of N bare `g++ -O2 -c` of the
same file, and their ratio (target <= 1.5). Both measured in this one run, interleaved.

    python benchmarks/loop_latency.py [--runs 5] [--task LayerNorm_vision]
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

from tasks.prepare import prepare  # noqa: E402
from tasks.registry import get_task, reference_candidate  # noqa: E402
from toolchain.builder import API_INCLUDE  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--task", default="LayerNorm_vision")
    args = ap.parse_args()
    task = get_task(args.task)
    reference = reference_candidate(prepare(task).mnn_op_type or "")  # prepared, so not timed below
    evals, bare = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "backend" / "cpu"
        work.mkdir(parents=True)
        kernel_dir = Path(tmp) / "reference"  # the kernel with the shared headers it includes
        kernel_dir.mkdir()
        for name, text in reference.files.items():
            (kernel_dir / name).write_text(text)
        files = sorted(kernel_dir.iterdir())
        source = kernel_dir / reference.sources[0]
        subprocess.run([sys.executable, "-m", "workbench.cli", "eval", task.id, *map(str, files), "--json"],
                       cwd=REPO, capture_output=True, check=False)  # warm: driver objects, page cache
        for i in range(args.runs):
            for f in files:
                text = f.read_text()
                (work / f.name).write_text(text + (f"\n// edit {time.time_ns()} {i}\n" if f == source else ""))
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "workbench.cli", "eval", task.id,
                                   *(str(work / f.name) for f in files), "--json"],
                                  cwd=REPO, capture_output=True, text=True)
            evals.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                sys.exit(f"mkb eval failed: {proc.stdout[-400:]} {proc.stderr[-400:]}")
            t0 = time.perf_counter()
            subprocess.run(["g++", "-O2", "-std=c++17", f"-I{API_INCLUDE}", f"-I{Path(tmp)}", "-c",
                            str(work / source.name), "-o", str(Path(tmp) / "bare.o")], check=True)
            bare.append(time.perf_counter() - t0)
    e, b = statistics.median(evals), statistics.median(bare)
    print(f"task {task.id}, {args.runs} runs each, interleaved")
    print(f"mkb eval (edit → compile → verify → time vs MNN): median {e:.3f} s  runs {[round(x, 3) for x in evals]}")
    print(f"bare g++ -O2 -c of the same file:                   median {b:.3f} s  runs {[round(x, 3) for x in bare]}")
    print(f"ratio {e / b:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
