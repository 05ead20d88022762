"""Table tests: for each keyword, 30 seeds give values valid against the schema."""

from __future__ import annotations

from typing import Any

import pytest

from pymockapi.generation import compile_generator
from tests.unit.generation.gen_support import assert_valid, draw, generator, schema_of

OBJ = {"type": "object"}
CASES = [
    pytest.param({"type": "string"}, id="string"),
    pytest.param({"type": ["string", "null"]}, id="type-array-null"),
    pytest.param({"anyOf": [{"type": "integer"}, {"type": "null"}]}, id="nullable-anyof"),
    pytest.param({"type": "null"}, id="null"),
    pytest.param({"type": "boolean"}, id="boolean"),
    pytest.param({"enum": ["a", "b", 3, None]}, id="enum"),
    pytest.param({"type": "string", "enum": ["a", 1]}, id="enum-filtered-by-type"),
    pytest.param({"const": {"k": [1, 2]}}, id="const"),
    pytest.param({"type": "integer", "default": 7, "minimum": 5}, id="default"),
    pytest.param({"type": "string", "example": "fido", "examples": ["rex"]}, id="examples"),
    pytest.param({"type": "integer", "example": "not an int"}, id="invalid-example-ignored"),
    pytest.param({"type": "integer", "minimum": -5, "maximum": 5}, id="integer-bounds"),
    pytest.param({"type": "integer", "exclusiveMinimum": 3, "exclusiveMaximum": 5}, id="int-excl"),
    pytest.param(
        {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 0.01}, id="num-excl"
    ),
    pytest.param({"type": "integer", "multipleOf": 7, "minimum": 10}, id="multipleof-int"),
    pytest.param({"type": "integer", "multipleOf": 2.5}, id="multipleof-int-fraction"),
    pytest.param({"type": "number", "multipleOf": 0.1, "maximum": 3}, id="multipleof-fraction"),
    pytest.param({"type": "number", "multipleOf": 0.01, "minimum": 1.005}, id="multipleof-cents"),
    pytest.param({"type": "integer", "format": "int32", "minimum": 2**31 - 3}, id="int32"),
    pytest.param({"type": "integer", "format": "int64", "maximum": -(2**62)}, id="int64"),
    pytest.param({"type": "number", "format": "float"}, id="float"),
    pytest.param({"type": "number", "format": "double", "minimum": 1e300}, id="double-huge"),
    pytest.param({"type": "string", "minLength": 40, "maxLength": 45}, id="string-length"),
    pytest.param({"type": "string", "maxLength": 0}, id="string-empty"),
    pytest.param({"type": "string", "pattern": r"^[A-Z]{2}-\d{3,5}$"}, id="pattern-anchored"),
    pytest.param({"type": "string", "pattern": r"ab+c"}, id="pattern-unanchored"),
    pytest.param({"type": "string", "pattern": r"^(foo|ba[rz])+\.\w?$"}, id="pattern-groups"),
    pytest.param({"type": "string", "pattern": "^[a-z]+$", "minLength": 8}, id="pattern-length"),
    pytest.param({"type": "string", "pattern": r"^[^\s@]+@\S+$"}, id="pattern-negated"),
    *[
        pytest.param({"type": "string", "format": f}, id=f"format-{f}")
        for f in [
            "date",
            "date-time",
            "time",
            "duration",
            "email",
            "idn-email",
            "uri",
            "uri-reference",
            "url",
            "hostname",
            "ipv4",
            "ipv6",
            "uuid",
            "byte",
            "binary",
            "password",
            "some-unknown-format",
        ]
    ],
    pytest.param({"type": "string", "format": "email", "maxLength": 40}, id="format-length"),
    pytest.param({"type": "array", "items": {"type": "integer"}}, id="items"),
    pytest.param({"type": "array", "minItems": 4, "maxItems": 6}, id="min-max-items"),
    pytest.param(
        {"type": "array", "prefixItems": [{"type": "string"}, {"type": "boolean"}], "items": False},
        id="prefix-items",
    ),
    pytest.param(
        {"type": "array", "items": {"enum": [1, 2, 3, 4]}, "minItems": 4, "uniqueItems": True},
        id="unique-items",
    ),
    pytest.param(
        {"type": "array", "items": {"type": "integer"}, "contains": {"minimum": 100}},
        id="contains",
    ),
    pytest.param(
        {
            "type": "array",
            "items": {"type": "integer", "maximum": 200},
            "contains": {"const": 7},
            "minContains": 2,
            "maxContains": 3,
        },
        id="min-max-contains",
    ),
    pytest.param(
        {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a", "b"]},
        id="required-undeclared",
    ),
    pytest.param(
        {**OBJ, "properties": {"a": {}}, "additionalProperties": False, "minProperties": 1},
        id="additional-false",
    ),
    pytest.param({**OBJ, "additionalProperties": {"type": "integer"}}, id="additional-schema"),
    pytest.param(
        {**OBJ, "patternProperties": {"^x-": {"type": "boolean"}}, "additionalProperties": False},
        id="pattern-properties",
    ),
    pytest.param(
        {**OBJ, "propertyNames": {"pattern": "^[a-z]{3}$"}, "minProperties": 2}, id="property-names"
    ),
    pytest.param(
        {
            **OBJ,
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "maxProperties": 1,
        },
        id="max-properties",
    ),
    pytest.param(
        {
            **OBJ,
            "properties": {"card": {"type": "string"}, "billing": {"type": "string"}},
            "dependentRequired": {"card": ["billing"]},
        },
        id="dependent-required",
    ),
    pytest.param(
        {"allOf": [{"type": "integer", "minimum": 3}, {"maximum": 5}, {"multipleOf": 2}]},
        id="allof-numbers",
    ),
    pytest.param(
        {
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {**OBJ, "properties": {"extra": {"type": "string"}}, "required": ["extra"]},
            ]
        },
        id="allof-ref",
    ),
    pytest.param(
        {"allOf": [{"type": ["string", "null"]}, {"type": ["null", "integer"]}]},
        id="nullable-allof",
    ),
    pytest.param(
        {"allOf": [{"type": "string", "pattern": "^[ab]{2,4}$"}, {"pattern": "a"}]},
        id="allof-patterns",
    ),
    pytest.param(
        {"oneOf": [{"type": "integer"}, {"type": "number", "multipleOf": 0.5}]},
        id="oneof-overlapping",
    ),
    pytest.param(
        {"oneOf": [{"$ref": "#/components/schemas/Base"}, {**OBJ, "properties": {"id": {}}}]},
        id="oneof-open-objects",
    ),
    pytest.param({"anyOf": [{"type": "string"}, {"type": "integer"}]}, id="anyof"),
    pytest.param({"type": "integer", "not": {"enum": [1, 2, 3]}, "maximum": 4}, id="not"),
    pytest.param(
        {
            **OBJ,
            "properties": {"kind": {"enum": ["a", "b"]}, "size": {"type": "integer"}},
            "required": ["kind", "size"],
            "if": {"properties": {"kind": {"const": "a"}}},
            "then": {"properties": {"size": {"maximum": 0}}},
            "else": {"properties": {"size": {"minimum": 1000}}},
        },
        id="if-then-else",
    ),
    pytest.param({"$ref": "#/components/schemas/Base"}, id="ref"),
    pytest.param({}, id="empty-schema"),
    pytest.param(True, id="true-schema"),
]
BASE = {"Base": {**OBJ, "properties": {"id": {"type": "integer"}}, "required": ["id"]}}


