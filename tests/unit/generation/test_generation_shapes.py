"""Directions, recursion, discriminators, oneOf exclusivity and path parameter echo."""

from __future__ import annotations

from typing import Any

from pymockapi.model import Direction
from tests.unit.generation.gen_support import assert_valid, draw, generator, schema_of

USER = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string"},
        "password": {"type": "string", "writeOnly": True},
    },
    "required": ["name"],
}


def test_read_only_only_in_responses_write_only_only_in_requests() -> None:
    responses = draw(generator(USER, direction=Direction.RESPONSE))
    requests = draw(generator(USER, direction=Direction.REQUEST))
    assert all("password" not in v for v in responses)
    assert any("id" in v for v in responses)
    assert all("id" not in v for v in requests)
    assert any("password" in v for v in requests)


def test_read_only_through_a_ref_is_hidden_in_requests() -> None:
    node = {"type": "object", "properties": {"id": {"$ref": "#/components/schemas/Id"}}}
    components = {"Id": {"type": "integer", "readOnly": True}}
    assert all(
        "id" not in v for v in draw(generator(node, components, direction=Direction.REQUEST))
    )


TREE = {
    "Node": {
        "type": "object",
        "required": ["name", "children", "meta"],
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"$ref": "#/components/schemas/Node"},
            "meta": {
                "type": "object",
                "required": ["depth"],
                "properties": {"depth": {"type": "integer"}},
            },
        },
    }
}


def _depth(value: Any) -> int:
    children = [_depth(c) for c in value["children"]]
    if "parent" in value:
        children.append(_depth(value["parent"]))
    return 1 + max(children, default=0)


def test_recursion_terminates_and_keeps_required_properties() -> None:
    schema = schema_of({"$ref": "#/components/schemas/Node"}, TREE)
    values = draw(generator({"$ref": "#/components/schemas/Node"}, TREE))
    assert_valid(schema, values)
    for value in values:
        assert _depth(value) <= 5

        def walk(node: Any) -> None:
            assert {"name", "children", "meta"} <= set(node)
            for child in node["children"]:
                walk(child)

        walk(value)


def test_nullable_recursion_terminates() -> None:
    components = {
        "L": {
            "type": "object",
            "required": ["next"],
            "properties": {
                "next": {"anyOf": [{"$ref": "#/components/schemas/L"}, {"type": "null"}]}
            },
        }
    }
    values = draw(generator({"$ref": "#/components/schemas/L"}, components))
    assert_valid(schema_of({"$ref": "#/components/schemas/L"}, components), values)


PETS = {
    "Pet": {
        "type": "object",
        "required": ["petType"],
        "properties": {"petType": {"type": "string"}, "name": {"type": "string"}},
        "discriminator": {"propertyName": "petType"},
    },
    "Cat": {
        "allOf": [
            {"$ref": "#/components/schemas/Pet"},
            {"properties": {"lives": {"type": "integer"}}},
        ]
    },
    "Dog": {
        "allOf": [
            {"$ref": "#/components/schemas/Pet"},
            {"properties": {"bark": {"type": "boolean"}}},
        ]
    },
}


def test_discriminator_without_mapping_names_the_schema() -> None:
    node = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "petType"},
    }
    values = draw(generator(node, PETS))
    assert {v["petType"] for v in values} == {"Cat", "Dog"}
    assert_valid(schema_of(node, PETS), values)


def test_discriminator_with_mapping_uses_the_mapping_key() -> None:
    node = {
        "anyOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {
            "propertyName": "petType",
            "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"},
        },
    }
    values = draw(generator(node, PETS))
    assert {v["petType"] for v in values} == {"cat", "dog"}
    for value in values:
        assert ("bark" in value) <= (value["petType"] == "dog")


def test_subtype_through_all_of_carries_its_own_name() -> None:
    values = draw(generator({"$ref": "#/components/schemas/Cat"}, PETS))
    assert {v["petType"] for v in values} == {"Cat"}


def test_one_of_matches_exactly_one_branch() -> None:
    components = {
        "A": {
            "type": "object",
            "properties": {"message": {"type": "string"}, "url": {"type": "string"}},
        },
        "B": {
            "type": "object",
            "properties": {"message": {"type": "string"}, "meta": {"type": "object"}},
        },
    }
    node = {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}
    assert_valid(schema_of(node, components), draw(generator(node, components), 40))


PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "petId": {"type": "integer"},
        "name": {"type": "string"},
    },
}


def test_path_parameters_are_echoed_and_coerced() -> None:
    value = generator(PET).generate(b"s", {"petId": "42"})
    assert value["id"] == 42
    value = generator(PET).generate(b"s", {"pet_id": "7"})
    assert value["id"] == 7


def test_path_parameter_not_matching_the_schema_is_not_echoed() -> None:
    value = generator(PET).generate(b"s", {"petId": "0"})
    assert value["id"] != 0
    value = generator(PET).generate(b"s", {"petId": "abc"})
    assert isinstance(value["id"], int)


def test_path_parameter_echo_inside_an_envelope() -> None:
    node = {"type": "object", "required": ["data"], "properties": {"data": PET}}
    assert generator(node).generate(b"s", {"petId": "42"})["data"]["id"] == 42
