"""A spec compiled for checking real traffic: which operation, and what breaks the contract."""

from __future__ import annotations

from dataclasses import dataclass, field

from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.model import Operation, Spec
from pymockapi.proxy.responses import validate_response
from pymockapi.routing import Match, Router
from pymockapi.validation import RequestValidator, compile_request_validator


@dataclass(slots=True)
class RequestVerdict:
    operation: Operation | None
    path_params: dict[str, str] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)
    status: int | None = None
    """The status the mock would answer an invalid request with (422, 400, 401, 404, ...)."""


class Contract:
    """Route and validate requests and responses of ``spec``; compiled once."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.router = Router(spec.operations, spec.servers)
        self._validators: dict[int, RequestValidator] = {
            id(op): compile_request_validator(op, spec.security_schemes) for op in spec.operations
        }

    def check_request(self, request: HttpRequest) -> RequestVerdict:
        found = self.router.match(request.method, request.path)
        if found.match is Match.NONE:
            message = f"no operation of the spec matches {request.method} {request.path}"
            return RequestVerdict(None, violations=[Violation("request", message)], status=404)
        if found.match is Match.PARTIAL:
            allowed = ", ".join(found.allowed)
            message = f"{request.path} does not accept {request.method} (it accepts {allowed})"
            return RequestVerdict(None, violations=[Violation("request", message)], status=405)
        assert found.operation is not None
        validated = self._validators[id(found.operation)].validate(request, found.path_params)
        return RequestVerdict(
            found.operation, found.path_params, list(validated.violations), validated.status
        )

    def check_response(
        self, operation: Operation, request: HttpRequest, response: HttpResponse
    ) -> list[Violation]:
        return validate_response(
            operation,
            response.status,
            response.headers,
            response.body,
            head=request.method == "HEAD",
        )
