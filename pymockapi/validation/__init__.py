"""The request validation stage: parameters, body and security, checked against the spec.

Everything is compiled once per operation by :func:`compile_request_validator`; per request,
:meth:`RequestValidator.validate` returns a :class:`ValidatedRequest` holding every violation
(data, never exceptions), the status the failure calls for, and the typed values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest
from pymockapi.model import MISSING, Operation, SecurityScheme
from pymockapi.validation._findings import MALFORMED, Findings
from pymockapi.validation.bodies import CompiledBody
from pymockapi.validation.parameters import RequestInputs, compile_parameters
from pymockapi.validation.schemas import SchemaValidator, compile_schema_validator
from pymockapi.validation.security import CompiledSecurity


@dataclass(slots=True)
class ValidatedRequest:
    violations: list[Violation]
    status: int | None
    """``None`` when valid; else 401, 415, 413, 400 (malformed input) or 422 (contract)."""
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, Any] = field(default_factory=dict)
    cookies: dict[str, Any] = field(default_factory=dict)
    body: Any = MISSING
    media_type: str | None = None
    www_authenticate: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.status is None


class RequestValidator:
    """The compiled checks of one operation."""

    def __init__(
        self, operation: Operation, security_schemes: Mapping[str, SecurityScheme]
    ) -> None:
        self.operation = operation
        self._parameters = compile_parameters(operation.parameters)
        self._reads_query = any(p.location.value == "query" for p in operation.parameters)
        self._body = CompiledBody(operation.request_body)
        self._security = CompiledSecurity(operation.security, security_schemes)

    def validate(self, request: HttpRequest, path_params: Mapping[str, str]) -> ValidatedRequest:
        inputs = RequestInputs(request, path_params)
        findings = Findings()
        challenges = self._security.check(inputs, findings)
        if findings.status is not None:  # like Prism: a 401 reports only the credentials
            return ValidatedRequest(
                findings.violations, findings.status, www_authenticate=challenges
            )
        result = ValidatedRequest(findings.violations, None)
        if self._reads_query and not isinstance(query := inputs.query, dict):
            findings.add("query", query.reason, MALFORMED)
        by_location = {
            "path": result.path,
            "query": result.query,
            "header": result.headers,
            "cookie": result.cookies,
        }
        for parameter in self._parameters:
            value = parameter.check(inputs, findings)
            if value is not MISSING:
                by_location[parameter.location.value][parameter.name] = value
        result.body, result.media_type = self._body.check(request, findings)
        result.status = findings.status
        return result


def compile_request_validator(
    operation: Operation, security_schemes: Mapping[str, SecurityScheme]
) -> RequestValidator:
    """Compile the parameters, body and security of ``operation`` once."""
    return RequestValidator(operation, security_schemes)


__all__ = [
    "RequestValidator",
    "SchemaValidator",
    "ValidatedRequest",
    "compile_request_validator",
    "compile_schema_validator",
]
