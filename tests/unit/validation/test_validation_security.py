"""Security: each scheme type, AND inside a requirement, OR between them, anonymous."""

from __future__ import annotations

import base64

import pytest

from pymockapi.model import (
    ParameterLocation,
    SecurityRequirement,
    SecurityScheme,
    SecuritySchemeType,
)
from tests.unit.validation.helpers import Doc, basic, messages, operation, param, request, validate

SCHEMES = {
    "basic": SecurityScheme("basic", SecuritySchemeType.HTTP, scheme="basic"),
    "bearer": SecurityScheme(
        "bearer", SecuritySchemeType.HTTP, scheme="bearer", bearer_format="JWT"
    ),
    "digest": SecurityScheme("digest", SecuritySchemeType.HTTP, scheme="digest"),
    "header_key": SecurityScheme(
        "header_key",
        SecuritySchemeType.API_KEY,
        location=ParameterLocation.HEADER,
        parameter_name="X-API-Key",
    ),
    "query_key": SecurityScheme(
        "query_key",
        SecuritySchemeType.API_KEY,
        location=ParameterLocation.QUERY,
        parameter_name="api_key",
    ),
    "cookie_key": SecurityScheme(
        "cookie_key",
        SecuritySchemeType.API_KEY,
        location=ParameterLocation.COOKIE,
        parameter_name="session",
    ),
    "oauth": SecurityScheme("oauth", SecuritySchemeType.OAUTH2),
    "oidc": SecurityScheme("oidc", SecuritySchemeType.OPEN_ID_CONNECT),
    "mtls": SecurityScheme("mtls", SecuritySchemeType.MUTUAL_TLS),
}


def req(*alternatives: tuple[str, ...]) -> tuple[SecurityRequirement, ...]:
    return tuple(SecurityRequirement(tuple((name, ()) for name in names)) for names in alternatives)


def check(security: tuple[SecurityRequirement, ...], query: str = "", **headers: str):  # type: ignore[no-untyped-def]
    pairs = {k.replace("_", "-"): v for k, v in headers.items()}
    return validate(
        operation(security=security), request(query=query, headers=pairs), schemes=SCHEMES
    )


@pytest.mark.parametrize(
    ("scheme", "query", "headers"),
    [
        pytest.param("basic", "", {"Authorization": basic("user:secret")}, id="basic"),
        pytest.param("basic", "", {"Authorization": basic("user:")}, id="basic-empty-password"),
        pytest.param("basic", "", {"Authorization": "basic " + base64.b64encode(b"u:p").decode()}, id="basic-lowercase"),
        pytest.param("bearer", "", {"Authorization": "Bearer abc.def.ghi"}, id="bearer"),
        pytest.param("digest", "", {"Authorization": 'Digest username="u"'}, id="other-http-scheme"),
        pytest.param("header_key", "", {"X-API-Key": "k"}, id="apikey-header"),
        pytest.param("header_key", "", {"x-api-key": "k"}, id="apikey-header-case"),
        pytest.param("query_key", "api_key=k", {}, id="apikey-query"),
        pytest.param("cookie_key", "", {"Cookie": "theme=dark; session=s1"}, id="apikey-cookie"),
        pytest.param("oauth", "", {"Authorization": "Bearer t"}, id="oauth2-as-bearer"),
        pytest.param("oidc", "", {"Authorization": "Bearer t"}, id="openid-as-bearer"),
        pytest.param("mtls", "", {}, id="mutual-tls-not-visible"),
    ],
)  # fmt: skip
def test_credentials_accepted(scheme: str, query: str, headers: dict[str, str]) -> None:
    result = check(req((scheme,)), query, **headers)
    assert (result.status, result.violations, result.www_authenticate) == (None, [], [])


