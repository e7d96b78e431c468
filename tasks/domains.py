"""Verification inputs that cover an op's domain, beside the benchmark's declared inputs.

The declared `INPUTS` are what the benchmark times, and several draw from [0, 1): on those, copying the
input passes Relu, a NaN everywhere "passes" Acosh, and zeros pass ReduceProd. Verification therefore
also runs on trials drawn from the op's whole domain: negative values, several orders of magnitude, the
ranges where exp, log or a reduction's cancellation matter, and inside the domain of the domain-
restricted ops (Log, Sqrt, Acosh, ...) so their outputs stay finite and meaningful.

A domain is a literal tuple, so a task file can override it (`VERIFY_DOMAINS = {0: ("uniform", -1, 1)}`,
keyed by the input's index in `INPUTS`):

- `("mixed", lo, hi)`: N(0, 1) times a per-element scale log-uniform in [lo, hi] (the generic default)
- `("normal", sigma, mean)`: N(mean, sigma)
- `("uniform", lo, hi)`
- `("loguniform", lo, hi)` / `("signed_loguniform", lo, hi)`: magnitude log-uniform in [lo, hi], with a
  random sign for the latter
- `("grid", lo, hi, step)`: multiples of `step` in [lo, hi], so comparisons see exact ties
- `("det",)`: N(0, sqrt(e / n)) for n x n matrices, whose determinants stay near 1 instead of overflowing

Only floating-point data inputs are redrawn. Integer inputs (indices, axes, booleans) and fixed scalars
(`full`) keep exactly the values `draw_numpy` gives for the same seed: a kernel may read them when it is
resized, and the execution is resized once and reused for every trial.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from tasks.inputs import InputSpec, draw_numpy

Domain = tuple[Any, ...]

KINDS = ("mixed", "normal", "uniform", "loguniform", "signed_loguniform", "grid", "det")
GENERIC: Domain = ("mixed", 0.1, 10.0)

# Per category, where the generic draw misses what the category's ops get wrong.
BY_CATEGORY: dict[str, Domain] = {
    # Rows with a non-zero mean, so a kernel that skips the mean (or the variance) is caught.
    "Normalization": ("normal", 2.0, 3.0),
    # Convolutions are linear: magnitude adds no code path, and heavy tails only make float32 sums of
    # large terms cancel to small outputs, whose noise the median output's size does not describe.
    "Convolution": ("normal", 3.0),
}

# Per ONNX op: one domain for every float input, or a tuple with one per input (None: the default).
BY_OP: dict[str, Domain | tuple[Domain | None, ...]] = {
    "Log": ("loguniform", 1e-6, 1e6),
    "Sqrt": ("loguniform", 1e-6, 1e6),
    "Reciprocal": ("signed_loguniform", 1e-3, 1e3),
    "Exp": ("uniform", -20.0, 20.0),
    "Sinh": ("uniform", -20.0, 20.0),
    "Cosh": ("uniform", -20.0, 20.0),
    "Acos": ("uniform", -1.0, 1.0),
    "Asin": ("uniform", -1.0, 1.0),
    "Atanh": ("uniform", -0.999, 0.999),
    "Acosh": ("loguniform", 1.0, 1e4),
    "Pow": (("loguniform", 1e-2, 1e2), ("uniform", -3.0, 3.0)),  # negative bases with real exponents are NaN
    "Div": (None, ("signed_loguniform", 0.1, 10.0)),  # no divisor near zero
    # Products of many factors near 1 in magnitude, with signs: neither underflow to 0 nor overflow.
    "ReduceProd": ("signed_loguniform", 0.6, 1.6),
    "Det": ("det",),
    # Exact ties, so > and >= (and = itself) are told apart.
    "Equal": ("grid", -4.0, 4.0, 0.5),
    "Greater": ("grid", -4.0, 4.0, 0.5),
    "GreaterOrEqual": ("grid", -4.0, 4.0, 0.5),
    "Less": ("grid", -4.0, 4.0, 0.5),
    "LessOrEqual": ("grid", -4.0, 4.0, 0.5),
    "GridSample": (None, ("uniform", -1.0, 1.0)),  # normalised sampling coordinates cover the whole image
}

_FLOATS = ("float32", "float16")


def draw_domain(domain: Domain, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    kind = domain[0]
    if kind == "mixed":
        lo, hi = np.log(domain[1]), np.log(domain[2])
        return rng.standard_normal(shape) * np.exp(rng.uniform(lo, hi, shape))
    if kind == "normal":
        return rng.standard_normal(shape) * domain[1] + (domain[2] if len(domain) > 2 else 0.0)
    if kind == "uniform":
        return rng.uniform(domain[1], domain[2], shape)
    if kind in ("loguniform", "signed_loguniform"):
        mag = np.exp(rng.uniform(np.log(domain[1]), np.log(domain[2]), shape))
        return mag * rng.choice((-1.0, 1.0), shape) if kind == "signed_loguniform" else mag
    if kind == "grid":
        lo, hi, step = domain[1], domain[2], domain[3]
        return rng.integers(0, round((hi - lo) / step) + 1, shape) * step + lo
    if kind == "det":
        n = shape[-1] if shape else 1
        return rng.standard_normal(shape) * np.sqrt(np.e / max(n, 1))
    raise ValueError(f"unknown verification domain {domain!r}")


def valid_domain(domain: Any) -> bool:
    """Whether a task file's domain tuple can be drawn from (a trial draw on a tiny shape)."""
    if not isinstance(domain, tuple) or not domain or domain[0] not in KINDS:
        return False
    try:
        draw_domain(domain, (2, 2), np.random.default_rng(0))
    except (IndexError, TypeError, ValueError):
        return False
    return True


