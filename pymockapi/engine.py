"""The mock pipeline: compile a spec once, then turn each request into a response.

    match route -> read controls -> validate -> negotiate -> build response -> decorate

Every stage is its own module; this one only wires them and records what happened in a
:class:`ServeEvent` (one event per request, handed to the log and, later, the journal).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from pymockapi import cors
from pymockapi.config import EngineConfig, ValidationMode
from pymockapi.controls import Controls, parse_controls
from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.generation import GenerationError
from pymockapi.model import MISSING, Operation, Spec
from pymockapi.negotiation import Decision, NegotiationError, negotiate, negotiate_error
from pymockapi.problems import VIOLATIONS_HEADER, problem, summarize, violations_header
from pymockapi.responses import ResponseBuilder, compile_response_builder
from pymockapi.routing import Match, Router
from pymockapi.seeds import derive_seed
from pymockapi.validation import RequestValidator, ValidatedRequest, compile_request_validator

log = logging.getLogger("pymockapi")

_DECISIONS_KEPT = 4096


@functools.lru_cache(maxsize=8192)
def _seed_of(
    seed: str, operation: str, status: int, content_type: str, params: tuple[tuple[str, str], ...]
) -> bytes:
    """The seed of one response (hashlib over stable inputs), memoized: it is pure."""
    return derive_seed(seed, operation, status, content_type, *params)


# Which documented responses stand for a failed request, most specific first.
_ERROR_RESPONSES: dict[int, tuple[int, ...]] = {
    400: (400, 422),
    401: (401,),
    413: (413, 400),
    415: (415, 400),
    422: (422, 400),
}


SESSION_HEADER = "x-pymockapi-session"
SCENARIO_HEADER = "x-pymockapi-scenario"
DEFAULT_SESSION = "default"


@dataclass(slots=True)
class ServeEvent:
    """What happened to one request, recorded once (WireMock's ServeEvent)."""

    request: HttpRequest
    response: HttpResponse
    operation: Operation | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)
    decision: Decision | None = None
    session: str = DEFAULT_SESSION
    scenario: str | None = None
    source: str = "mock"
    """Who answered: ``mock`` (the spec), ``problem``, or a responder's name."""
    chaos: list[str] = field(default_factory=list)
    """Delays and faults injected into this exchange, as shown in ``X-PyMockAPI-Chaos``."""
    directives: dict[str, Any] = field(default_factory=dict)
    """What a responder asks of delivery (e.g. a scenario rule's ``chaos`` section)."""
    started: float = 0.0
    duration: float = 0.0
    replayable: bool = False
    """The same request would get the same answer from this engine, and answering it changed
    nothing and logged nothing: delivery may answer a repeat from memory."""


@dataclass(slots=True)
class CompiledOperation:
    operation: Operation
    validator: RequestValidator
    builder: ResponseBuilder


@dataclass(slots=True)
class RequestContext:
    """What a responder sees: the validated request, and how to answer within the contract."""

    request: HttpRequest
    operation: Operation
    path_params: dict[str, str]
    controls: Controls
    validated: ValidatedRequest | None
    session: str
    scenario: str | None
    engine: MockEngine
    directives: dict[str, Any] = field(default_factory=dict)
    """Set by a responder for the delivery stage (copied into the ServeEvent)."""

    def decide(
        self, status: int | None = None, *, example: str | None = None, dynamic: bool | None = None
    ) -> Decision:
        """The spec's decision for this request, as if the client had sent these controls."""
        controls = self.controls
        if status is not None or example is not None or dynamic is not None:
            controls = replace(
                controls,
                code=status if status is not None else controls.code,
                example=example if example is not None else controls.example,
                dynamic=dynamic if dynamic is not None else controls.dynamic,
            )
        return self.engine.negotiate(self.operation, self.request.header("accept"), controls)

    def render(
        self, decision: Decision, *, value: Any = MISSING, message: str | None = None
    ) -> HttpResponse:
        """Serialize ``value`` (or the decision's example or generated body) as the spec says."""
        return self.engine.build(self, decision, value=value, message=message)

    def generate(self, decision: Decision) -> Any:
        """The body value the spec would serve for ``decision`` (example or generated)."""
        return self.engine.body_value(self, decision)


class Responder(Protocol):
    """A stage that may answer before the spec's own response (scenarios, stateful CRUD)."""

    name: str

    def respond(self, context: RequestContext) -> HttpResponse | None: ...


ResponderFactory = Callable[["MockEngine"], Responder]


