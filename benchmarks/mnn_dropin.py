"""Every reference kernel dropped into real MNN (`mkb verify-mnn` on each): the README's table.

For each folder of `tasks/reference_kernels/` whose op type has a CPU Execution in the tree, the verdict,
the MNN tests that fail (at 1 or 4 threads), what the kernel lacks of MNN's file, and the time of the
incremental build and of MNN's tests. The tree is MNN 3.6.1 from `../shared/mnn/` unless --mnn says
otherwise; it is built first if need be (`mkb mnn setup`, about 9 minutes the first time).

    python benchmarks/mnn_dropin.py [--mnn PATH] [--only ReLU,Softmax]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tasks.registry import REFERENCE_KERNELS_DIR, reference_candidate  # noqa: E402
from toolchain.mnn.dropin import DropInError, verify  # noqa: E402
from toolchain.mnn.tree import build, open_tree  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mnn", default=str(REPO.parent / "shared" / "mnn" / "MNN-3.6.1-cpu.tar.xz"))
    ap.add_argument("--only", default="", help="comma-separated op types")
    args = ap.parse_args()
    tree = build(open_tree(args.mnn), lambda m: print(m, file=sys.stderr))
    ops = sorted(p.name for p in REFERENCE_KERNELS_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))
    if args.only:
        ops = [o for o in ops if o in args.only.split(",")]
    print(f"Reference kernels in {tree.label} (MNN {tree.version}), `python benchmarks/mnn_dropin.py`:\n")
    print("| op | replaces | verdict | MNN tests failing | lacks | build s | tests s |")
    print("|---|---|---|---|---|---|---|")
    t0 = time.monotonic()
    for op in ops:
        try:
            r = verify(tree, op, reference_candidate(op))
        except DropInError as exc:
            print(f"| {op} | — | not checked | {exc} | | | |", flush=True)
            continue
        failing = sorted({f"{t.name}" for t in r.failed})
        lacks = "; ".join(m.split(" (")[0] for m in r.missing)
        print(f"| {op} | {Path(r.replaced).name} | {r.verdict} | {', '.join(failing) or '—'} | {lacks or '—'} "
              f"| {r.build_s:.1f} | {r.tests_s:.1f} |", flush=True)
    print(f"\n{len(ops)} kernels in {time.monotonic() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
