"""Serve recorded answers: as a responder inside the mock engine, or as a bare ASGI app."""

from __future__ import annotations

from pymockapi.engine import MockEngine, RequestContext
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.features import Feature
from pymockapi.har import REDACTED, RecordedExchange
from pymockapi.problems import problem
from pymockapi.proxy.forward import forwardable
from pymockapi.replay.matching import RecordingIndex

SOURCE_HEADER = "X-PyMockAPI-Source"
_NOT_REPLAYED = frozenset({"date", "server"})
"""The server of the moment says these (and CORS, for the caller's origin), not the recording."""


def _ours(name: str) -> bool:
    return name in _NOT_REPLAYED or name.startswith("access-control-")


def recorded_response(exchange: RecordedExchange) -> HttpResponse:
    """The recorded answer, without framing headers or values that were redacted."""
    headers = [
        (k, v)
        for k, v in forwardable(exchange.response_headers, response=True)
        if v != REDACTED and not _ours(k.lower())
    ]
    response = HttpResponse(exchange.status, headers, exchange.response_body)
    response.set_header(SOURCE_HEADER, "replay")
    return response


def unmatched(index: RecordingIndex, request: HttpRequest) -> HttpResponse:
    nearest = index.nearest(request)
    return problem(
        404,
        "no-recording",
        f"No recorded exchange matches {request.method} {request.path}"
        + (f"?{request.query_string}" if request.query_string else "")
        + ".",
        extra={"nearest": nearest} if nearest else None,
    )


class ReplayResponder:
    """Answers from the recording before the spec's own response (which is the fallback)."""

    name = "replay"

    def __init__(self, index: RecordingIndex) -> None:
        self.index = index

    def respond(self, context: RequestContext) -> HttpResponse | None:
        exchange = self.index.match(context.request)
        return recorded_response(exchange) if exchange is not None else None


def replay_feature(index: RecordingIndex) -> Feature:
    """Plug a recording into the mock: recorded answers first, the spec's mock otherwise."""
    responder = ReplayResponder(index)

    def factory(_engine: MockEngine) -> ReplayResponder:
        return responder

    return Feature(
        name="replay",
        responders=[factory],
        info={"exchanges": len(index.exchanges)},
    )
