"""openapi-core as an independent oracle for the bodies we serve."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

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
    openapi = _openapi(str(Path(spec.source).resolve()))
    return [str(error) for error in openapi.iter_response_errors(request, response)]
