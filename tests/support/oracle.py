"""openapi-core as an independent oracle for the bodies we serve."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from pymockapi.model import Operation, Spec
from tests.support.exercise import Call, server_url


@functools.lru_cache(maxsize=8)
def _openapi(path: str) -> OpenAPI:
    return OpenAPI.from_file_path(path)


def response_errors(
    spec: Spec,
    call: Call,
    status: int,
    headers: Any,
    body: bytes,
    operation: Operation | None = None,
) -> list[str]:
    """openapi-core's verdict on one of our responses (empty when it conforms).

    The request is presented at each server the operation may live under (operation,
    then document servers) until openapi-core recognises one.
    """
    candidates = [server_url(spec, operation), *_every_server(spec)]
    errors: list[str] = []
    for origin, base in candidates:
        errors = _verdict(spec, call, status, headers, body, origin, base)
        if not any(error.startswith("Server not found") for error in errors):
            return errors
    return errors


def _every_server(spec: Spec) -> list[tuple[str, str]]:
    """(origin, base path) of every server object in the document, variables substituted."""
    from urllib.parse import urlsplit

    from tests.support.exercise import _all_servers, raw_document

    found = []
    for server in _all_servers(raw_document(spec.source)):
        url = str(server.get("url", ""))
        for name, variable in (server.get("variables") or {}).items():
            url = url.replace("{" + name + "}", str(variable.get("default", "")))
        parts = urlsplit(url)
        if parts.scheme and parts.netloc:
            found.append((f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")))
        else:
            found.append(("http://localhost", parts.path.rstrip("/")))
    return found


def _verdict(
    spec: Spec, call: Call, status: int, headers: Any, body: bytes, origin: str, base: str
) -> list[str]:
    request = MockRequest(
        origin,
        call.method.lower(),
        base + call.path,
        args=dict(call.query),
        headers=call.headers,
        cookies=call.cookies,
        data=call.body,
        content_type=call.content_type or "application/json",
    )
    response = MockResponse(
        body,
        status_code=status,
        headers=dict(headers.items()),
        content_type=headers.get("content-type", ""),
    )
    try:
        openapi = _openapi(str(Path(spec.source).resolve()))
        found = list(openapi.iter_response_errors(request, response))
    except OpenAPIValidationError as error:
        # openapi-core validates the document's own defaults and examples on the way, and
        # gives up on documents that break its reading of the spec.
        raise OracleCannotJudge(str(error)) from error
    except KeyError as error:
        # openapi-core 0.23 requires `responses`, which OpenAPI 3.1 made optional.
        raise OracleCannotJudge(f"openapi-core cannot read this document: {error!r}") from error
    return [str(error) for error in found]


class OracleCannotJudge(Exception):
    """openapi-core rejected the document itself (not our response)."""
