"""Swagger 2.0 documents are served like the OpenAPI 3.0 document they describe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pymockapi.model import (
    MISSING,
    OpenApiVersion,
    Operation,
    ParameterLocation,
    SecurityScheme,
    SecuritySchemeType,
    Spec,
)

MakeSpec = Callable[..., Spec]


def swagger(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"swagger": "2.0", "info": {"title": "Old", "version": "1"}, "paths": paths, **extra}


def one(make_spec: MakeSpec, operation: dict[str, Any], **extra: Any) -> Operation:
    spec = make_spec(swagger({"/pets": {"post": operation}}, **extra))
    assert spec.version is OpenApiVersion.SWAGGER_2_0
    assert spec.problems == ()
    [found] = spec.operations
    return found


PET = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "tag": {"type": "string", "x-nullable": True},
    },
}


def test_definitions_body_and_produces_become_components_request_body_and_content(
    make_spec: MakeSpec,
) -> None:
    operation = one(
        make_spec,
        {
            "consumes": ["application/json", "application/xml"],
            "parameters": [
                {
                    "name": "pet",
                    "in": "body",
                    "required": True,
                    "schema": {"$ref": "#/definitions/Pet"},
                }
            ],
            "responses": {
                "201": {
                    "description": "created",
                    "schema": {"$ref": "#/definitions/Pet"},
                    "headers": {"X-Id": {"type": "integer"}},
                    "examples": {"application/json": {"id": 1}},
                },
                "default": {"$ref": "#/responses/Error"},
            },
        },
        produces=["application/json", "text/plain"],
        definitions={"Pet": PET},
        responses={"Error": {"description": "error", "schema": {"type": "string"}}},
    )

    body = operation.request_body
    assert body is not None and body.required
    assert [m.media_type for m in body.content] == ["application/json", "application/xml"]
    assert body.content[0].schema is not None
    assert body.content[0].schema.node == {"$ref": "#/components/schemas/Pet"}
    created, error = operation.responses
    assert [m.media_type for m in created.content] == ["application/json", "text/plain"]
    assert created.content[0].example == {"id": 1}
    assert created.content[1].example is MISSING
    assert [(h.name, h.schema.node if h.schema else None) for h in created.headers] == [
        ("X-Id", {"type": "integer"})
    ]
    assert error.status == "default" and error.description == "error"
    assert error.content[0].schema is not None and error.content[0].schema.node == {
        "type": "string"
    }


def test_x_nullable_and_read_only_work_in_definitions(make_spec: MakeSpec) -> None:
    parameters = [{"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}}]
    operation = one(
        make_spec,
        {"parameters": parameters, "responses": {"204": {"description": "ok"}}},
        definitions={"Pet": PET},
    )

    assert operation.request_body is not None
    schema = operation.request_body.content[0].schema
    assert schema is not None
    pet = schema.document.resolve("/components/schemas/Pet")
    assert pet["properties"]["tag"] == {"type": ["string", "null"]}
    assert "required" not in pet  # id is readOnly, so not required in requests


def test_form_data_becomes_a_multipart_body_with_binary_files(make_spec: MakeSpec) -> None:
    parameters = [
        {"name": "file", "in": "formData", "type": "file", "required": True},
        {"name": "note", "in": "formData", "type": "string", "description": "d"},
    ]

    operation = one(
        make_spec,
        {
            "consumes": ["multipart/form-data"],
            "parameters": parameters,
            "responses": {"204": {"description": "ok"}},
        },
    )

    assert operation.request_body is not None
    [media] = operation.request_body.content
    assert media.media_type == "multipart/form-data"
    assert media.schema is not None
    assert media.schema.node == {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "note": {"type": "string", "description": "d"},
        },
        "required": ["file"],
    }
    assert operation.request_body.required


def test_form_data_without_files_defaults_to_urlencoded(make_spec: MakeSpec) -> None:
    parameters = [{"name": "name", "in": "formData", "type": "string"}]

    operation = one(
        make_spec, {"parameters": parameters, "responses": {"204": {"description": "ok"}}}
    )

    assert operation.request_body is not None
    assert [m.media_type for m in operation.request_body.content] == [
        "application/x-www-form-urlencoded"
    ]


@pytest.mark.parametrize(
    ("location", "collection_format", "style", "explode"),
    [
        pytest.param("query", None, "form", False, id="query-default-csv"),
        pytest.param("query", "csv", "form", False, id="query-csv"),
        pytest.param("query", "multi", "form", True, id="query-multi"),
        pytest.param("query", "ssv", "spaceDelimited", False, id="query-ssv"),
        pytest.param("query", "pipes", "pipeDelimited", False, id="query-pipes"),
        pytest.param("header", "csv", "simple", False, id="header-csv"),
        pytest.param("path", "csv", "simple", False, id="path-csv"),
    ],
)
def test_collection_formats_become_styles(
    make_spec: MakeSpec, location: str, collection_format: str | None, style: str, explode: bool
) -> None:
    parameter: dict[str, Any] = {
        "name": "ids",
        "in": location,
        "required": location == "path",
        "type": "array",
        "items": {"type": "integer"},
    }
    if collection_format:
        parameter["collectionFormat"] = collection_format

    [found] = one(
        make_spec, {"parameters": [parameter], "responses": {"204": {"description": "ok"}}}
    ).parameters

    assert found.location is ParameterLocation(location)
    assert (found.style, found.explode) == (style, explode)
    assert found.schema is not None
    assert found.schema.node == {"type": "array", "items": {"type": "integer"}}


def test_shared_parameters_are_resolved_and_path_level_ones_merged(make_spec: MakeSpec) -> None:
    spec = make_spec(
        swagger(
            {
                "/pets/{id}": {
                    "parameters": [{"$ref": "#/parameters/Id"}],
                    "get": {
                        "parameters": [
                            {
                                "name": "limit",
                                "in": "query",
                                "type": "integer",
                                "minimum": 1,
                                "exclusiveMinimum": True,
                            }
                        ],
                        "responses": {"200": {"description": "ok"}},
                    },
                }
            },
            parameters={"Id": {"name": "id", "in": "path", "required": True, "type": "string"}},
        )
    )

    [operation] = spec.operations
    assert [(p.name, p.location.value) for p in operation.parameters] == [
        ("id", "path"),
        ("limit", "query"),
    ]
    limit = operation.parameters[1].schema
    assert limit is not None and limit.node == {"type": "integer", "exclusiveMinimum": 1}


def test_host_base_path_and_schemes_become_servers(make_spec: MakeSpec) -> None:
    spec = make_spec(
        swagger({}, host="api.example.com", basePath="/v2/", schemes=["https", "http"])
    )

    assert [(s.url, s.base_path) for s in spec.servers] == [
        ("https://api.example.com/v2/", "/v2"),
        ("http://api.example.com/v2/", "/v2"),
    ]


def test_a_base_path_without_host_is_a_relative_server(make_spec: MakeSpec) -> None:
    spec = make_spec(swagger({}, basePath="/api"))

    assert [(s.url, s.base_path) for s in spec.servers] == [("/api", "/api")]


def test_security_definitions_become_security_schemes(make_spec: MakeSpec) -> None:
    definitions = {
        "basic": {"type": "basic"},
        "key": {"type": "apiKey", "name": "api_key", "in": "query"},
        "oauth": {
            "type": "oauth2",
            "flow": "accessCode",
            "authorizationUrl": "https://a",
            "tokenUrl": "https://t",
            "scopes": {"read": "r"},
        },
    }
    operation = {"security": [{"oauth": ["read"]}], "responses": {"200": {"description": "ok"}}}

    spec = make_spec(
        swagger(
            {"/x": {"get": operation}}, securityDefinitions=definitions, security=[{"basic": []}]
        )
    )

    assert dict(spec.security_schemes) == {
        "basic": SecurityScheme("basic", SecuritySchemeType.HTTP, scheme="basic"),
        "key": SecurityScheme(
            "key",
            SecuritySchemeType.API_KEY,
            location=ParameterLocation.QUERY,
            parameter_name="api_key",
        ),
        "oauth": SecurityScheme("oauth", SecuritySchemeType.OAUTH2),
    }
    assert spec.operations[0].security[0].schemes == (("oauth", ("read",)),)


def test_string_discriminators_and_file_responses(make_spec: MakeSpec) -> None:
    definitions = {
        "Pet": {
            "type": "object",
            "discriminator": "petType",
            "properties": {"petType": {"type": "string"}},
        }
    }
    responses = {
        "200": {"description": "a file", "schema": {"type": "file"}},
        "201": {"description": "pet", "schema": {"$ref": "#/definitions/Pet"}},
    }

    spec = make_spec(
        swagger(
            {"/x": {"get": {"produces": ["application/octet-stream"], "responses": responses}}},
            definitions=definitions,
        )
    )

    file_response = spec.operations[0].responses[0].content[0]
    assert file_response.media_type == "application/octet-stream"
    assert file_response.schema is not None
    assert file_response.schema.node == {"type": "string", "format": "binary"}
    pet = spec.response_document.resolve("/components/schemas/Pet")
    assert pet["discriminator"] == {"propertyName": "petType"}


def test_problems_point_into_the_swagger_file_as_written(make_spec: MakeSpec) -> None:
    responses = {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}
    definitions = {"Pet": {"type": "object", "properties": {"name": {"type": "text"}}}}

    spec = make_spec(swagger({"/pets": {"get": {"responses": responses}}}, definitions=definitions))

    assert spec.operations == ()
    [problem] = spec.problems
    assert problem.pointer == "/definitions/Pet/properties/name"
    assert problem.message == "operation GET /pets skipped: invalid schema type 'text'"
