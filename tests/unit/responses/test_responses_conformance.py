"""Every JSON body served (example, generated, with an injected message) fits its schema."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from pymockapi.controls import Controls
from pymockapi.model import Direction, MediaType, Operation, Response, Schema, SchemaDocument
from pymockapi.negotiation import negotiate
from pymockapi.responses import compile_response_builder, response_seed

ROOT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer", "minimum": 1},
                    "name": {"type": "string", "minLength": 1, "maxLength": 40},
                    "status": {"type": "string", "enum": ["available", "sold"]},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                    "description": {"type": "string", "maxLength": 10},
                },
                "example": {"id": 1, "name": "Rex", "status": "sold"},
            },
            "Tag": {"type": "object", "properties": {"label": {"type": "string"}}},
            "Problem": {
                "allOf": [{"$ref": "#/components/schemas/Base"}],
                "type": "object",
                "properties": {
                    "message": {"type": "string", "maxLength": 8},
                    "code": {"type": "integer"},
                },
                "required": ["message"],
                "additionalProperties": False,
            },
            "Base": {"type": "object"},
            "Pets": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
        }
    }
}
DOC = SchemaDocument(ROOT, Direction.RESPONSE)
REGISTRY = Registry().with_resource("urn:spec", DRAFT202012.create_resource(ROOT))


def component(name: str) -> Schema:
    return Schema(f"/components/schemas/{name}", ROOT["components"]["schemas"][name], DOC)


def validator(schema: Schema) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"urn:spec#{schema.pointer}"}, registry=REGISTRY)


OPERATION = Operation(
    "GET",
    "/pets/{id}",
    "/paths/~1pets~1{id}/get",
    responses=(
        Response("200", content=(MediaType("application/json", component("Pet")),)),
        Response("201", content=(MediaType("application/json", component("Pets")),)),
        Response("400", content=(MediaType("application/json", component("Problem")),)),
    ),
)
BUILDER = compile_response_builder(OPERATION)


@pytest.mark.parametrize("code", [200, 201, 400])
@pytest.mark.parametrize("dynamic", [True, False], ids=["dynamic", "static"])
@pytest.mark.parametrize(
    "message", [None, "query.limit must be at most 100"], ids=["plain", "message"]
)
def test_served_bodies_conform(code: int, dynamic: bool, message: str | None) -> None:
    decision = negotiate(
        OPERATION, accept=None, controls=Controls(code=code, dynamic=dynamic), dynamic_default=False
    )
    assert decision.media is not None and decision.media.schema is not None
    check = validator(decision.media.schema)
    for pet_id in range(20):
        params = {"id": str(pet_id)}
        seed = response_seed(0, OPERATION, code, decision.content_type, params)
        body = BUILDER.build(decision, seed=seed, path_params=params, message=message).body
        errors = [error.message for error in check.iter_errors(orjson.loads(body))]
        assert errors == [], body


def test_message_reaches_the_body() -> None:
    decision = negotiate(OPERATION, accept=None, controls=Controls(code=400), dynamic_default=False)
    body = BUILDER.build(decision, seed=b"s", path_params={"id": "1"}, message="too long text")
    assert orjson.loads(body.body)["message"] == "too long"
