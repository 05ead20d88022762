"""Durations, byte rates and request rates as people write them: ``200ms``, ``64kB/s``, ``10/s``."""

from __future__ import annotations

import math
import re

MAX_DELAY_S = 600.0
"""No injected delay lasts longer than this (a client asking for more gets an error)."""

_DURATION = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(ms|s|m|min)?\s*")
_SECONDS = {None: 0.001, "ms": 0.001, "s": 1.0, "m": 60.0, "min": 60.0}

_BYTES = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*([A-Za-z]+)\s*(?:/\s*s)?\s*")
_BYTE_UNITS = {
    "B": 1,
    "kB": 1000,
    "KB": 1000,
    "KiB": 1024,
    "MB": 1000**2,
    "MiB": 1024**2,
    "GB": 1000**3,
    "GiB": 1024**3,
    "bit": 1 / 8,
    "kbit": 1000 / 8,
    "Mbit": 1000**2 / 8,
}

_RATE = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*/\s*([A-Za-z]+)\s*")
_PERIODS = {
    "s": 1.0,
    "sec": 1.0,
    "second": 1.0,
    "m": 60.0,
    "min": 60.0,
    "minute": 60.0,
    "h": 3600.0,
    "hour": 3600.0,
}


def duration(raw: object) -> float:
    """Seconds from ``200ms``, ``1.5s``, ``2min`` or a bare number of milliseconds."""
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a duration")
    if isinstance(raw, int | float):
        seconds = float(raw) / 1000
    else:
        match = _DURATION.fullmatch(str(raw))
        if not match:
            raise ValueError(f"{raw!r} is not a duration (write 200ms, 1.5s or 2min)")
        seconds = float(match[1]) * _SECONDS[match[2]]
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{raw!r} must be a non-negative duration")
    if seconds > MAX_DELAY_S:
        raise ValueError(f"{raw!r} is longer than the {MAX_DELAY_S:.0f}s limit")
    return seconds


def byte_rate(raw: object) -> float:
    """Bytes per second from ``64kB/s``, ``1MiB/s``, ``512B/s``, ``8kbit/s``."""
    match = _BYTES.fullmatch(str(raw))
    if not match or match[2] not in _BYTE_UNITS:
        units = ", ".join(_BYTE_UNITS)
        raise ValueError(f"{raw!r} is not a bandwidth (write 64kB/s; units: {units})")
    rate = float(match[1]) * _BYTE_UNITS[match[2]]
    if rate < 1:
        raise ValueError(f"{raw!r} is below 1 byte per second")
    return rate


def request_rate(raw: object) -> tuple[float, float]:
    """``(count, period in seconds)`` from ``10/s``, ``600/min``, ``1000/h``."""
    match = _RATE.fullmatch(str(raw))
    if not match or match[2] not in _PERIODS:
        raise ValueError(f"{raw!r} is not a rate (write 10/s, 600/min or 1000/h)")
    count = float(match[1])
    if count <= 0:
        raise ValueError(f"{raw!r} must allow at least some requests")
    return count, _PERIODS[match[2]]


def probability(raw: object) -> float:
    """A share between 0 and 1, from ``0.05`` or ``5%``."""
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a probability")
    text = str(raw).strip()
    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise ValueError(f"{raw!r} is not a probability (write 0.05 or 5%)") from None
    if not 0 <= value <= 1:
        raise ValueError(f"{raw!r} must be between 0 and 1 (or 0% and 100%)")
    return value


def milliseconds(seconds: float) -> str:
    """``212ms``; below 10 ms with one decimal (``0.4ms``)."""
    ms = seconds * 1000
    text = f"{ms:.0f}" if ms >= 10 else f"{ms:.1f}".rstrip("0").rstrip(".")
    return f"{text}ms"
