"""Security schemes as the validator sees them."""

from __future__ import annotations

from collections.abc import Callable

from pymockapi.model import ParameterLocation, SecurityScheme, SecuritySchemeType, Spec
from tests.conftest import openapi

MakeSpec = Callable[..., Spec]


def test_security_schemes_are_imported_and_broken_ones_reported(make_spec: MakeSpec) -> None:
    schemes = {
        "basic": {"type": "http", "scheme": "Basic"},
        "jwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
        "key": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        "oauth": {
            "type": "oauth2",
            "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {}}},
        },
        "odd": {"type": "magic"},
    }

    spec = make_spec(openapi({}, components={"securitySchemes": schemes}))

    assert dict(spec.security_schemes) == {
        "basic": SecurityScheme("basic", SecuritySchemeType.HTTP, scheme="basic"),
        "jwt": SecurityScheme("jwt", SecuritySchemeType.HTTP, scheme="bearer", bearer_format="JWT"),
        "key": SecurityScheme(
            "key",
            SecuritySchemeType.API_KEY,
            location=ParameterLocation.HEADER,
            parameter_name="X-API-Key",
        ),
        "oauth": SecurityScheme("oauth", SecuritySchemeType.OAUTH2),
    }
    [problem] = spec.problems
    assert problem.pointer == "/components/securitySchemes/odd"
    assert "unknown type 'magic'" in problem.message