@pytest.mark.parametrize("node", CASES)
def test_values_validate_and_repeat(node: Any) -> None:
    schema = schema_of(node, BASE)
    gen = compile_generator(schema)
    assert gen.problems == ()
    values = draw(gen)
    assert_valid(schema, values)
    assert values == draw(compile_generator(schema))


def test_property_order_follows_the_schema() -> None:
    props = {name: {"type": "integer"} for name in "zyxwv"}
    gen = generator({**OBJ, "properties": props, "required": list("vwxyz")})
    assert list(gen.generate(b"s")) == list("zyxwv")


def test_different_seeds_give_different_values() -> None:
    values = draw(generator({**OBJ, "properties": {"name": {"type": "string"}}}), 20)
    assert len({str(v) for v in values}) > 10


def test_multiple_of_fraction_gives_exact_multiples() -> None:
    for value in draw(generator({"type": "number", "multipleOf": 0.1})):
        assert (value / 0.1) == int(value / 0.1)


def test_overlapping_one_of_branches_always_yield_a_value() -> None:
    # every integer is also a multiple of 0.5: only the number branch's odd halves (half of
    # its draws) match one branch alone; a few tries per branch missed in 3% of draws
    schema = schema_of({"oneOf": [{"type": "integer"}, {"type": "number", "multipleOf": 0.5}]})
    values = draw(compile_generator(schema), 500)
    assert_valid(schema, values)  # valid for oneOf: each matches exactly one branch


def test_max_properties_caps_optional_properties() -> None:
    props = {name: {"type": "integer"} for name in "abcdef"}
    node = {**OBJ, "properties": props, "required": ["f"], "maxProperties": 2}
    values = draw(generator(node), 50)
    assert all(len(value) <= 2 and "f" in value for value in values)
    assert any(len(value) == 2 for value in values)
