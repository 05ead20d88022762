"""Which OpenAPI version a document is written in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymockapi.errors import PyMockApiError
from pymockapi.model import OpenApiVersion


def detect_version(root: Mapping[str, Any], file: str) -> OpenApiVersion:
    """``swagger: "2.0"``, ``openapi: 3.0.x`` or ``openapi: 3.1.x``; anything else is refused."""
    if "openapi" in root:
        found = str(root["openapi"]).strip()
        for prefix, version in (
            ("3.0", OpenApiVersion.OPENAPI_3_0),
            ("3.1", OpenApiVersion.OPENAPI_3_1),
        ):
            if found == prefix or found.startswith(prefix + "."):
                return version
        raise PyMockApiError.unsupported_version(file, f"openapi: {found!r}")
    if "swagger" in root:
        found = str(root["swagger"]).strip()
        if found in ("2.0", "2"):
            return OpenApiVersion.SWAGGER_2_0
        raise PyMockApiError.unsupported_version(file, f"swagger: {found!r}")
    raise PyMockApiError.unsupported_version(file, "no 'openapi' or 'swagger' field at the top")
