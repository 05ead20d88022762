"""The replay server: recorded answers, then the spec's mock (when given), else a 404.

With a spec, the mock app runs with the replay responder plugged in, so validation,
CORS and the admin API still apply; requests the spec does not describe are still served
from the recording. Without a spec, a small ASGI app serves the recording alone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from pymockapi import cors as cors_rules
from pymockapi.asgi import Message, Receive, Scope, Send, http_request, read_body, send_response
from pymockapi.engine import ServeEvent
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.features import Feature
from pymockapi.problems import problem
from pymockapi.proxy._admin import build_admin
from pymockapi.proxy._lifespan import run_lifespan
from pymockapi.replay.matching import RecordingIndex
from pymockapi.replay.responder import recorded_response, unmatched
from pymockapi.routing import Match
from pymockapi.server.app import ADMIN_PREFIX, MockApp

log = logging.getLogger("pymockapi.replay")


class ReplayApp:
    def __init__(
        self,
        index: RecordingIndex,
        *,
        mock: MockApp | None = None,
        features: Sequence[Feature] = (),
        max_body_bytes: int = 10 * 1024 * 1024,
        admin_token: str | None = None,
        admin_closed: bool = False,
        cors: bool = True,
    ) -> None:
        self.index = index
        self.cors = cors
        self.mock = mock
        self.features = tuple(mock.features if mock else features)
        self.listeners = [li for feature in self.features for li in feature.listeners]
        self.max_body_bytes = max_body_bytes
        self._own_admin = build_admin(
            self.features,
            lambda: {"mode": "replay", "exchanges": len(index.exchanges)},
            token=admin_token,
            closed=admin_closed,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            if self.mock is not None:
                await self.mock(scope, receive, send)
            else:
                await run_lifespan(self.features, receive, send)
            return
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
            await self._admin(scope, receive, send)
            return
        started = time.perf_counter()
        body = await read_body(receive, self.max_body_bytes)
        if body is None:
            await send_response(send, problem(413, "too-large", "The request body is too large."))
            return
        request = http_request(scope, body)
        if self.mock is not None and self._described(request):
            await self.mock(scope, _replayed(body), send)
            return
        exchange = self.index.match(request)
        if exchange is None and self.mock is not None:
            await self.mock(scope, _replayed(body), send)
            return
        if exchange is None and self.cors and cors_rules.is_preflight(request):
            response = cors_rules.preflight(request, self._methods(request.path))
        else:
            response = recorded_response(exchange) if exchange else unmatched(self.index, request)
            if self.cors:
                cors_rules.decorate(request, response)
        await send_response(send, response)
        self._emit(request, response, started, exchange is not None)

    def _methods(self, path: str) -> list[str]:
        """The methods recorded for ``path`` (a preflight's ``Allow-Methods``)."""
        found = {e.method for e in self.index.exchanges if e.path == path}
        return sorted(found)

    def _described(self, request: HttpRequest) -> bool:
        assert self.mock is not None
        found = self.mock.runtime.engine.router.match(request.method, request.path)
        return found.match is not Match.NONE

    async def _admin(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.mock is not None:
            await self.mock(scope, receive, send)
            return
        await self._own_admin(scope, receive, send)

    def _emit(
        self, request: HttpRequest, response: HttpResponse, started: float, served: bool
    ) -> None:
        event = ServeEvent(
            request=request,
            response=response,
            source="replay" if served else "problem",
            started=started,
            duration=time.perf_counter() - started,
        )
        for listener in self.listeners:
            try:
                listener(event)
            except Exception:  # a broken listener must never break serving
                log.exception("request listener failed")


def _replayed(body: bytes) -> Receive:
    """A ``receive`` that hands the already-read body to the next app."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
