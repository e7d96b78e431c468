"""Performance Parser: an EvalResult's timing → `{median, spread, baseline, speedup, threads}`."""

from __future__ import annotations

from typing import Any

from toolchain.result import EvalResult


def parse_perf(result: EvalResult) -> dict[str, Any]:
    t, b = result.timing, result.baseline
    return {
        "median_ms": round(t.median_ms, 5) if t else None,
        "spread_ms": round(t.iqr_ms, 5) if t else None,  # interquartile range of the samples
        "runs": t.runs if t else 0,
        "baseline_ms": round(b.mnn_native_ms, 5) if b.mnn_native_ms is not None else None,
        "baseline_note": b.note or None,
        "speedup": round(result.speedup, 3) if result.speedup is not None else None,
        "threads": result.provenance.get("threads"),
        "flags": list(result.flags),
    }
