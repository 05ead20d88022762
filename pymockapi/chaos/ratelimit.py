"""Rate limits: a token bucket per client key, answered with 429 and ``RateLimit-*`` headers.

``10/s`` allows bursts of 10 and refills one token every 100 ms; ``600/min,burst=20`` refills
ten per second with bursts of 20. The headers follow draft-ietf-httpapi-ratelimit-headers in
its widely deployed three-field form: ``RateLimit-Limit``, ``RateLimit-Remaining`` and
``RateLimit-Reset`` (seconds until the bucket is full again), plus ``Retry-After`` on a 429.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from pymockapi.chaos._units import request_rate
from pymockapi.engine import SESSION_HEADER
from pymockapi.exchange import HttpRequest

MAX_BUCKETS = 10_000
"""Client keys remembered at once; the least recently seen one is forgotten first."""
KEY_SYNTAX = "ip, session or header:NAME (e.g. header:X-API-Key)"


@dataclass(frozen=True, slots=True)
class RateLimit:
    count: float
    period: float
    burst: float

    @property
    def per_second(self) -> float:
        return self.count / self.period

    def describe(self) -> str:
        unit = {1.0: "s", 60.0: "min", 3600.0: "h"}.get(self.period, f"{self.period:g}s")
        burst = f",burst={self.burst:g}" if self.burst != self.count else ""
        return f"{self.count:g}/{unit}{burst}"


def parse_rate_limit(raw: object) -> RateLimit:
    """From ``10/s``, ``600/min`` or ``600/min,burst=20``."""
    text = str(raw).strip()
    rate, _, extra = text.partition(",")
    count, period = request_rate(rate)
    burst = count
    if extra:
        key, eq, value = extra.partition("=")
        if key.strip() != "burst" or not eq:
            raise ValueError(f"{text!r}: only burst=N may follow the rate")
        try:
            burst = float(value)
        except ValueError:
            raise ValueError(f"{text!r}: burst must be a number") from None
        if burst < 1:
            raise ValueError(f"{text!r}: burst must be at least 1")
    return RateLimit(count, period, max(burst, 1.0))


def parse_rate_key(raw: object) -> str:
    """``ip``, ``session`` or ``header:<lower-case name>``."""
    text = str(raw).strip()
    if text.lower() in ("ip", "session"):
        return text.lower()
    kind, sep, name = text.partition(":")
    if kind.lower() == "header" and sep and name.strip():
        return "header:" + name.strip().lower()
    raise ValueError(f"unknown rate-limit key {raw!r} (use {KEY_SYNTAX})")


def client_key(request: HttpRequest, key: str) -> str:
    if key == "ip":
        return request.client
    if key == "session":
        return request.header(SESSION_HEADER) or "default"
    return request.header(key[7:]) or ""


@dataclass(slots=True)
class Admission:
    allowed: bool
    limit: RateLimit
    remaining: int
    reset_s: int
    retry_after_s: int

    def headers(self) -> list[tuple[str, str]]:
        pairs = [
            ("RateLimit-Limit", f"{self.limit.burst:g}"),
            ("RateLimit-Remaining", str(self.remaining)),
            ("RateLimit-Reset", str(self.reset_s)),
        ]
        if not self.allowed:
            pairs.append(("Retry-After", str(self.retry_after_s)))
        return pairs


class Limiter:
    """Token buckets by ``(scope, client key)``; thread-safe, bounded in size."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: OrderedDict[tuple[str, RateLimit, str], tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()

    def take(self, scope: str, limit: RateLimit, key: str) -> Admission:
        now = self._clock()
        name = (scope, limit, key)
        with self._lock:
            tokens, stamp = self._buckets.pop(name, (limit.burst, now))
            tokens = min(limit.burst, tokens + (now - stamp) * limit.per_second)
            allowed = tokens >= 1.0 - 1e-9  # float error must not refuse a due token
            if allowed:
                tokens = max(0.0, tokens - 1.0)
            self._buckets[name] = (tokens, now)
            while len(self._buckets) > MAX_BUCKETS:
                self._buckets.popitem(last=False)
        rate = limit.per_second
        return Admission(
            allowed=allowed,
            limit=limit,
            remaining=int(tokens),
            reset_s=math.ceil((limit.burst - tokens) / rate),
            retry_after_s=max(1, math.ceil((1.0 - tokens) / rate)),
        )