@pytest.mark.parametrize(
    ("scheme", "query", "headers", "location", "message", "challenge"),
    [
        pytest.param("basic", "", {}, "header.Authorization", "missing credentials: a Basic user:password pair is required", 'Basic realm="pymockapi"', id="basic-missing"),
        pytest.param("basic", "", {"Authorization": "Basic !!!"}, "header.Authorization", "malformed credentials: Authorization must be 'Basic <base64 of user:password>'", 'Basic realm="pymockapi"', id="basic-not-base64"),
        pytest.param("basic", "", {"Authorization": basic("nocolon")}, "header.Authorization", "malformed credentials: Authorization must be 'Basic <base64 of user:password>'", 'Basic realm="pymockapi"', id="basic-no-colon"),
        pytest.param("basic", "", {"Authorization": "Bearer t"}, "header.Authorization", "missing credentials: a Basic user:password pair is required", 'Basic realm="pymockapi"', id="basic-wrong-scheme"),
        pytest.param("bearer", "", {"Authorization": "Bearer"}, "header.Authorization", "malformed credentials: Authorization must be 'Bearer <credentials>'", 'Bearer realm="pymockapi"', id="bearer-empty"),
        pytest.param("bearer", "", {}, "header.Authorization", "missing credentials: a Bearer token is required", 'Bearer realm="pymockapi"', id="bearer-missing"),
        pytest.param("header_key", "", {}, "header.X-API-Key", "missing credentials: an API key in header 'X-API-Key' is required", 'ApiKey realm="pymockapi", in="header", name="X-API-Key"', id="apikey-header-missing"),
        pytest.param("query_key", "api_key=", {}, "query.api_key", "missing credentials: an API key in query parameter 'api_key' is required", 'ApiKey realm="pymockapi", in="query", name="api_key"', id="apikey-query-empty"),
        pytest.param("cookie_key", "", {"Cookie": "other=1"}, "cookie.session", "missing credentials: an API key in cookie 'session' is required", 'ApiKey realm="pymockapi", in="cookie", name="session"', id="apikey-cookie-missing"),
        pytest.param("oauth", "", {}, "header.Authorization", "missing credentials: a Bearer token is required", 'Bearer realm="pymockapi"', id="oauth2-missing"),
    ],
)  # fmt: skip
def test_credentials_refused(
    scheme: str, query: str, headers: dict[str, str], location: str, message: str, challenge: str
) -> None:
    result = check(req((scheme,)), query, **headers)
    assert result.status == 401
    assert messages(result) == [(location, message)]
    assert result.www_authenticate == [challenge]


@pytest.mark.parametrize(
    ("alternatives", "query", "headers", "ok"),
    [
        pytest.param([("bearer",), ("header_key",)], "", {"X-API-Key": "k"}, True, id="or-second"),
        pytest.param([("bearer",), ("header_key",)], "", {"Authorization": "Bearer t"}, True, id="or-first"),
        pytest.param([("bearer",), ("header_key",)], "", {}, False, id="or-none"),
        pytest.param([("header_key", "query_key")], "api_key=q", {"X-API-Key": "k"}, True, id="and-both"),
        pytest.param([("header_key", "query_key")], "", {"X-API-Key": "k"}, False, id="and-one-missing"),
        pytest.param([("header_key", "query_key"), ("basic",)], "", {"Authorization": basic("a:b")}, True, id="and-or-basic"),
        pytest.param([("bearer",), ()], "", {}, True, id="anonymous-alternative"),
        pytest.param([], "", {}, True, id="no-security"),
        pytest.param([("undefined-scheme",)], "", {}, True, id="undefined-scheme-ignored"),
    ],
)  # fmt: skip
def test_requirements_combine(
    alternatives: list[tuple[str, ...]], query: str, headers: dict[str, str], ok: bool
) -> None:
    result = check(req(*alternatives), query, **headers)
    assert result.status == (None if ok else 401)


def test_refusal_names_every_alternative_and_challenges() -> None:
    result = check(req(("bearer",), ("header_key",), ("basic",)))
    expected = "missing credentials: one of a Bearer token, an API key in header 'X-API-Key', a Basic user:password pair is required"
    assert messages(result) == [("header.Authorization", expected), ("header.X-API-Key", expected)]
    assert result.www_authenticate == [
        'Bearer realm="pymockapi"',
        'ApiKey realm="pymockapi", in="header", name="X-API-Key"',
        'Basic realm="pymockapi"',
    ]


def test_security_failure_reports_only_security() -> None:
    doc = Doc()
    op = operation(
        param(doc, "limit", "query", {"type": "integer"}, required=True), security=req(("bearer",))
    )
    result = validate(op, request(query="limit=abc"), schemes=SCHEMES)
    assert result.status == 401
    assert [v.location for v in result.violations] == ["header.Authorization"]
