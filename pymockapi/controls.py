"""What the client asks the mock for: ``Prefer`` header or ``__`` query parameters.

Compatible with Stoplight Prism: ``Prefer: code=404, example=not-found, dynamic=true``
(``;`` separates preferences too, as some Prism clients send). Only when no ``Prefer`` header
is present are the query parameters ``__code``, ``__example``, ``__dynamic``, ``__seed``,
``__delay`` and ``__fault`` read. Those query parameters are always removed from the request
handed on, so request validation never sees them.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest

QUERY_PREFIX = "__"


@dataclass(frozen=True, slots=True)
class Controls:
    """The client's requests to the mock; ``None`` means "not asked for"."""

    code: int | None = None
    example: str | None = None
    dynamic: bool | None = None
    seed: str | None = None
    delay_ms: float | None = None
    """Parsed only; the chaos stage acts on it."""
    fault: str | None = None
    """Parsed only (e.g. ``reset``); the chaos stage acts on it."""


def _code(raw: str) -> int:
    if not re.fullmatch(r"[1-5][0-9][0-9]", raw):
        raise ValueError("must be an HTTP status code between 100 and 599")
    return int(raw)


def _dynamic(raw: str) -> bool:
    lowered = raw.lower()
    if lowered not in ("true", "false"):
        raise ValueError("must be true or false")
    return lowered == "true"


def _text(raw: str) -> str:
    if not raw:
        raise ValueError("must not be empty")
    return raw


def _delay(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError("must be a number of milliseconds") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError("must be a non-negative number of milliseconds")
    return value


_PARSERS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "code": ("code", _code),
    "example": ("example", _text),
    "dynamic": ("dynamic", _dynamic),
    "seed": ("seed", _text),
    "delay": ("delay_ms", _delay),
    "fault": ("fault", _text),
}
_QUERY_NAMES = frozenset(QUERY_PREFIX + name for name in _PARSERS)
_NONE = Controls()


def parse_controls(request: HttpRequest) -> tuple[Controls, HttpRequest, list[Violation]]:
    """The controls, the request without ``__`` control parameters, and malformed controls."""
    query = request.query_string
    plain = "__" not in query and "%5f" not in query.lower()
    if plain and not any(k == "prefer" for k, _ in request.headers):
        return _NONE, request, []  # the common case: the client asks for nothing
    stripped = _strip_query(request)
    prefer = [value for value in request.header_values("prefer") if value.strip()]
    if prefer:
        pairs = _prefer_pairs(prefer)
        controls, violations = _build(pairs, lambda key: "header.Prefer")
    else:
        pairs = [
            (name.removeprefix(QUERY_PREFIX), value)
            for name, value in request.query
            if name in _QUERY_NAMES
        ]
        controls, violations = _build(pairs, lambda key: f"query.{QUERY_PREFIX}{key}")
    return controls, stripped, violations


def _prefer_pairs(headers: Iterable[str]) -> list[tuple[str, str]]:
    """``key=value`` preferences in order; unknown ones (``return=minimal``) are skipped."""
    pairs: list[tuple[str, str]] = []
    for header in headers:
        for token in re.split(r"[,;]", header):
            key, sep, value = token.partition("=")
            key = key.strip().lower()
            if key in _PARSERS:
                pairs.append((key, value.strip().strip('"') if sep else ""))
    return pairs


def _build(
    pairs: list[tuple[str, str]], location: Callable[[str], str]
) -> tuple[Controls, list[Violation]]:
    values: dict[str, Any] = {}
    violations: list[Violation] = []
    seen: set[str] = set()
    for key, raw in pairs:
        if key in seen:  # RFC 7240: only the first instance of a preference counts
            continue
        seen.add(key)
        field, parse = _PARSERS[key]
        try:
            values[field] = parse(raw)
        except ValueError as error:
            violations.append(Violation(location(key), f"{key}={raw!r} {error}"))
    return Controls(**values), violations


def _strip_query(request: HttpRequest) -> HttpRequest:
    raw = request.query_string
    if QUERY_PREFIX not in raw and "%5f" not in raw.lower():
        return request
    kept = [
        part for part in raw.split("&") if unquote_plus(part.partition("=")[0]) not in _QUERY_NAMES
    ]
    return dataclasses.replace(request, query_string="&".join(kept))
