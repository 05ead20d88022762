"""The mock pipeline: compile a spec once, then turn each request into a response.

    match route -> read controls -> validate -> negotiate -> build response -> decorate

Every stage is its own module; this one only wires them and records what happened in a
:class:`ServeEvent` (one event per request, handed to the log and, later, the journal).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from pymockapi import cors
from pymockapi.config import EngineConfig, ValidationMode
from pymockapi.controls import Controls, parse_controls
from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.generation import GenerationError
from pymockapi.model import Operation, Spec
from pymockapi.negotiation import Decision, NegotiationError, negotiate, negotiate_error
from pymockapi.problems import VIOLATIONS_HEADER, problem, summarize, violations_header
from pymockapi.responses import ResponseBuilder, compile_response_builder
from pymockapi.routing import Match, Router
from pymockapi.seeds import derive_seed
from pymockapi.validation import RequestValidator, compile_request_validator

log = logging.getLogger("pymockapi")

# Which documented responses stand for a failed request, most specific first.
_ERROR_RESPONSES: dict[int, tuple[int, ...]] = {
    400: (400, 422),
    401: (401,),
    413: (413, 400),
    415: (415, 400),
    422: (422, 400),
}


@dataclass(slots=True)
class ServeEvent:
    """What happened to one request, recorded once (WireMock's ServeEvent)."""

    request: HttpRequest
    response: HttpResponse
    operation: Operation | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)
    decision: Decision | None = None
    started: float = 0.0
    duration: float = 0.0


@dataclass(slots=True)
class CompiledOperation:
    operation: Operation
    validator: RequestValidator
    builder: ResponseBuilder


class MockEngine:
    """Everything compiled for one spec; swapped whole on reload."""

    def __init__(self, spec: Spec, config: EngineConfig | None = None) -> None:
        self.spec = spec
        self.config = config or EngineConfig()
        self.router = Router(spec.operations, spec.servers)
        self._compiled: dict[int, CompiledOperation] = {}
        for operation in spec.operations:
            self._compiled[id(operation)] = CompiledOperation(
                operation,
                compile_request_validator(operation, spec.security_schemes),
                compile_response_builder(operation),
            )

    def handle(self, request: HttpRequest) -> ServeEvent:
        started = time.perf_counter()
        event = ServeEvent(request=request, response=HttpResponse(status=500), started=started)
        try:
            event.response = self._pipeline(request, event)
        except Exception:  # the server answers, whatever broke; the log says what
            log.exception("internal error while answering %s %s", request.method, request.path)
            event.response = problem(500, "internal", "PyMockAPI failed to build this response.")
        if self.config.cors and not cors.is_preflight(request):
            cors.decorate(request, event.response)
        event.duration = time.perf_counter() - started
        return event

    def _pipeline(self, request: HttpRequest, event: ServeEvent) -> HttpResponse:
        if self.config.cors and cors.is_preflight(request):
            found = self.router.match(
                request.header("access-control-request-method") or "GET", request.path
            )
            methods: Sequence[str] = found.allowed or (
                (found.operation.method,) if found.operation else ()
            )
            return cors.preflight(request, methods)

        found = self.router.match(request.method, request.path)
        if found.match is Match.NONE:
            nearest = self.router.nearest(request.path)
            return problem(
                404,
                "no-route",
                f"No operation of the spec matches {request.method} {request.path}.",
                extra={"nearest": nearest} if nearest else None,
            )
        if found.match is Match.PARTIAL:
            allowed = ", ".join(found.allowed)
            return problem(
                405,
                "method-not-allowed",
                f"{request.path} does not accept {request.method}; it accepts {allowed}.",
                headers=[("allow", allowed)],
            )
        assert found.operation is not None
        compiled = self._compiled[id(found.operation)]
        event.operation = compiled.operation
        event.path_params = found.path_params

        controls, request, control_violations = parse_controls(request)
        if control_violations:
            event.violations = list(control_violations)
            return problem(400, "bad-control", summarize(control_violations), control_violations)

        warn: list[Violation] = []
        if self.config.validation is not ValidationMode.OFF:
            validated = compiled.validator.validate(request, found.path_params)
            if validated.violations:
                event.violations = list(validated.violations)
                if self.config.validation is ValidationMode.ENFORCE and validated.status:
                    response = self._reject(
                        compiled,
                        request,
                        controls,
                        found.path_params,
                        validated.status,
                        validated.violations,
                    )
                    for challenge in validated.www_authenticate:
                        response.add_headers([("www-authenticate", challenge)])
                    response.set_header(VIOLATIONS_HEADER, violations_header(validated.violations))
                    return response
                warn = list(validated.violations)
                log.warning("%s %s: %s", request.method, request.path, summarize(warn))

        try:
            decision = negotiate(
                compiled.operation,
                accept=request.header("accept"),
                controls=controls,
                dynamic_default=self.config.dynamic,
            )
        except NegotiationError as error:
            return problem(error.status, "negotiation", str(error))
        event.decision = decision
        response = self._build(compiled, request, controls, found.path_params, decision)
        if warn:
            response.set_header(VIOLATIONS_HEADER, violations_header(warn))
        if compiled.operation.deprecated:
            response.set_header("Deprecation", "true")
        return response

    def _reject(
        self,
        compiled: CompiledOperation,
        request: HttpRequest,
        controls: Controls,
        path_params: dict[str, str],
        status: int,
        violations: Sequence[Violation],
    ) -> HttpResponse:
        """The spec's own response for this failure when documented, else a problem."""
        statuses = _ERROR_RESPONSES.get(status, (status,))
        decision = negotiate_error(compiled.operation, statuses, accept=request.header("accept"))
        detail = summarize(violations)
        if decision is not None:
            try:
                return self._build(
                    compiled, request, controls, path_params, decision, message=detail
                )
            except GenerationError:
                pass
        kind = {401: "unauthorized", 415: "unsupported-media-type", 413: "too-large"}.get(
            status, "validation"
        )
        return problem(status, kind, detail, violations)

    def _build(
        self,
        compiled: CompiledOperation,
        request: HttpRequest,
        controls: Controls,
        path_params: dict[str, str],
        decision: Decision,
        message: str | None = None,
    ) -> HttpResponse:
        seed = derive_seed(
            controls.seed if controls.seed is not None else self.config.seed,
            compiled.operation.key,
            decision.status,
            decision.content_type or "",
            *sorted(path_params.items()),
        )
        try:
            return compiled.builder.build(
                decision,
                seed=seed,
                path_params=path_params,
                head=request.method == "HEAD",
                message=message,
            )
        except GenerationError as error:
            return problem(
                500,
                "unsatisfiable-schema",
                f"The spec's schema for this response cannot be satisfied: {error}",
            )
