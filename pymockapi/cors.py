"""CORS: answer preflights and echo the caller's origin (on by default, ``--no-cors``)."""

from __future__ import annotations

from collections.abc import Sequence

from pymockapi.exchange import HttpRequest, HttpResponse

_EXPOSED = (
    "Location, Deprecation, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
    "RateLimit-Reset, X-PyMockAPI-Violations, X-PyMockAPI-Chaos"
)


def is_preflight(request: HttpRequest) -> bool:
    return (
        request.method == "OPTIONS"
        and request.header("origin") is not None
        and request.header("access-control-request-method") is not None
    )


def preflight(request: HttpRequest, methods: Sequence[str]) -> HttpResponse:
    response = HttpResponse(status=204)
    allow = ", ".join(methods) if methods else "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"
    response.add_headers(_origin_headers(request))
    response.add_headers(
        [
            ("access-control-allow-methods", allow),
            ("access-control-max-age", "600"),
        ]
    )
    requested = request.header("access-control-request-headers")
    if requested:
        response.add_headers([("access-control-allow-headers", requested)])
    return response


def decorate(request: HttpRequest, response: HttpResponse) -> None:
    """Add the CORS headers of a simple (non-preflight) response."""
    if request.header("origin") is None:
        return
    response.add_headers(_origin_headers(request))
    response.add_headers([("access-control-expose-headers", _EXPOSED)])


def _origin_headers(request: HttpRequest) -> list[tuple[str, str]]:
    origin = request.header("origin") or "*"
    return [
        ("access-control-allow-origin", origin),
        ("access-control-allow-credentials", "true"),
        ("vary", "Origin"),
    ]