class MockEngine:
    """Everything compiled for one spec; swapped whole on reload."""

    def __init__(
        self,
        spec: Spec,
        config: EngineConfig | None = None,
        responders: Sequence[ResponderFactory] = (),
    ) -> None:
        self.spec = spec
        self.config = config or EngineConfig()
        self.router = Router(spec.operations, spec.servers)
        self._operations = {id(operation): operation for operation in spec.operations}
        self._compiled: dict[int, CompiledOperation] = {}
        self._decisions: dict[tuple[int, str | None, Controls], Decision] = {}
        self.responders: tuple[Responder, ...] = tuple(factory(self) for factory in responders)

    def _compiled_for(self, operation: Operation) -> CompiledOperation:
        """The operation's validator and builder, compiled on its first request.

        Compiling finds no spec problem (the import did), so deferring it changes no answer;
        it only spares a large document (GitHub's, about 1,000 operations) compiling every
        operation before the first request is served.
        """
        compiled = self._compiled.get(id(operation))
        if compiled is None:
            operation = self._operations[id(operation)]  # KeyError: not this spec's
            compiled = self._compiled[id(operation)] = CompiledOperation(
                operation,
                compile_request_validator(operation, self.spec.security_schemes),
                compile_response_builder(operation, self.config.locale),
            )
        return compiled

    def handle(self, request: HttpRequest, *, forced_status: int | None = None) -> ServeEvent:
        """Answer one request. ``forced_status`` (injected faults) replaces the chosen status."""
        started = time.perf_counter()
        event = ServeEvent(
            request=request,
            response=HttpResponse(status=500),
            session=request.header(SESSION_HEADER) or DEFAULT_SESSION,
            scenario=request.header(SCENARIO_HEADER),
            started=started,
            # The answer depends on the request alone unless the pipeline says otherwise
            # (a responder, which may keep state, was asked; a warning was logged).
            replayable=forced_status is None,
        )
        try:
            event.response = self._pipeline(request, event, forced_status)
        except Exception:  # the server answers, whatever broke; the log says what
            log.exception("internal error while answering %s %s", request.method, request.path)
            event.replayable = False
            event.response = problem(500, "internal", "PyMockAPI failed to build this response.")
        if self.config.cors and not cors.is_preflight(request):
            cors.decorate(request, event.response)
        event.duration = time.perf_counter() - started
        return event

    def _pipeline(
        self, request: HttpRequest, event: ServeEvent, forced_status: int | None
    ) -> HttpResponse:
        if self.config.cors and cors.is_preflight(request):
            found = self.router.match(
                request.header("access-control-request-method") or "GET", request.path
            )
            methods: Sequence[str] = found.allowed or (
                (found.operation.method,) if found.operation else ()
            )
            event.source = "cors"
            return cors.preflight(request, methods)

        found = self.router.match(request.method, request.path)
        if found.match is not Match.FULL:
            event.source = "problem"
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
        compiled = self._compiled_for(found.operation)
        event.operation = compiled.operation
        event.path_params = found.path_params

        controls, request, control_violations = parse_controls(request)
        if control_violations:
            event.violations = list(control_violations)
            return problem(400, "bad-control", summarize(control_violations), control_violations)

        warn: list[Violation] = []
        validated: ValidatedRequest | None = None
        if self.config.validation is not ValidationMode.OFF:
            validated = compiled.validator.validate(request, found.path_params)
            if validated.violations:
                event.violations = list(validated.violations)
                if self.config.validation is ValidationMode.ENFORCE and validated.status:
                    event.source = "problem"
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
                event.replayable = False
                log.warning("%s %s: %s", request.method, request.path, summarize(warn))

        context = RequestContext(
            request=request,
            operation=compiled.operation,
            path_params=found.path_params,
            controls=replace(controls, code=forced_status) if forced_status else controls,
            validated=validated,
            session=event.session,
            scenario=event.scenario,
            engine=self,
        )
        answer: HttpResponse | None = None
        if forced_status is None and self.responders:
            event.replayable = False
            for responder in self.responders:
                answer = responder.respond(context)
                if answer is not None:
                    event.source = responder.name
                    event.directives = context.directives
                    break
        if answer is None:
            try:
                decision = context.decide()
            except NegotiationError as error:
                if forced_status is not None:
                    return problem(forced_status, "injected-fault", "A fault was injected.")
                event.source = "problem"
                return problem(error.status, "negotiation", str(error))
            event.decision = decision
            answer = self.build(context, decision)
        if warn:
            answer.set_header(VIOLATIONS_HEADER, violations_header(warn))
        if compiled.operation.deprecated:
            answer.set_header("Deprecation", "true")
        return answer

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
            context = RequestContext(
                request, compiled.operation, path_params, controls, None, "", None, self
            )
            response = self.build(context, decision, message=detail)
            if response.status == decision.status:
                return response
        kind = {401: "unauthorized", 415: "unsupported-media-type", 413: "too-large"}.get(
            status, "validation"
        )
        return problem(status, kind, detail, violations)

    def negotiate(self, operation: Operation, accept: str | None, controls: Controls) -> Decision:
        """``negotiation.negotiate``, memoized: a decision depends only on these inputs."""
        key = (id(operation), accept, controls)
        found = self._decisions.get(key)
        if found is None:
            found = negotiate(
                operation, accept=accept, controls=controls, dynamic_default=self.config.dynamic
            )
            if len(self._decisions) >= _DECISIONS_KEPT:
                self._decisions.clear()
            self._decisions[key] = found
        return found

    def _seed(self, context: RequestContext, decision: Decision) -> bytes:
        return _seed_of(
            context.controls.seed if context.controls.seed is not None else self.config.seed,
            context.operation.key,
            decision.status,
            decision.content_type or "",
            tuple(sorted(context.path_params.items())),
        )

    def build(
        self,
        context: RequestContext,
        decision: Decision,
        *,
        value: Any = MISSING,
        message: str | None = None,
    ) -> HttpResponse:
        builder = self._compiled_for(context.operation).builder
        try:
            return builder.build(
                decision,
                seed=self._seed(context, decision),
                path_params=context.path_params,
                head=context.request.method == "HEAD",
                message=message,
                value=value,
            )
        except GenerationError as error:
            return problem(
                500,
                "unsatisfiable-schema",
                f"The spec's schema for this response cannot be satisfied: {error}",
            )

    def body_value(self, context: RequestContext, decision: Decision) -> Any:
        builder = self._compiled_for(context.operation).builder
        return builder.value(
            decision, seed=self._seed(context, decision), path_params=context.path_params
        )
