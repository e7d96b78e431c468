"""The verdict rules: tolerances, NaN where the reference is finite, never-written elements."""

from __future__ import annotations

import numpy as np

from toolchain.problem import TensorSpec, from_layout, to_layout
from toolchain.result import Status
from toolchain.verify import POISON_WORD, magnitude, verify

SPEC = TensorSpec("y", (2, 3), "float32")


def _v(out, ref, spec=SPEC):
    return verify([[np.asarray(out, dtype=spec.dtype)]], [[np.asarray(ref)]], [spec], [7], 1e-4, 1e-4)


def test_within_tolerance_passes():
    ref = np.arange(6, dtype=np.float32).reshape(2, 3)
    v = _v(ref + 5e-5, ref)
    assert v.status is Status.OK and v.correctness.max_abs_err < 1e-4


def test_mismatch_names_first_index():
    ref = np.zeros((2, 3), np.float32)
    out = ref.copy()
    out[1, 2] = 0.5
    v = _v(out, ref)
    assert v.status is Status.WRONG_OUTPUT
    assert v.correctness.first_mismatch == (1, 2)
    assert "[1, 2]" in v.message


def test_nan_where_reference_finite_is_invalid():
    ref = np.ones((2, 3), np.float32)
    out = ref.copy()
    out[0, 1] = np.nan
    assert _v(out, ref).status is Status.INVALID


def test_nan_matching_reference_nan_passes():
    ref = np.ones((2, 3), np.float32)
    ref[0, 0] = np.nan
    assert _v(ref.copy(), ref).status is Status.OK


def test_poison_is_reported_as_never_written():
    ref = np.ones((2, 3), np.float32)
    out = ref.copy()
    out.view(np.uint32)[1, :] = POISON_WORD
    v = _v(out, ref)
    assert v.status is Status.WRONG_OUTPUT and "3 of 6 elements" in v.message


def test_integers_are_exact():
    spec = TensorSpec("i", (4,), "int32")
    assert _v([1, 2, 3, 4], np.array([1, 2, 3, 4], np.int64), spec).status is Status.OK
    assert _v([1, 2, 3, 5], np.array([1, 2, 3, 4], np.int64), spec).status is Status.WRONG_OUTPUT


def test_nc4hw4_round_trip():
    a = np.random.default_rng(0).standard_normal((3, 6, 3, 5)).astype(np.float32)
    spec = TensorSpec("x", a.shape, "float32", "NC4HW4")
    packed = to_layout(a, "NC4HW4")
    assert packed.shape == (2, 3, 3, 5, 4)  # MNN's CPU order: [C/4][N][H][W][4]
    assert np.array_equal(from_layout(packed.ravel(), spec), a)
    assert np.all(packed[1, :, :, :, 2:] == 0)  # padding channels are zero


def test_nc4hw4_puts_the_batch_inside_each_channel_block():
    # MNN (CPUTensorConvert) stores (n, c, p) at ((c/4 * N + n) * area + p) * 4 + c%4; a batch-major order
    # agrees only when N == 1, so a kernel correct on the host was wrong inside MNN for N > 1.
    n, c, h, w = 3, 9, 2, 3
    a = np.arange(n * c * h * w, dtype=np.float32).reshape(n, c, h, w)
    flat = to_layout(a, "NC4HW4").ravel()
    area = h * w
    for b in range(n):
        for ch in range(c):
            for p in range(area):
                assert flat[((ch // 4 * n + b) * area + p) * 4 + ch % 4] == a[b, ch].ravel()[p]
    assert np.array_equal(from_layout(flat, TensorSpec("x", a.shape, "float32", "NC4HW4")), a)
    two_d = np.arange(5 * 6, dtype=np.float32).reshape(5, 6)  # [batch, features], as PReLU gets it
    assert np.array_equal(to_layout(two_d, "NC4HW4")[0, 1], two_d[1, :4])


def test_atol_follows_the_outputs_size():
    # Outputs near 5e-4 (a 2048-wide softmax): a 20% error was inside atol=1e-4; now it is not.
    spec = TensorSpec("p", (4, 2048), "float32")
    ref = np.random.default_rng(1).uniform(3e-4, 7e-4, spec.shape).astype(np.float32)
    assert _v(ref * 1.2, ref, spec).status is Status.WRONG_OUTPUT
    assert _v(ref * (1 + 1e-6), ref, spec).status is Status.OK
    # Outputs near 1e4 (a long dot product): float32 rounding far above 1e-4 absolute is still right.
    big = ref.astype(np.float64) * 2e7
    assert _v((big + 0.5).astype(np.float32), big.astype(np.float32), spec).status is Status.OK


def test_small_values_stay_checked_beside_huge_ones():
    # Exp over [-20, 20]: the median (about 1) sets the scale, so e^20 (5e8) does not leave everything
    # below ~5e4 unchecked, as a max- or RMS-based scale would.
    x = np.linspace(-20, 20, 6 * 100).reshape(6, 100)
    spec = TensorSpec("e", x.shape, "float32")
    ref = np.exp(x).astype(np.float32)
    out = ref.copy()
    out[0, 40] *= 1.5  # e^-17: far below the median, still wrong
    assert _v(out, ref, spec).status is Status.OK  # below atol * median: too small to matter
    out = ref.copy()
    out[2, 70] *= 1.01  # about e^-2, off by 1%
    assert _v(out, ref, spec).status is Status.WRONG_OUTPUT


def test_all_zero_reference_wants_zeros():
    ref = np.zeros((2, 3), np.float32)
    assert _v(ref, ref).status is Status.OK
    assert _v(ref + 1e-9, ref).status is Status.WRONG_OUTPUT


def test_zeros_in_the_reference_do_not_shrink_the_scale():
    # Relu: half the outputs exactly zero; the scale comes from the others.
    ref = np.array([[0, 0, 0], [2.0, 3.0, 4.0]], np.float32)
    assert magnitude(ref) == 3.0
    assert _v(ref + np.float32(2e-4), ref).status is Status.OK
