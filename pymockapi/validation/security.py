"""Check that a request carries the credentials its security requirements ask for.

Requirements are OR-ed, the schemes inside one requirement AND-ed, and an empty requirement
lets anonymous requests through. Only presence and form are checked (``Basic`` decodes to
``user:password``, ``Bearer`` carries a token); a mock verifies no secrets. ``mutualTLS``
cannot be seen at this layer and counts as satisfied, as does a scheme the spec never
defines (the importer reports it).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pymockapi.model import (
    ParameterLocation,
    SecurityRequirement,
    SecurityScheme,
    SecuritySchemeType,
)
from pymockapi.validation._findings import UNAUTHORIZED, Findings
from pymockapi.validation.parameters import RequestInputs

REALM = "pymockapi"


@dataclass(frozen=True, slots=True)
class _Check:
    """One scheme, compiled: where its credentials travel and how to recognise them."""

    location: str
    description: str
    challenge: str
    present: Callable[[RequestInputs], str | None]
    """``None`` when satisfied; else what is wrong ("missing" or a malformation)."""


def _authorization(
    scheme: str, form_ok: Callable[[str], bool], form: str
) -> Callable[[RequestInputs], str | None]:
    prefix = scheme.lower()

    def check(inputs: RequestInputs) -> str | None:
        value = inputs.request.header("authorization")
        if value is None:
            return "missing"
        given, _, credentials = value.strip().partition(" ")
        if given.lower() != prefix:
            return "missing"
        if not form_ok(credentials.strip()):
            return f"malformed credentials: Authorization must be {form!r}"
        return None

    return check


def _basic_ok(credentials: str) -> bool:
    try:
        decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return False
    return ":" in decoded


def _api_key(scheme: SecurityScheme) -> _Check:
    name = scheme.parameter_name
    location = scheme.location or ParameterLocation.HEADER
    if location is ParameterLocation.QUERY:

        def found(inputs: RequestInputs) -> bool:
            query = inputs.query
            return isinstance(query, dict) and bool(query.get(name, [""])[0])

        where = "query parameter"
    elif location is ParameterLocation.COOKIE:

        def found(inputs: RequestInputs) -> bool:
            return bool(inputs.cookies.get(name, [""])[0])

        where = "cookie"
    else:

        def found(inputs: RequestInputs) -> bool:
            return bool(inputs.request.header(name))

        where = "header"
    return _Check(
        location=f"{location.value}.{name}",
        description=f"an API key in {where} {name!r}",
        challenge=f'ApiKey realm="{REALM}", in="{location.value}", name="{name}"',
        present=lambda inputs: None if found(inputs) else "missing",
    )


def _compile_scheme(scheme: SecurityScheme) -> _Check | None:
    if scheme.type is SecuritySchemeType.API_KEY:
        return _api_key(scheme)
    if scheme.type is SecuritySchemeType.MUTUAL_TLS:
        return None
    http = scheme.scheme.lower() if scheme.type is SecuritySchemeType.HTTP else "bearer"
    if http == "basic":
        present = _authorization("basic", _basic_ok, "Basic <base64 of user:password>")
        return _Check(
            "header.Authorization", "a Basic user:password pair", f'Basic realm="{REALM}"', present
        )
    name = http.capitalize() if http else "Bearer"
    present = _authorization(http or "bearer", bool, f"{name} <credentials>")
    what = "a Bearer token" if name == "Bearer" else f"an Authorization header of scheme {name}"
    return _Check("header.Authorization", what, f'{name} realm="{REALM}"', present)


class CompiledSecurity:
    """The security requirements of one operation."""

    def __init__(
        self, requirements: tuple[SecurityRequirement, ...], schemes: Mapping[str, SecurityScheme]
    ) -> None:
        self._alternatives: list[list[_Check]] = []
        self.anonymous = not requirements
        for requirement in requirements:
            checks = [
                check
                for name, _scopes in requirement.schemes
                if name in schemes and (check := _compile_scheme(schemes[name])) is not None
            ]
            if not checks:
                self.anonymous = True
            self._alternatives.append(checks)
        every = [check for checks in self._alternatives for check in checks]
        self.challenges = list(dict.fromkeys(check.challenge for check in every))
        wanted = list(dict.fromkeys(check.description for check in every))
        self._wanted = wanted[0] if len(wanted) == 1 else "one of " + ", ".join(wanted)

    def check(self, inputs: RequestInputs, findings: Findings) -> list[str]:
        """Record what is missing and return the challenges; nothing when satisfied."""
        if self.anonymous:
            return []
        failures: dict[str, str] = {}
        for checks in self._alternatives:
            problems = [(check, check.present(inputs)) for check in checks]
            if all(problem is None for _, problem in problems):
                return []
            for check, problem in problems:
                if problem is not None:
                    failures.setdefault(check.location, problem)
        for location, problem in failures.items():
            message = (
                problem
                if problem != "missing"
                else f"missing credentials: {self._wanted} is required"
            )
            findings.add(location, message, UNAUTHORIZED)
        return self.challenges
