"""Plain-text rendering of results, for `mkb` output and logs."""

from __future__ import annotations

from toolchain.result import EvalResult
from toolchain.sandbox import unsandboxed


def format_result(r: EvalResult) -> str:
    lines = [f"{r.task}: {r.status.value} — {r.message}"]
    if unsandboxed(r.provenance):
        lines.append("  UNSANDBOXED: compiled and run without isolation (--no-sandbox)")
    for d in r.diagnostics:
        if d.severity != "note":
            lines.append(f"  {d}")
    if r.timing:
        t = r.timing
        lines.append(f"  kernel   median {t.median_ms:.4f} ms  IQR {t.iqr_ms:.4f}  min {t.min_ms:.4f}  ({t.runs} runs)")
    b = r.baseline
    name = "MNN" if b.is_mnn else "ref"  # on a phone without MNN: the task's reference kernel
    if b.mnn_native_ms is not None:
        lines.append(f"  {name:<8} median {b.mnn_native_ms:.4f} ms" + (f"  ({b.note})" if b.note else ""))
    elif r.status.compiled:
        lines.append(f"  {name:<8} {b.note or 'not measured'}")
    if r.speedup is not None:
        lines.append(f"  speedup  {r.speedup:.2f}x over {b.label}")
    if r.host_tuned:
        lines.append("  built    --host-tuned: MNN's flags plus -march=native, which MNN does not ship with")
    lines += [f"  ! {f}" for f in r.flags]
    return "\n".join(lines)
