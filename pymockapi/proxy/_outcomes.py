"""What the proxy makes of an exchange: the answers it gives itself, the recording, the event."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pymockapi.engine import ServeEvent
from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.har import RecordedExchange
from pymockapi.problems import problem, summarize
from pymockapi.proxy.contract import RequestVerdict
from pymockapi.proxy.forward import UpstreamError, UpstreamResponse

_KEPT_STATUSES = {401: "unauthorized", 404: "no-route", 405: "method-not-allowed"}
"""Invalid requests answered with the status the mock would use; the rest get 422."""


@dataclass(frozen=True, slots=True)
class Failure:
    response: HttpResponse


def upstream_failed(error: UpstreamError) -> HttpResponse:
    """504 when the upstream was too slow, 502 when it was down or broke off."""
    return problem(504 if error.kind == "timeout" else 502, f"upstream-{error.kind}", str(error))


def rejected(verdict: RequestVerdict) -> HttpResponse:
    status = verdict.status if verdict.status in _KEPT_STATUSES else 422
    detail = "The request breaks the contract, so it was not forwarded: " + summarize(
        verdict.violations
    )
    kind = _KEPT_STATUSES.get(status, "validation")
    return problem(status, kind, detail, verdict.violations)


def invalid_response(received: HttpResponse, found: Sequence[Violation]) -> HttpResponse:
    return problem(
        502,
        "invalid-response",
        f"The upstream's answer breaks the contract: {summarize(found)}",
        found,
        extra={"upstream_status": received.status},
    )


async def read_bounded(upstream: UpstreamResponse, limit: int) -> HttpResponse | Failure:
    """The whole answer, or the 502/504 problem to give instead (too large, broken off)."""
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in upstream.chunks():
            size += len(chunk)
            if size > limit:
                detail = f"The upstream's answer exceeds {limit} bytes."
                return Failure(problem(502, "upstream-too-large", detail))
            chunks.append(chunk)
    except UpstreamError as error:
        return Failure(upstream_failed(error))
    return HttpResponse(upstream.status, list(upstream.headers), b"".join(chunks))


def recorded(
    request: HttpRequest,
    url: str,
    response: HttpResponse,
    wall: datetime,
    started: float,
    verdict: RequestVerdict | None,
) -> RecordedExchange:
    operation = verdict.operation if verdict else None
    return RecordedExchange(
        method=request.method,
        url=url,
        request_headers=list(request.headers),
        request_body=request.body,
        status=response.status,
        response_headers=list(response.headers),
        response_body=response.body,
        started=wall,
        duration_ms=(time.perf_counter() - started) * 1000,
        operation=operation.key if operation else None,
        violations=list(verdict.violations) if verdict else [],
    )


def served(
    request: HttpRequest, response: HttpResponse, started: float, verdict: RequestVerdict | None
) -> ServeEvent:
    """The event listeners (the journal) see: one per request, ``source="proxy"``."""
    return ServeEvent(
        request=request,
        response=response,
        operation=verdict.operation if verdict else None,
        path_params=verdict.path_params if verdict else {},
        violations=list(verdict.violations) if verdict else [],
        source="proxy",
        started=started,
        duration=time.perf_counter() - started,
    )
