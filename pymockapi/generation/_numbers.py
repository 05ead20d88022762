"""Integers and numbers within bounds, exclusive bounds, ``multipleOf`` and format ranges."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from pymockapi.generation._context import (
    RETRIES,
    Gen,
    GenerationError,
    Unsatisfiable,
    below,
    between,
)
from pymockapi.generation._realism import number_range

_FORMAT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "float": (-3.4e38, 3.4e38),
}
_DEFAULT = (0, 1000)


def _bounds(node: Mapping[str, Any]) -> tuple[Fraction | None, bool, Fraction | None, bool]:
    low: Fraction | None = None
    high: Fraction | None = None
    low_open = high_open = False
    for key, is_open in (("minimum", False), ("exclusiveMinimum", True)):
        if _is_number(node.get(key)):
            value = Fraction(str(node[key]))
            if low is None or value > low or (value == low and is_open):
                low, low_open = value, is_open
    for key, is_open in (("maximum", False), ("exclusiveMaximum", True)):
        if _is_number(node.get(key)):
            value = Fraction(str(node[key]))
            if high is None or value < high or (value == high and is_open):
                high, high_open = value, is_open
    fmt = _FORMAT_RANGES.get(node.get("format", ""))
    if fmt is not None:
        if low is None or low < fmt[0]:
            low, low_open = Fraction(fmt[0]), False
        if high is None or high > fmt[1]:
            high, high_open = Fraction(fmt[1]), False
    return low, low_open, high, high_open


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _window(
    low: Fraction | None, high: Fraction | None, hint: tuple[float, float, int] | None
) -> tuple[Fraction, Fraction]:
    """A plausible range inside the bounds: the name's range if it fits, else near a bound."""
    lo, hi = (Fraction(str(hint[0])), Fraction(str(hint[1]))) if hint else _DEFAULT
    if low is not None and high is not None and (lo > high or hi < low):
        return low, high
    lo = lo if low is None else max(lo, low)
    hi = hi if high is None else min(hi, high)
    if lo > hi:
        lo, hi = (hi - 1000, hi) if low is None else (lo, lo + 1000)
    return Fraction(lo), Fraction(hi)


def compile_integer(node: Mapping[str, Any], name: str) -> Gen:
    low, low_open, high, high_open = _bounds(node)
    lo = None if low is None else math.floor(low) + 1 if low_open else math.ceil(low)
    hi = None if high is None else math.ceil(high) - 1 if high_open else math.floor(high)
    step = Fraction(1)
    if _is_number(node.get("multipleOf")) and node["multipleOf"] > 0:
        m = Fraction(str(node["multipleOf"]))
        step = Fraction(m.numerator)  # the least multiple of m that is an integer
    return _multiples(node, name, lo, hi, step, as_int=True)


def _multiples(
    node: Mapping[str, Any], name: str, lo: Any, hi: Any, step: Fraction, *, as_int: bool
) -> Gen:
    if lo is not None and hi is not None and lo > hi:
        raise Unsatisfiable(f"minimum {lo} is above maximum {hi}")
    k_lo = None if lo is None else math.ceil(Fraction(lo) / step)
    k_hi = None if hi is None else math.floor(Fraction(hi) / step)
    if k_lo is not None and k_hi is not None and k_lo > k_hi:
        raise Unsatisfiable(f"no multiple of {node.get('multipleOf')} between {lo} and {hi}")
    w_lo, w_hi = _window(
        None if k_lo is None else Fraction(k_lo),
        None if k_hi is None else Fraction(k_hi),
        _scaled(number_range(name), step),
    )
    a, b = math.ceil(w_lo), math.floor(w_hi)
    if a > b:  # the window fell between two multiples: use the bound that exists
        a = b = int(w_lo if k_lo is None else k_lo)
    multiple = node.get("multipleOf")
    if step == 1:  # the most common case: any integer in the window
        span = b - a + 1
        return lambda rng, depth: a + below(rng, span)
    if step.denominator == 1:  # integer steps: no float rounding to check
        factor = int(step)
        return lambda rng, depth: between(rng, a, b) * factor

    def gen(rng: random.Random, depth: int) -> Any:
        for _ in range(RETRIES):
            value = between(rng, a, b) * step
            if value.denominator == 1:
                out: int | float = int(value)
            elif as_int:
                continue
            else:
                out = float(value)
            if multiple is None or not isinstance(multiple, float) or (out / multiple).is_integer():
                return out
        raise GenerationError(f"no float multiple of {multiple} found in range")

    return gen


def _scaled(hint: tuple[float, float, int] | None, step: Fraction) -> Any:
    if hint is None or step == 1:
        return hint
    return (float(Fraction(str(hint[0])) / step), float(Fraction(str(hint[1])) / step), 0)


def compile_number(node: Mapping[str, Any], name: str) -> Gen:
    low, low_open, high, high_open = _bounds(node)
    if _is_number(node.get("multipleOf")) and node["multipleOf"] > 0:
        step = Fraction(str(node["multipleOf"]))
        lo = None if low is None else low + (step / 2 if low_open else 0)
        hi = None if high is None else high - (step / 2 if high_open else 0)
        return _multiples(node, name, lo, hi, step, as_int=False)
    if (
        low is not None
        and high is not None
        and (low > high or (low == high and (low_open or high_open)))
    ):
        raise Unsatisfiable(f"minimum {float(low)} is above maximum {float(high)}")
    hint = number_range(name)
    lo, hi = _window(low, high, hint)
    decimals = hint[2] if hint else 2
    flo, fhi = float(lo), float(hi)

    def ok(value: float) -> bool:
        fv = Fraction(value)
        return (low is None or fv > low or (fv == low and not low_open)) and (
            high is None or fv < high or (fv == high and not high_open)
        )

    def gen(rng: random.Random, depth: int) -> Any:
        for places in (decimals, 6, 12):
            value = round(rng.uniform(flo, fhi), places)
            if ok(value):
                return int(value) if places == 0 else value
        middle = float((lo + hi) / 2)
        if ok(middle):
            return middle
        raise GenerationError("no number found between the bounds")

    return gen
