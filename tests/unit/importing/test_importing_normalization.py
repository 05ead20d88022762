"""Schemas of every OpenAPI version come out as JSON Schema 2020-12 (plus the OpenAPI vocabulary)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from openapi_schema_validator import OAS30Validator

from pymockapi.model import Schema, Spec
from tests.conftest import openapi

MakeSpec = Callable[..., Spec]


def body_schema(make_spec: MakeSpec, schema: Any, version: str, **components: Any) -> Any:
    """The normalized request body schema of a one-operation spec."""
    return request_schema(make_spec, schema, version, **components).node


def request_schema(make_spec: MakeSpec, schema: Any, version: str, **components: Any) -> Schema:
    body = {"content": {"application/json": {"schema": schema}}}
    paths = {"/x": {"post": {"requestBody": body, "responses": {"204": {"description": "none"}}}}}
    extra = {"components": {"schemas": components}} if components else {}
    spec = make_spec(openapi(paths, version=version, **extra))
    assert spec.problems == ()
    assert spec.operations[0].request_body is not None
    found = spec.operations[0].request_body.content[0].schema
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("version", "schema", "expected"),
    [
        pytest.param(
            "3.0.3",
            {"type": "string", "nullable": True},
            {"type": ["string", "null"]},
            id="3.0-nullable",
        ),
        pytest.param(
            "3.0.3",
            {"type": "string", "enum": ["a", "b"], "nullable": True},
            {"type": ["string", "null"], "enum": ["a", "b"]},
            id="3.0-nullable-enum-still-needs-null-in-the-enum",
        ),
        pytest.param(
            "3.0.3",
            {"allOf": [{"type": "string"}], "nullable": True, "description": "d"},
            {"allOf": [{"type": "string"}], "description": "d"},
            id="3.0-nullable-without-type-has-no-effect",
        ),
        pytest.param(
            "3.0.3",
            {"type": "string", "nullable": False},
            {"type": "string"},
            id="3.0-not-nullable",
        ),
        pytest.param(
            "3.1.0",
            {"type": "string", "nullable": True},
            {"type": "string", "nullable": True},
            id="3.1-nullable-is-not-a-keyword",
        ),
        pytest.param(
            "3.0.3",
            {
                "type": "number",
                "minimum": 1,
                "exclusiveMinimum": True,
                "maximum": 9,
                "exclusiveMaximum": False,
            },
            {"type": "number", "exclusiveMinimum": 1, "maximum": 9},
            id="3.0-boolean-exclusive-bounds",
        ),
        pytest.param(
            "3.1.0",
            {"type": "number", "maximum": 5, "exclusiveMaximum": True},
            {"type": "number", "exclusiveMaximum": 5},
            id="3.1-tolerates-the-3.0-boolean-form",
        ),
        pytest.param(
            "3.1.0",
            {"type": "number", "exclusiveMinimum": 1},
            {"type": "number", "exclusiveMinimum": 1},
            id="3.1-numeric-exclusive-bounds",
        ),
        pytest.param(
            "3.0.3",
            {"$ref": "#/components/schemas/S", "maxLength": 3, "description": "kept"},
            {"$ref": "#/components/schemas/S", "description": "kept"},
            id="3.0-ref-siblings-dropped",
        ),
        pytest.param(
            "3.1.0",
            {"$ref": "#/components/schemas/S", "maxLength": 3},
            {"$ref": "#/components/schemas/S", "maxLength": 3},
            id="3.1-ref-siblings-kept",
        ),
        pytest.param(
            "3.0.3",
            {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
            {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
            id="3.0-tuple-items",
        ),
        pytest.param(
            "3.1.0",
            {"type": ["string", "null"], "examples": ["a", None]},
            {"type": ["string", "null"], "examples": ["a", None]},
            id="3.1-type-array-and-examples",
        ),
        pytest.param(
            "3.0.3",
            {
                "type": "string",
                "example": "x",
                "default": "y",
                "format": "uuid",
                "xml": {"name": "n"},
            },
            {
                "type": "string",
                "example": "x",
                "default": "y",
                "format": "uuid",
                "xml": {"name": "n"},
            },
            id="openapi-vocabulary-kept",
        ),
        pytest.param(
            "3.1.0",
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": "https://x/y",
                "type": "string",
            },
            {"type": "string"},
            id="3.1-schema-and-id-dropped",
        ),
        pytest.param(
            "3.0.3",
            {"type": "object", "additionalProperties": True},
            {"type": "object", "additionalProperties": True},
            id="3.0-boolean-additional-properties",
        ),
    ],
)
def test_schemas_are_normalized_per_version(
    make_spec: MakeSpec, version: str, schema: Any, expected: Any
) -> None:
    assert body_schema(make_spec, schema, version, S={"type": "string"}) == expected


def test_nested_schemas_are_normalized_too(make_spec: MakeSpec) -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "array", "items": {"type": "integer", "nullable": True}}},
    }

    node = body_schema(make_spec, schema, "3.0.3")

    assert node["properties"]["a"]["items"] == {"type": ["integer", "null"]}


ORACLE_SCHEMAS = {
    "nullable-string": {"type": "string", "nullable": True},
    "nullable-enum": {"type": "integer", "enum": [1, 2], "nullable": True},
    "nullable-one-of": {"nullable": True, "oneOf": [{"type": "object"}, {"type": "string"}]},
    "nullable-all-of": {"nullable": True, "allOf": [{"$ref": "#/components/schemas/Pet"}]},
    "nullable-ref": {"$ref": "#/components/schemas/Pet", "nullable": True},
    "nullable-alone": {"nullable": True},
    "exclusive-minimum": {"type": "number", "minimum": 1, "exclusiveMinimum": True},
    "nullable-enum-with-null": {"type": "string", "enum": ["a", None], "nullable": True},
}
VALUES = [None, "a", 1, 2, 1.5, {}, {"id": 1}, []]


@pytest.mark.parametrize("name", ORACLE_SCHEMAS)
def test_3_0_schemas_accept_what_openapi_core_accepts(make_spec: MakeSpec, name: str) -> None:
    pet = {"type": "object", "required": ["id"]}
    schema = ORACLE_SCHEMAS[name]
    found = request_schema(make_spec, copy.deepcopy(schema), "3.0.3", Pet=pet)
    assert isinstance(found.node, dict)
    ours = jsonschema.Draft202012Validator({**found.document.root, **found.node})
    components = {"components": {"schemas": {"Pet": pet}}}
    oracle = OAS30Validator({**components, **schema})

    assert [ours.is_valid(v) for v in VALUES] == [oracle.is_valid(v) for v in VALUES]


@pytest.mark.parametrize(
    ("version", "mapping", "expected"),
    [
        pytest.param("3.0.3", {"cat": "Cat"}, {"cat": "#/components/schemas/Cat"}, id="bare-name"),
        pytest.param(
            "3.1.0",
            {"cat": "#/components/schemas/Cat"},
            {"cat": "#/components/schemas/Cat"},
            id="local-ref",
        ),
    ],
)
def test_discriminator_mappings_become_local_refs(
    make_spec: MakeSpec, version: str, mapping: dict[str, str], expected: dict[str, str]
) -> None:
    schema = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}],
        "discriminator": {"propertyName": "kind", "mapping": mapping},
    }

    node = body_schema(make_spec, schema, version, Cat={"type": "object"})

    assert node["discriminator"] == {"propertyName": "kind", "mapping": expected}


def test_discriminator_mapping_to_another_file_is_bundled(
    make_spec: MakeSpec, write_spec: Callable[..., Any]
) -> None:
    write_spec({"Cat": {"type": "object"}}, "pets.yaml")
    schema = {
        "oneOf": [{"$ref": "pets.yaml#/Cat"}],
        "discriminator": {"propertyName": "kind", "mapping": {"cat": "pets.yaml#/Cat"}},
    }

    node = body_schema(make_spec, schema, "3.0.3")

    assert node["discriminator"]["mapping"] == {"cat": node["oneOf"][0]["$ref"]}
    assert node["oneOf"][0]["$ref"] == "#/x-pymockapi-files/pets.yaml/Cat"


def test_circular_schemas_are_normalized_once(make_spec: MakeSpec) -> None:
    node = body_schema(
        make_spec,
        {"$ref": "#/components/schemas/Node"},
        "3.0.3",
        Node={
            "type": "object",
            "nullable": True,
            "properties": {"next": {"$ref": "#/components/schemas/Node"}},
        },
    )

    assert node == {"$ref": "#/components/schemas/Node"}


@pytest.mark.parametrize(
    ("version", "usable"),
    [
        pytest.param("3.1.0", True, id="3.1-allows-them"),
        pytest.param("3.0.3", False, id="3.0-does-not"),
    ],
)
def test_boolean_schemas(make_spec: MakeSpec, version: str, usable: bool) -> None:
    schema = {"type": "object", "properties": {"anything": True, "nothing": False}}
    body = {"content": {"application/json": {"schema": schema}}}
    paths = {"/x": {"post": {"requestBody": body, "responses": {"204": {"description": "none"}}}}}

    spec = make_spec(openapi(paths, version=version))

    assert len(spec.operations) == (1 if usable else 0)
    assert [p.message for p in spec.problems] == (
        []
        if usable
        else [
            "operation POST /x skipped: a schema must be an object (boolean schemas need OpenAPI 3.1)"
        ]
    )
