"""The validator on model objects built by the real importer from an OpenAPI 3.0 document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pymockapi.exchange import HttpRequest
from pymockapi.model import Spec
from pymockapi.validation import ValidatedRequest, compile_request_validator
from tests.conftest import openapi

PATHS = {
    "/pets/{petId}": {
        "put": {
            "security": [{"key": []}, {}],
            "parameters": [
                {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
                {"name": "limit", "in": "query",
                 "schema": {"type": "integer", "nullable": True, "minimum": 0, "exclusiveMinimum": True}},
                {"name": "tags", "in": "query", "explode": False, "schema": {"type": "array", "items": {"type": "string"}}},
            ],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
            "responses": {"200": {"description": "ok"}},
        }
    }
}  # fmt: skip
COMPONENTS = {
    "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
    "schemas": {
        "Pet": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "integer", "readOnly": True},
                "name": {"type": "string", "nullable": True},
                "kids": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
            },
        }
    },
}


@pytest.fixture
def put_pet(make_spec: Callable[..., Spec]) -> Callable[[str, bytes], ValidatedRequest]:
    spec = make_spec(openapi(PATHS, components=COMPONENTS))
    validator = compile_request_validator(spec.operations[0], spec.security_schemes)

    def send(query: str, body: bytes) -> ValidatedRequest:
        headers = [("content-type", "application/json")]
        return validator.validate(
            HttpRequest("PUT", "/pets/3", query, headers, body), {"petId": "3"}
        )

    return send


@pytest.mark.parametrize(
    ("query", "body", "expected"),
    [
        pytest.param("limit=1&tags=a,b", b'{"name": null}', [], id="nullable-and-readonly-not-required"),
        pytest.param("limit=0", b'{"name": "x"}', [("query.limit", "must be > 0 (got 0)")], id="boolean-exclusive-minimum"),
        pytest.param("", b'{"name": "x", "kids": [{"name": 3}]}', [("body.kids[0].name", "must be a string or null (got 3)")], id="recursive-ref"),
        pytest.param("", b'{"id": 1}', [("body", "'name' is required")], id="required"),
    ],
)  # fmt: skip
def test_imported_operation(
    put_pet: Callable[[str, bytes], ValidatedRequest], query: str, body: bytes, expected: Any
) -> None:
    result = put_pet(query, body)
    assert [(v.location, v.message) for v in result.violations] == expected
    assert result.path == {"petId": 3}