def _range(specs: Sequence[InputSpec], base: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """Range's start and delta move (by exact binary fractions), its element count does not: the
    output's shape is fixed when the execution is resized."""
    start, limit, delta = (float(a) for a in base[:3])
    count = int(np.ceil((limit - start) / delta))
    new_start = float(rng.integers(-256, 257)) / 4
    new_delta = float(rng.choice((0.25, 0.5, 2.0, -0.5, -1.0)))
    values = (new_start, new_start + count * new_delta, new_delta)
    return [np.asarray(v, dtype=s.dtype) for v, s in zip(values, specs)] + base[3:]


# Ops whose inputs only make sense drawn together.
COUPLED: dict[str, Callable[[Sequence[InputSpec], list[np.ndarray], np.random.Generator], list[np.ndarray]]] = {
    "Range": _range,
}


def domain_for(index: int, onnx_op: str, category: str, overrides: Mapping[int, Domain]) -> Domain:
    """The domain of the declared input `index` (its position in the task's INPUTS)."""
    if index in overrides:
        return tuple(overrides[index])
    by_op = BY_OP.get(onnx_op)
    if by_op and isinstance(by_op[0], str):  # one domain for every float input
        return by_op
    if by_op:  # one per input
        per_input = by_op[index] if index < len(by_op) else None
        if per_input is not None:
            return per_input  # type: ignore[return-value]
    return BY_CATEGORY.get(category, GENERIC)


def declared_index(spec: InputSpec, position: int) -> int:
    """The input's index in the task's INPUTS (prepare names them input_<i> and drops unused ones)."""
    name = spec.name
    if name.startswith("input_") and name[6:].isdigit():
        return int(name[6:])
    return position


def draw_verification(specs: Sequence[InputSpec], seed: int, onnx_op: str, category: str,
                      overrides: Mapping[int, Domain] | None = None) -> list[np.ndarray]:
    """One domain-covering trial: the declared draw for `seed`, with its float data inputs redrawn."""
    base = draw_numpy(specs, seed)
    # A stream of its own, so a verification trial never repeats a declared trial's values.
    rng = np.random.default_rng([seed, 0x5EED])
    if onnx_op in COUPLED:
        return COUPLED[onnx_op](specs, base, rng)
    out = list(base)
    for pos, spec in enumerate(specs):
        if spec.dtype not in _FLOATS or spec.kind == "full":
            continue
        domain = domain_for(declared_index(spec, pos), onnx_op, category, overrides or {})
        out[pos] = draw_domain(domain, spec.shape, rng).astype(spec.dtype)
    return out
