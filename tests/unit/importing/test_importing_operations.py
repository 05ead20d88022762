"""The route model: operations with their parameters, bodies, responses and examples."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pymockapi.model import MISSING, Example, Operation, ParameterLocation, Spec
from tests.conftest import openapi

MakeSpec = Callable[..., Spec]
NO_CONTENT = {"204": {"description": "none"}}


def only_operation(make_spec: MakeSpec, operation: dict[str, Any], **extra: Any) -> Operation:
    spec = make_spec(openapi({"/things/{id}": {"get": operation}}, **extra))
    assert spec.problems == ()
    [found] = spec.operations
    return found


def test_operations_carry_method_path_pointer_and_metadata(make_spec: MakeSpec) -> None:
    document = openapi(
        {
            "/pets": {
                "summary": "from the path item",
                "get": {"operationId": "listPets", "tags": ["pets"], "responses": NO_CONTENT},
                "post": {
                    "summary": "own",
                    "deprecated": True,
                    "x-pymockapi-chaos": {"rate": 1},
                    "responses": NO_CONTENT,
                },
            },
            "/pets/{petId}": {"delete": {"responses": NO_CONTENT}},
            "x-ignored": {},
        }
    )

    listing, creating, deleting = make_spec(document).operations

    assert (listing.method, listing.path, listing.pointer) == ("GET", "/pets", "/paths/~1pets/get")
    assert (listing.operation_id, listing.tags, listing.summary) == (
        "listPets",
        ("pets",),
        "from the path item",
    )
    assert (creating.summary, creating.deprecated) == ("own", True)
    assert creating.extensions == {"x-pymockapi-chaos": {"rate": 1}}
    assert deleting.pointer == "/paths/~1pets~1{petId}/delete"
    assert deleting.key == "DELETE /pets/{petId}"


def test_operation_parameters_override_path_parameters_with_the_same_name_and_location(
    make_spec: MakeSpec,
) -> None:
    document = openapi(
        {
            "/things/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    {"name": "q", "in": "header", "schema": {"type": "string"}},
                ],
                "get": {
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": NO_CONTENT,
                },
            }
        }
    )

    [operation] = make_spec(document).operations

    found = {(p.name, p.location): p for p in operation.parameters}
    assert list(found) == [
        ("id", ParameterLocation.PATH),
        ("q", ParameterLocation.QUERY),
        ("q", ParameterLocation.HEADER),
    ]
    query = found[("q", ParameterLocation.QUERY)]
    assert query.required is True
    assert query.schema is not None and query.schema.node == {"type": "integer"}
    assert query.schema.pointer == "/paths/~1things~1{id}/get/parameters/0/schema"


@pytest.mark.parametrize(
    ("parameter", "style", "explode", "required"),
    [
        pytest.param({"in": "query"}, "form", True, False, id="query"),
        pytest.param({"in": "cookie"}, "form", True, False, id="cookie"),
        pytest.param({"in": "path"}, "simple", False, True, id="path-always-required"),
        pytest.param({"in": "header"}, "simple", False, False, id="header"),
        pytest.param(
            {"in": "query", "style": "deepObject"}, "deepObject", False, False, id="explicit-style"
        ),
        pytest.param(
            {"in": "query", "explode": False}, "form", False, False, id="explicit-explode"
        ),
    ],
)
def test_parameter_style_defaults(
    make_spec: MakeSpec, parameter: dict[str, Any], style: str, explode: bool, required: bool
) -> None:
    operation = only_operation(
        make_spec,
        {
            "parameters": [{"name": "id", "schema": {"type": "string"}, **parameter}],
            "responses": NO_CONTENT,
        },
    )

    [found] = operation.parameters
    assert (found.style, found.explode, found.required) == (style, explode, required)


def test_a_parameter_described_with_content_takes_its_schema_from_the_media_type(
    make_spec: MakeSpec,
) -> None:
    content = {"application/json": {"schema": {"type": "object"}, "example": {"a": 1}}}
    operation = only_operation(
        make_spec,
        {
            "parameters": [{"name": "filter", "in": "query", "content": content}],
            "responses": NO_CONTENT,
        },
    )

    [found] = operation.parameters
    assert found.content_type == "application/json"
    assert found.schema is not None and found.schema.node == {"type": "object"}
    assert found.example == {"a": 1}


def test_referenced_parameters_and_ignored_headers(make_spec: MakeSpec) -> None:
    operation = only_operation(
        make_spec,
        {
            "parameters": [
                {"$ref": "#/components/parameters/Limit"},
                {"name": "Accept", "in": "header", "schema": {"type": "string"}},
            ],
            "responses": NO_CONTENT,
        },
        components={
            "parameters": {
                "Limit": {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer"},
                    "example": 5,
                }
            }
        },
    )

    [limit] = operation.parameters
    assert (limit.name, limit.example) == ("limit", 5)
    assert (
        limit.schema is not None and limit.schema.pointer == "/components/parameters/Limit/schema"
    )


def test_request_bodies_keep_every_media_type_with_examples_and_encoding(
    make_spec: MakeSpec,
) -> None:
    body = {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object"},
                "examples": {"one": {"summary": "s", "value": {"a": 1}}},
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                },
                "encoding": {
                    "file": {
                        "contentType": "image/png",
                        "headers": {"X-Part": {"schema": {"type": "string"}}},
                    }
                },
            },
        },
    }

    operation = only_operation(
        make_spec,
        {"requestBody": {"$ref": "#/components/requestBodies/B"}, "responses": NO_CONTENT},
        components={"requestBodies": {"B": body}},
    )

    assert operation.request_body is not None
    json_body, form = operation.request_body.content
    assert operation.request_body.required is True
    assert json_body.examples == (Example("one", {"a": 1}, "s"),)
    assert json_body.example is MISSING
    assert form.encoding["file"].content_type == "image/png"
    assert [h.name for h in form.encoding["file"].headers] == ["X-Part"]


def test_responses_keep_document_order_status_strings_headers_and_examples(
    make_spec: MakeSpec,
) -> None:
    text = """
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /x:
    get:
      responses:
        200:
          description: ok
          headers:
            Content-Type: {schema: {type: string}}
            X-Rate-Limit: {required: true, schema: {type: integer}, example: 10}
          content:
            application/json:
              schema: {type: object}
              examples:
                fromRef: {$ref: "#/components/examples/Pet"}
                external: {externalValue: "https://example.com/pet.json"}
        4xx: {description: client error}
        default: {description: other}
        x-note: not a response
