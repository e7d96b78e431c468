"""Judging a kernel's outputs against the reference's, with explicit tolerances and no mercy for NaN.

An element passes when |out - ref| <= atol * scale + rtol * |ref|, where `scale` is the typical
magnitude of that output in that trial (`magnitude`). An absolute atol would be a relative tolerance
of its own choosing: Softmax over 2048-wide rows has every output near 5e-4, so atol=1e-4 alone let
a 20% error through, and zeros passed a product of 64 numbers below one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from toolchain.problem import TensorSpec
from toolchain.result import Correctness, Status

POISON_WORD = 0x7FA5A5A5  # what the driver fills outputs with before every execution (PROTOCOL.md)


@dataclass(frozen=True)
class Verdict:
    status: Status
    message: str
    correctness: Correctness


def _never_written(out: np.ndarray) -> int:
    if out.dtype.itemsize != 4:
        return 0
    return int(np.count_nonzero(np.ascontiguousarray(out).view(np.uint32) == POISON_WORD))


MIN_SCALE = 1e-30  # an all-zero reference wants zeros, not whatever is below a tolerance of its own


_SAMPLE = 1 << 16  # elements magnitude() looks at: a strided sample is as typical as the whole


def magnitude(ref: np.ndarray) -> float:
    """The typical size of an output: the median |value| of its finite non-zero elements (of an evenly
    strided sample of them, for big outputs). A median, not the max or RMS, so Exp's few huge values
    do not leave its small ones unchecked; non-zero only, so Relu's exact zeros do not make it zero."""
    flat = np.asarray(ref).ravel()
    flat = flat[:: max(1, flat.size // _SAMPLE)]
    with np.errstate(invalid="ignore"):
        r = np.abs(flat.astype(np.float64))
    r = r[np.isfinite(r) & (r > 0)]
    return max(float(np.median(r)), MIN_SCALE) if r.size else MIN_SCALE


def compare(out: np.ndarray, ref: np.ndarray, spec: TensorSpec, atol: float, rtol: float):
    """(bad-mask, max_abs, max_rel, kind) for one output; kind is '' (fine), 'nan' or 'mismatch'.
    `atol` is relative to the output's magnitude (see the module's docstring)."""
    ref = ref.astype(out.dtype) if np.issubdtype(out.dtype, np.integer) else ref
    if not np.issubdtype(out.dtype, np.floating):
        diff = np.abs(out.astype(np.int64) - ref.astype(np.int64))
        bad = diff != 0
        return bad, float(diff.max(initial=0)), float(bad.any()), "mismatch" if bad.any() else ""
    scale = magnitude(ref)
    # The common case, a right answer, in one pass at the outputs' own precision: every reference value
    # finite and every error within tolerance (a NaN or infinite output compares false, so fails it).
    work = np.float64 if np.float64 in (out.dtype, np.asarray(ref).dtype) else np.float32
    with np.errstate(invalid="ignore", over="ignore"):
        o, r = out.astype(work, copy=False), np.asarray(ref).astype(work, copy=False)
        err = np.abs(o - r)
        abs_r = np.abs(r)
        if np.isfinite(abs_r).all() and (err <= atol * scale + rtol * abs_r).all():
            max_rel = float((err / np.maximum(abs_r, work(1e-12))).max(initial=0))
            return np.zeros(out.shape, bool), float(err.max(initial=0)), max_rel, ""
    with np.errstate(invalid="ignore"):  # poison NaN payloads warn when widened; they are judged below
        o, r = out.astype(np.float64), np.asarray(ref).astype(np.float64)
    finite_ref = np.isfinite(r)
    # A NaN or infinity is only right where the reference has exactly that.
    special_bad = ~finite_ref & ~((np.isnan(r) & np.isnan(o)) | (o == r))
    nan_bad = finite_ref & ~np.isfinite(o)
    with np.errstate(invalid="ignore", over="ignore"):
        abs_err = np.where(finite_ref & np.isfinite(o), np.abs(o - r), 0.0)
        rel_err = abs_err / np.maximum(np.abs(r), 1e-12)
        tol_bad = abs_err > atol * scale + rtol * np.abs(np.where(finite_ref, r, 0.0))
    bad = special_bad | nan_bad | tol_bad
    kind = "nan" if nan_bad.any() else ("mismatch" if bad.any() else "")
    return bad, float(abs_err.max(initial=0)), float(rel_err[finite_ref].max(initial=0)), kind


def verify(
    outputs: Sequence[Sequence[np.ndarray]],  # per trial, per output: logical arrays from the kernel
    refs: Sequence[Sequence[np.ndarray]],  # per trial, per output: the reference's arrays
    specs: Sequence[TensorSpec],
    seeds: Sequence[int],
    atol: float,
    rtol: float,
    label: str = "trial",
) -> Verdict:
    max_abs = max_rel = 0.0
    for t, (outs, rs) in enumerate(zip(outputs, refs)):
        for out, ref, spec in zip(outs, rs, specs):
            bad, a, r, kind = compare(out, np.asarray(ref).reshape(spec.shape), spec, atol, rtol)
            max_abs, max_rel = max(max_abs, a), max(max_rel, r)
            if not kind:
                continue
            first = tuple(int(i) for i in np.unravel_index(int(np.flatnonzero(bad)[0]), spec.shape))
            corr = Correctness(False, max_abs, max_rel, len(outputs), tuple(seeds), atol, rtol, first, spec.name)
            unwritten = _never_written(out)
            where = f"{label} {t}" if label == "trial" else label
            if unwritten:
                return Verdict(Status.WRONG_OUTPUT, f"{unwritten} of {out.size} elements of {spec.name} were never "
                               f"written ({where}; first bad index {list(first)})", corr)
            if kind == "nan":
                n = int(np.count_nonzero(bad))
                return Verdict(Status.INVALID, f"{spec.name} holds {n} NaN or infinite values where the reference "
                               f"is finite ({where}; first at {list(first)})", corr)
            got = out[first]
            want = np.asarray(ref).reshape(spec.shape)[first]
            return Verdict(Status.WRONG_OUTPUT, f"{spec.name} differs from the reference ({where}): max abs error "
                           f"{a:.3g}, max rel error {r:.3g}; first at {list(first)}: got {got}, expected {want} "
                           f"(allowed: {atol:g} x {magnitude(ref):.3g}, the output's typical size, "
                           f"+ {rtol:g} x |expected|)", corr)
    corr = Correctness(True, max_abs, max_rel, len(outputs), tuple(seeds), atol, rtol)
    return Verdict(Status.OK, f"correct on {len(outputs)} trials (max abs error {max_abs:.3g})", corr)
