"""openapi-core as an independent oracle for the bodies we serve."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from pymockapi.model import Spec
from tests.support.exercise import Call, server_url


@functools.lru_cache(maxsize=8)
def _openapi(path: str) -> OpenAPI:
    return OpenAPI.from_file_path(path)


def response_errors(spec: Spec, call: Call, status: int, headers: Any, body: bytes) -> list[str]:
    """openapi-core's verdict on one of our responses (empty when it conforms)."""
    origin, base = server_url(spec)
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
    content_type = headers.get("content-type", "")
    response = MockResponse(
        body,
        status_code=status,
        headers={k: v for k, v in headers.items()},
        content_type=content_type,
    )
    try:
        openapi = _openapi(str(Path(spec.source).resolve()))
        errors = list(openapi.iter_response_errors(request, response))
    except OpenAPIValidationError as error:
        # openapi-core validates the document's own defaults and examples on the way, and
        # gives up on documents that break its reading of the spec.
        raise OracleCannotJudge(str(error)) from error
    return [str(error) for error in errors]


class OracleCannotJudge(Exception):
    """openapi-core rejected the document itself (not our response)."""
