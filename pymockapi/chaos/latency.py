"""Latency distributions: fixed, uniform, normal and lognormal (WireMock's median and sigma).

Written as ``200ms``, ``uniform:min=50ms,max=300ms``, ``normal:mean=200ms,stddev=50ms`` or
``lognormal:median=120ms,sigma=0.4`` (``max=`` caps a normal or lognormal draw), or as a
mapping ``{type: lognormal, median: 120ms, sigma: 0.4}`` in YAML and JSON.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pymockapi.chaos._units import MAX_DELAY_S, duration

_PARAMETERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required, optional)
    "fixed": (("value",), ()),
    "uniform": (("min", "max"), ()),
    "normal": (("mean", "stddev"), ("max",)),
    "lognormal": (("median", "sigma"), ("max",)),
}
SYNTAX = (
    "200ms, uniform:min=50ms,max=300ms, normal:mean=200ms,stddev=50ms "
    "or lognormal:median=120ms,sigma=0.4"
)


@dataclass(frozen=True, slots=True)
class Latency:
    kind: str
    a: float = 0.0
    """Seconds: the fixed value, the minimum, the mean or the median."""
    b: float = 0.0
    """Seconds for the uniform maximum and the normal stddev; the lognormal sigma."""
    cap: float = MAX_DELAY_S

    def sample(self, rng: random.Random) -> float:
        """One delay in seconds; only random kinds draw from ``rng``."""
        if self.kind == "fixed":
            return self.a
        if self.kind == "uniform":
            value = rng.uniform(self.a, self.b)
        elif self.kind == "normal":
            value = rng.gauss(self.a, self.b)
        else:
            value = self.a * math.exp(rng.gauss(0.0, self.b))
        return float(min(max(value, 0.0), self.cap))

    def describe(self) -> str:
        ms = round(self.a * 1000, 3)
        if self.kind == "fixed":
            return f"{ms:g}ms"
        cap = f",max={self.cap * 1000:g}ms" if self.cap < MAX_DELAY_S else ""
        if self.kind == "uniform":
            return f"uniform:min={ms:g}ms,max={self.b * 1000:g}ms"
        if self.kind == "normal":
            return f"normal:mean={ms:g}ms,stddev={self.b * 1000:g}ms{cap}"
        return f"lognormal:median={ms:g}ms,sigma={self.b:g}{cap}"


def parse_latency(raw: object) -> Latency:
    """A :class:`Latency` from any of the accepted spellings; ``ValueError`` says what is wrong."""
    if isinstance(raw, Latency):
        return raw
    if isinstance(raw, Mapping):
        given = {str(k): v for k, v in raw.items()}
        return _build(str(given.pop("type", "fixed")), given)
    text = str(raw).strip()
    kind, sep, rest = text.partition(":")
    if not sep:
        return Latency("fixed", duration(raw))
    params: dict[str, Any] = {}
    for part in rest.split(","):
        key, eq, value = part.partition("=")
        if not eq or not key.strip():
            raise ValueError(f"{text!r}: expected name=value, got {part!r} (write {SYNTAX})")
        params[key.strip()] = value.strip()
    return _build(kind.strip().lower(), params)


def _build(kind: str, params: dict[str, Any]) -> Latency:
    if kind not in _PARAMETERS:
        raise ValueError(f"unknown latency distribution {kind!r} (write {SYNTAX})")
    required, optional = _PARAMETERS[kind]
    missing = [name for name in required if name not in params]
    unknown = [name for name in params if name not in required + optional]
    if missing or unknown:
        wanted = ", ".join(required + tuple(f"[{name}]" for name in optional))
        problem = "missing " + ", ".join(missing) if missing else "unknown " + ", ".join(unknown)
        raise ValueError(f"{kind} latency: {problem} (it takes {wanted})")
    cap = duration(params["max"]) if "max" in optional and "max" in params else MAX_DELAY_S
    if kind == "fixed":
        return Latency("fixed", duration(params["value"]))
    if kind == "uniform":
        low, high = duration(params["min"]), duration(params["max"])
        if high < low:
            raise ValueError(
                f"uniform latency: max ({params['max']}) is below min ({params['min']})"
            )
        return Latency("uniform", low, high)
    if kind == "normal":
        return Latency("normal", duration(params["mean"]), duration(params["stddev"]), cap)
    sigma = _number(params["sigma"], "sigma")
    if sigma > 5:
        raise ValueError(f"lognormal latency: sigma={sigma:g} is too wide (at most 5)")
    return Latency("lognormal", duration(params["median"]), sigma, cap)


def _number(raw: object, name: str) -> float:
    try:
        value = float(str(raw))
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name}={raw!r} must be a non-negative number")
    return value
