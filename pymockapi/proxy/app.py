"""The proxy as an ASGI app: forward to the upstream, check the contract, record, report.

One app serves ``record`` (store every exchange) and ``proxy`` (check every exchange
against the spec, optionally refusing what breaks it). With a spec, the upstream's
answer is read whole (bounded) so its violations can go into a header or turn it into a
502; without one, the answer streams through as it arrives.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from pymockapi.asgi import (
    Receive,
    Scope,
    Send,
    encode_headers,
    header_pairs,
    raw_target,
    read_body,
    send_response,
)
from pymockapi.engine import ServeEvent
from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.features import Feature
from pymockapi.har import HarWriter, RecordedExchange
from pymockapi.problems import VIOLATIONS_HEADER, problem, summarize, violations_header
from pymockapi.proxy._admin import PREFIX, build_admin
from pymockapi.proxy._lifespan import run_lifespan
from pymockapi.proxy._outcomes import (
    Failure,
    invalid_response,
    read_bounded,
    recorded,
    rejected,
    served,
    upstream_failed,
)
from pymockapi.proxy.contract import Contract, RequestVerdict
from pymockapi.proxy.forward import Forwarder, UpstreamError, UpstreamResponse
from pymockapi.proxy.safety import refuse_target

log = logging.getLogger("pymockapi.proxy")

Recorder = Callable[[RecordedExchange], None]
Listener = Callable[[ServeEvent], None]


class ProxyApp:
    def __init__(
        self,
        forwarder: Forwarder,
        *,
        contract: Contract | None = None,
        errors: bool = False,
        recorder: Recorder | None = None,
        listeners: Sequence[Listener] = (),
        features: Sequence[Feature] = (),
        max_request_bytes: int = 10 * 1024 * 1024,
        max_response_bytes: int = 50 * 1024 * 1024,
        admin_token: str | None = None,
        admin_closed: bool = False,
    ) -> None:
        self.forwarder = forwarder
        self.contract = contract
        self.errors = errors
        self.recorder = recorder
        self.writer: HarWriter | None = None
        """The recording file, when recording (closed at shutdown)."""
        self.features = tuple(features)
        self.listeners = [*listeners, *(li for f in self.features for li in f.listeners)]
        self.max_request_bytes = max_request_bytes
        self.max_response_bytes = max_response_bytes
        self._admin = build_admin(
            self.features, self._health, token=admin_token, closed=admin_closed
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await run_lifespan(self.features, receive, send, self._close)
            return
        if scope["type"] != "http":
            return
        if scope["path"] == PREFIX or scope["path"].startswith(PREFIX + "/"):
            await self._admin(scope, receive, send)
            return
        started, wall = time.perf_counter(), datetime.now(UTC)
        request = HttpRequest(
            method=scope["method"].upper(),
            path=urlsplit(raw_target(scope)).path or "/",
            query_string=scope.get("query_string", b"").decode("latin-1"),
            headers=header_pairs(scope),
            client=(scope.get("client") or ("", 0))[0],
        )
        server = scope.get("server")  # where we listen; never the client's Host header
        refusal = refuse_target(
            request.method,
            raw_target(scope),
            self.forwarder.upstream,
            f"{server[0]}:{server[1]}" if server else None,
        )
        if refusal is not None:
            log.warning("refused %s %s: %s", request.method, raw_target(scope)[:200], refusal)
            await self._answer(send, request, problem(403, "proxy-refused", refusal), started)
            return
        body = await read_body(receive, self.max_request_bytes)
        if body is None:
            limit = self.max_request_bytes
            response = problem(413, "too-large", f"The request body exceeds {limit} bytes.")
            await self._answer(send, request, response, started)
            return
        request.body = body
        verdict = self.contract.check_request(request) if self.contract else None
        if verdict and verdict.violations:
            log.warning("%s %s: %s", request.method, request.path, summarize(verdict.violations))
        if self.errors and verdict and verdict.status is not None:
            await self._answer(send, request, rejected(verdict), started, verdict)
            return
        try:
            upstream = await self.forwarder.open(request)
        except UpstreamError as error:
            log.error("%s %s: %s", request.method, request.path, error)
            await self._answer(send, request, upstream_failed(error), started, verdict)
            return
        try:
            if self.contract is None:
                received = await self._stream(send, upstream)
                delivered = received
            else:
                received, delivered = await self._checked(request, upstream, verdict)
                await send_response(send, delivered)
        finally:
            await upstream.close()
        self._record(request, received, wall, started, verdict)
        self._emit(request, delivered, started, verdict)

    def _health(self) -> dict[str, Any]:
        return {
            "mode": "proxy" if self.contract else "record",
            "upstream": self.forwarder.upstream,
            "spec": self.contract.spec.source if self.contract else None,
            "errors": self.errors,
            "recorded": self.writer.count if self.writer else None,
        }

    async def _close(self) -> None:
        await self.forwarder.aclose()
        if self.writer is not None:
            self.writer.close()

    async def _stream(self, send: Send, upstream: UpstreamResponse) -> HttpResponse:
        """Pass the answer on as it arrives; keep what fits for the recording."""
        headers = encode_headers(upstream.headers)
        await send({"type": "http.response.start", "status": upstream.status, "headers": headers})
        kept: list[bytes] = []
        size = 0
        try:
            async for chunk in upstream.chunks():
                size += len(chunk)
                if size <= self.max_response_bytes:
                    kept.append(chunk)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        except UpstreamError as error:
            log.error("%s", error)
        await send({"type": "http.response.body", "body": b""})
        if size > self.max_response_bytes:
            log.warning("response of %d bytes recorded truncated", size)
        return HttpResponse(upstream.status, list(upstream.headers), b"".join(kept))

    async def _checked(
        self, request: HttpRequest, upstream: UpstreamResponse, verdict: RequestVerdict | None
    ) -> tuple[HttpResponse, HttpResponse]:
        """(what the upstream said, what the client gets) after the response check."""
        received = await read_bounded(upstream, self.max_response_bytes)
        if isinstance(received, Failure):
            return received.response, received.response
        found: list[Violation] = []
        if self.contract and verdict and verdict.operation:
            found = self.contract.check_response(verdict.operation, request, received)
        if found:
            log.warning(
                "%s %s answered %d: %s",
                request.method,
                request.path,
                received.status,
                summarize(found),
            )
        if verdict:
            verdict.violations.extend(found)
        if self.errors and found:
            delivered = invalid_response(received, found)
        else:
            delivered = HttpResponse(received.status, list(received.headers), received.body)
        if verdict and verdict.violations:
            delivered.set_header(VIOLATIONS_HEADER, violations_header(verdict.violations))
        return received, delivered

    async def _answer(
        self,
        send: Send,
        request: HttpRequest,
        response: HttpResponse,
        started: float,
        verdict: RequestVerdict | None = None,
    ) -> None:
        if verdict and verdict.violations:
            response.set_header(VIOLATIONS_HEADER, violations_header(verdict.violations))
        await send_response(send, response)
        self._emit(request, response, started, verdict)

    def _record(
        self,
        request: HttpRequest,
        response: HttpResponse,
        wall: datetime,
        started: float,
        verdict: RequestVerdict | None,
    ) -> None:
        if self.recorder is None:
            return
        url = self.forwarder.url_for(request)
        try:
            self.recorder(recorded(request, url, response, wall, started, verdict))
        except Exception:  # a full disk must not break the traffic going through
            log.exception("recording an exchange failed")

    def _emit(
        self,
        request: HttpRequest,
        response: HttpResponse,
        started: float,
        verdict: RequestVerdict | None,
    ) -> None:
        event = served(request, response, started, verdict)
        for listener in self.listeners:
            try:
                listener(event)
            except Exception:  # a broken listener must never break the proxy
                log.exception("request listener failed")
