"""Delivery with chaos: rate limit, draw a plan, answer (maybe forced), then deliver it.

    rate limit -> draw plan -> engine.handle(forced_status) -> rule's chaos -> wait -> send/break

When no chaos is declared and the client asks for none, this is ``engine.handle`` and a plain
send, plus one lookup in the answer's directives.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import orjson

from pymockapi import cors
from pymockapi.asgi import Send
from pymockapi.chaos.controller import ChaosController
from pymockapi.chaos.delivery import carry_out, send_whole
from pymockapi.chaos.plan import ClientChaos, Plan, client_chaos, draw, redraw
from pymockapi.chaos.ratelimit import Admission, client_key
from pymockapi.chaos.settings import ChaosSettings, ChaosSettingsError, parse_settings
from pymockapi.chaos.transport import connection_of
from pymockapi.controls import parse_controls
from pymockapi.engine import MockEngine, ServeEvent
from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest
from pymockapi.model import Operation
from pymockapi.problems import problem, violations_header
from pymockapi.routing import Match

log = logging.getLogger("pymockapi.chaos")

RANDOM_BYTES = 256


def _asks(request: HttpRequest) -> bool:
    """Might the client ask for chaos (a ``Prefer`` header or a ``__`` query parameter)?"""
    query = request.query_string
    return ("__" in query or "%5f" in query.lower()) or any(
        name == "prefer" for name, _ in request.headers
    )


@dataclass(slots=True)
class _Draft:
    """What was decided before the engine answered."""

    request: HttpRequest
    engine: MockEngine
    operation: Operation | None
    settings: ChaosSettings
    client: ClientChaos
    plan: Plan
    admission: Admission | None = None


class ChaosInterceptor:
    def __init__(self, controller: ChaosController) -> None:
        self.controller = controller
        self._rules: dict[bytes, ChaosSettings | None] = {}

    def stamp(self) -> Hashable:
        """Changes whenever chaos is switched or its settings change."""
        return (self.controller.enabled, self.controller.layers.version)

    def passive(self, request: HttpRequest, engine: MockEngine) -> bool:
        """Is delivering this request a plain send, whatever the random draws?"""
        chaos = self.controller
        if not chaos.enabled:
            return True
        if chaos.layers.declared(engine):
            return False
        if not _asks(request):
            return True
        controls, _, _ = parse_controls(request)
        return controls.delay_ms is None and controls.fault is None

    async def deliver(
        self, request: HttpRequest, engine: MockEngine, scope: MutableMapping[str, Any], send: Send
    ) -> ServeEvent:
        chaos = self.controller
        if not chaos.enabled:
            event = engine.handle(request)
            await send_whole(send, event.response)
            return event
        asks = _asks(request)
        if not asks and not chaos.layers.declared(engine):
            event = engine.handle(request)
            if "chaos" not in event.directives:
                await send_whole(send, event.response)
                return event
            draft = _Draft(request, engine, event.operation, ChaosSettings(), ClientChaos(), Plan())
            return await self._finish(draft, event, scope, send)
        return await self._deliver(request, engine, scope, send, asks)

    async def _deliver(
        self,
        request: HttpRequest,
        engine: MockEngine,
        scope: MutableMapping[str, Any],
        send: Send,
        asks: bool,
    ) -> ServeEvent:
        client = ClientChaos()
        if asks:
            controls, _, _ = parse_controls(request)
            try:
                client = client_chaos(controls)
            except ValueError as error:
                return await _refuse(request, send, str(error))
        if cors.is_preflight(request):
            event = engine.handle(request)
            await send_whole(send, event.response)
            return event
        found = engine.router.match(request.method, request.path)
        operation = found.operation if found.match is Match.FULL else None
        settings, rate_scope = self.controller.layers.settings_for(engine, operation)
        admission: Admission | None = None
        if settings.rate_limit is not None and settings.rate_limit.count:
            key = client_key(request, settings.rate_limit_key or "ip")
            admission = self.controller.limiter.take(rate_scope, settings.rate_limit, key)
        plan = self.controller.drawing(lambda rng: draw(settings, client, operation, rng))
        if admission is not None and not admission.allowed:
            plan.fault, plan.status = None, None
            plan.notes.append("rate-limit=429")
            event = engine.handle(request, forced_status=429)
        else:
            event = engine.handle(request, forced_status=plan.status)
        draft = _Draft(request, engine, operation, settings, client, plan, admission)
        return await self._finish(draft, event, scope, send)

    async def _finish(
        self, draft: _Draft, event: ServeEvent, scope: MutableMapping[str, Any], send: Send
    ) -> ServeEvent:
        """After the answer: the rule's chaos, the rate-limit answer, then delivery."""
        plan, admission = draft.plan, draft.admission
        limited = admission is not None and not admission.allowed
        rule = self._rule(event)
        if rule is not None and not limited:
            merged = draft.settings.overlay(rule)
            plan = self.controller.drawing(
                lambda rng: redraw(plan, merged, rule, draft.client, draft.operation, rng)
            )
            if plan.status is not None:
                forced = draft.engine.handle(draft.request, forced_status=plan.status)
                event.response, event.decision = forced.response, forced.decision
        data = b""
        if plan.fault is not None and plan.fault.kind == "random":
            data = self.controller.drawing(lambda rng: rng.randbytes(RANDOM_BYTES)) + b"\r\n\r\n"
        if admission is not None:
            if limited and not (draft.operation and _documents_429(event)):
                event.response = problem(
                    429,
                    "rate-limited",
                    f"Rate limit of {admission.limit.describe()} exceeded; retry in "
                    f"{admission.retry_after_s} s.",
                )
            event.response.add_headers(admission.headers())
        return await carry_out(
            event, plan, connection_of(scope), send, data, self.controller.stalls
        )

    def _rule(self, event: ServeEvent) -> ChaosSettings | None:
        """A scenario rule's ``chaos:`` (parsed once per distinct section)."""
        section = event.directives.get("chaos")
        if not isinstance(section, Mapping):
            return None
        try:
            key = orjson.dumps(section, option=orjson.OPT_SORT_KEYS)
        except TypeError:
            key = repr(section).encode()
        if key not in self._rules:
            try:
                parsed: ChaosSettings | None = parse_settings(section, "scenario rule chaos")
            except ChaosSettingsError as error:
                log.error("ignored: %s", error)
                parsed = None
            if len(self._rules) >= 1024:
                self._rules.clear()
            self._rules[key] = parsed
        return self._rules[key]


def _documents_429(event: ServeEvent) -> bool:
    return event.decision is not None and event.decision.status == 429


async def _refuse(request: HttpRequest, send: Send, message: str) -> ServeEvent:
    where = "header.Prefer" if request.header("prefer") else "query.__fault"
    violations = [Violation(where, message)]
    response = problem(400, "bad-control", message, violations)
    response.set_header("X-PyMockAPI-Violations", violations_header(violations))
    event = ServeEvent(request=request, response=response, source="problem", violations=violations)
    await send_whole(send, response)
    return event
