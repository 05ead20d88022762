"""The token bucket: bursts, refill, per-key buckets and the headers a client reads."""

from __future__ import annotations

from pymockapi.chaos.ratelimit import Limiter, client_key, parse_rate_limit
from pymockapi.exchange import HttpRequest


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_admitted_then_the_bucket_refills_at_the_rate() -> None:
    clock = Clock()
    limiter = Limiter(clock)
    limit = parse_rate_limit("10/s,burst=3")
    admitted = [limiter.take("*", limit, "a").allowed for _ in range(5)]
    assert admitted == [True, True, True, False, False]
    clock.now += 0.1  # one token
    assert limiter.take("*", limit, "a").allowed
    assert not limiter.take("*", limit, "a").allowed
    clock.now += 10  # never more than the burst
    assert [limiter.take("*", limit, "a").allowed for _ in range(4)] == [True, True, True, False]


def test_each_client_key_and_scope_has_its_own_bucket() -> None:
    limiter = Limiter(Clock())
    limit = parse_rate_limit("1/min")
    assert limiter.take("*", limit, "alice").allowed
    assert not limiter.take("*", limit, "alice").allowed
    assert limiter.take("*", limit, "bob").allowed
    assert limiter.take("getPet", limit, "alice").allowed


def test_headers_say_the_limit_what_is_left_and_when_to_retry() -> None:
    clock = Clock()
    limiter = Limiter(clock)
    limit = parse_rate_limit("2/s")
    first = limiter.take("*", limit, "a")
    assert dict(first.headers()) == {
        "RateLimit-Limit": "2",
        "RateLimit-Remaining": "1",
        "RateLimit-Reset": "1",
    }
    limiter.take("*", limit, "a")
    refused = limiter.take("*", limit, "a")
    assert not refused.allowed
    assert dict(refused.headers()) == {
        "RateLimit-Limit": "2",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "1",
        "Retry-After": "1",
    }
    slow = parse_rate_limit("1/min")
    limiter.take("*", slow, "b")
    assert dict(limiter.take("*", slow, "b").headers())["Retry-After"] == "60"


def test_client_keys() -> None:
    request = HttpRequest(
        "GET",
        "/",
        headers=[("x-api-key", "k1"), ("x-pymockapi-session", "s1")],
        client="10.0.0.1",
    )
    assert client_key(request, "ip") == "10.0.0.1"
    assert client_key(request, "session") == "s1"
    assert client_key(request, "header:x-api-key") == "k1"
    assert client_key(HttpRequest("GET", "/"), "session") == "default"
