"""A document through the real importer: every body served conforms and XML is well formed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import orjson
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from pymockapi.controls import Controls
from pymockapi.model import Schema, Spec
from pymockapi.negotiation import negotiate
from pymockapi.responses import compile_response_builder, response_seed

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1.0.0"},
    "paths": {
        "/pets/{petId}": {
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "a pet",
                        "headers": {"X-Rate-Limit": {"schema": {"type": "integer", "minimum": 1}}},
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                            "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}},
                        },
                    },
                    "404": {
                        "description": "no such pet",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"},
                                "examples": {"gone": {"value": {"message": "gone"}}},
                            }
                        },
                    },
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "xml": {"name": "pet"},
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer", "format": "int64", "xml": {"attribute": True}},
                    "name": {"type": "string", "nullable": True},
                    "secret": {"type": "string", "writeOnly": True},
                    "tags": {
                        "type": "array",
                        "xml": {"wrapped": True},
                        "items": {"type": "string", "xml": {"name": "tag"}},
                    },
                },
            },
            "Error": {
                "type": "object",
                "properties": {"message": {"type": "string", "maxLength": 20}},
            },
        }
    },
}


def conforms(schema: Schema, value: Any) -> list[str]:
    registry = Registry().with_resource(
        "urn:spec", DRAFT202012.create_resource(schema.document.root)
    )
    check = Draft202012Validator({"$ref": f"urn:spec#{schema.pointer}"}, registry=registry)
    return [error.message for error in check.iter_errors(value)]


@pytest.fixture
def spec(make_spec: Callable[..., Spec]) -> Spec:
    return make_spec(DOCUMENT)


@pytest.mark.parametrize("dynamic", [True, False], ids=["dynamic", "static"])
@pytest.mark.parametrize("code", [200, 404])
def test_json_bodies_conform(spec: Spec, code: int, dynamic: bool) -> None:
    operation = spec.operations[0]
    builder = compile_response_builder(operation)
    controls = Controls(code=code, dynamic=dynamic)
    decision = negotiate(operation, accept=None, controls=controls, dynamic_default=False)
    assert decision.media is not None and decision.media.schema is not None
    for pet in map(str, range(10)):
        seed = response_seed(0, operation, code, decision.content_type, {"petId": pet})
        response = builder.build(decision, seed=seed, path_params={"petId": pet}, message="m")
        assert conforms(decision.media.schema, orjson.loads(response.body)) == []


def test_xml_body_follows_the_xml_objects(spec: Spec) -> None:
    operation = spec.operations[0]
    decision = negotiate(
        operation, accept="application/xml", controls=Controls(), dynamic_default=False
    )
    response = compile_response_builder(operation).build(decision, seed=b"s", path_params={})
    pet = ElementTree.fromstring(response.body)
    assert pet.tag == "pet"
    assert int(pet.attrib["id"]) >= 0
    assert pet.find("secret") is None  # writeOnly never appears in a response
    assert int(response.header("X-Rate-Limit") or "0") >= 1


def test_named_example_from_the_document(spec: Spec) -> None:
    operation = spec.operations[0]
    controls = Controls(code=404, example="gone")
    decision = negotiate(operation, accept=None, controls=controls, dynamic_default=True)
    response = compile_response_builder(operation).build(decision, seed=b"s", path_params={})
    assert (response.status, response.body) == (404, b'{"message":"gone"}')
