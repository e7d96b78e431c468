"""Time from `mkb-tui` process start to its first frame (target: 1.5 s).

Each run is a fresh interpreter (imports are most of the cost, and a warm process would hide them),
headless, in a scratch config dir so a first-run user's path is timed: the default task with its
reference kernel. The child also reports whether torch, onnxruntime or MNN were imported by then;
they must not be, since they load lazily in a worker.

    python benchmarks/tui_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "onnxruntime", "MNN")
TARGET_S = 1.5


def child() -> None:
    t0 = float(os.environ["MKB_BENCH_T0"])
    sys.path.insert(0, str(ROOT))
    from textual import events

    from screens.app import Launch, WorkbenchApp

    class Timed(WorkbenchApp):
        def on_ready(self, _event: events.Ready) -> None:
            # Ready is posted once the first frame has been written to the terminal.
            elapsed = time.time() - t0
            heavy = [m for m in HEAVY if m in sys.modules]
            print(json.dumps({"first_frame_s": elapsed, "heavy_imported": heavy}), file=sys.__stdout__, flush=True)
            self.exit()

    Timed(Launch(first_run=True), save_settings=False).run(headless=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    times, heavy = [], set()
    with tempfile.TemporaryDirectory() as cfg:
        for _ in range(args.runs):
            env = {**os.environ, "MKB_CONFIG_DIR": cfg, "MKB_BENCH_T0": repr(time.time())}
            out = subprocess.run([sys.executable, __file__, "--child"], env=env, capture_output=True, text=True,
                                 cwd=ROOT, timeout=60)
            line = next((x for x in out.stdout.splitlines() if x.startswith("{")), None)
            if line is None:
                print(f"the workbench did not start:\n{out.stderr[-2000:]}", file=sys.stderr)
                return 1
            r = json.loads(line)
            times.append(r["first_frame_s"])
            heavy.update(r["heavy_imported"])
    med = statistics.median(times)
    print(f"mkb-tui first frame: median {med:.2f} s over {len(times)} runs "
          f"(min {min(times):.2f}, max {max(times):.2f}; target {TARGET_S} s)")
    print("heavy modules at first frame: " + (", ".join(sorted(heavy)) or "none (torch, onnxruntime, MNN load lazily)"))
    return 0 if med <= TARGET_S and not heavy else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        sys.exit(main())