components:
  examples:
    Pet: {summary: a pet, value: {name: Rex}}
"""
    [operation] = make_spec(text).operations

    assert [r.status for r in operation.responses] == ["200", "4XX", "default"]
    ok = operation.responses[0]
    assert [(h.name, h.required, h.example) for h in ok.headers] == [("X-Rate-Limit", True, 10)]
    assert ok.content[0].examples == (Example("fromRef", {"name": "Rex"}, "a pet"),)
    assert operation.responses[1].covers(404)


@pytest.mark.parametrize(
    ("document_security", "operation_security", "expected"),
    [
        pytest.param(None, None, (), id="none"),
        pytest.param([{"key": []}], None, ((("key", ()),),), id="global"),
        pytest.param(
            [{"key": []}],
            [{"oauth": ["read", "write"]}],
            ((("oauth", ("read", "write")),),),
            id="operation-overrides",
        ),
        pytest.param([{"key": []}], [], (), id="empty-list-means-none"),
        pytest.param([{"key": []}], [{}], ((),), id="anonymous-allowed"),
        pytest.param(
            None,
            [{"key": [], "basic": []}, {"oauth": []}],
            ((("key", ()), ("basic", ())), (("oauth", ()),)),
            id="and-or",
        ),
    ],
)
def test_security_requirements(
    make_spec: MakeSpec, document_security: Any, operation_security: Any, expected: Any
) -> None:
    operation: dict[str, Any] = {"responses": NO_CONTENT}
    if operation_security is not None:
        operation["security"] = operation_security
    extra = {"security": document_security} if document_security is not None else {}
    spec = make_spec(openapi({"/x": {"get": operation}}, **extra))

    assert tuple(r.schemes for r in spec.operations[0].security) == expected
