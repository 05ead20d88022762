"""Request and response views: readOnly is not required in requests, writeOnly not in responses."""

from __future__ import annotations

from collections.abc import Callable

from pymockapi.model import Direction, Spec
from tests.conftest import openapi

MakeSpec = Callable[..., Spec]

USER = {
    "type": "object",
    "required": ["id", "name", "password", "audit"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string"},
        "password": {"type": "string", "writeOnly": True},
        "audit": {"$ref": "#/components/schemas/Audit"},
        "nested": {
            "type": "object",
            "required": ["etag", "note"],
            "properties": {
                "etag": {"type": "string", "readOnly": True},
                "note": {"type": "string"},
            },
        },
    },
}
USER_REF = {"$ref": "#/components/schemas/User"}


def user_spec(make_spec: MakeSpec) -> Spec:
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": USER_REF}}}}
    body = {"content": {"application/json": {"schema": USER_REF}}}
    paths = {"/users": {"post": {"requestBody": body, "responses": ok}}}
    schemas = {"User": USER, "Audit": {"type": "object", "readOnly": True}}
    return make_spec(openapi(paths, components={"schemas": schemas}))


def test_read_only_properties_are_not_required_in_requests(make_spec: MakeSpec) -> None:
    spec = user_spec(make_spec)
    body = spec.operations[0].request_body
    assert body is not None and body.content[0].schema is not None
    schema = body.content[0].schema

    user = schema.document.resolve("/components/schemas/User")
    assert schema.document.direction is Direction.REQUEST
    assert user["required"] == ["name", "password"]
    assert user["properties"]["nested"]["required"] == ["note"]


def test_write_only_properties_are_not_required_in_responses(make_spec: MakeSpec) -> None:
    spec = user_spec(make_spec)
    schema = spec.operations[0].responses[0].content[0].schema
    assert schema is not None

    user = schema.document.resolve("/components/schemas/User")
    assert schema.document is spec.response_document
    assert user["required"] == ["id", "name", "audit"]
    assert user["properties"]["nested"]["required"] == ["etag", "note"]


def test_both_views_keep_the_same_pointers(make_spec: MakeSpec) -> None:
    spec = user_spec(make_spec)
    request = spec.operations[0].request_body
    assert request is not None and request.content[0].schema is not None
    response = spec.operations[0].responses[0].content[0].schema
    assert response is not None

    assert (
        request.content[0].schema.pointer
        == "/paths/~1users/post/requestBody/content/application~1json/schema"
    )
    assert request.content[0].schema.node == response.node == USER_REF
    for view in (spec.request_document, spec.response_document):
        assert view.resolve("/components/schemas/Audit") == {"type": "object", "readOnly": True}
        assert view.resolve("/components/schemas/User/properties/name") == {"type": "string"}
