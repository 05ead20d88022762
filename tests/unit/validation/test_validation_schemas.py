"""The jsonschema wrapper: messages and locations for people, formats, refs, caching."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from pymockapi.validation._fast import compile_check
from pymockapi.validation._formats import format_checker
from pymockapi.validation.schemas import _Validator, compile_schema_validator
from tests.unit.validation.helpers import Doc

PET = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "format": "int64", "minimum": 1},
        "name": {"type": "string", "minLength": 1, "maxLength": 10},
        "status": {"enum": ["available", "sold"]},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
        "owner": {"$ref": "#/components/schemas/Owner"},
    },
}
OWNER = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}


def violations(node: Any, value: Any, location: str = "body") -> list[tuple[str, str]]:
    doc = Doc({"Owner": OWNER, "Pet": PET})
    validator = compile_schema_validator(doc.schema(node))
    return [(v.location, v.message) for v in validator.violations(value, location)]


@pytest.mark.parametrize(
    ("schema", "value", "expected"),
    [
        pytest.param({"type": "integer"}, "abc", ("body", "must be an integer (got 'abc')"), id="type"),
        pytest.param({"type": ["string", "null"]}, 3, ("body", "must be a string or null (got 3)"), id="type-list"),
        pytest.param({"minimum": 1}, 0, ("body", "must be >= 1 (got 0)"), id="minimum"),
        pytest.param({"maximum": 10}, 11, ("body", "must be <= 10 (got 11)"), id="maximum"),
        pytest.param({"exclusiveMinimum": 0}, 0, ("body", "must be > 0 (got 0)"), id="exclusive-minimum"),
        pytest.param({"exclusiveMaximum": 5}, 5, ("body", "must be < 5 (got 5)"), id="exclusive-maximum"),
        pytest.param({"multipleOf": 5}, 7, ("body", "must be a multiple of 5 (got 7)"), id="multiple-of"),
        pytest.param({"minLength": 2}, "a", ("body", "must be at least 2 characters long (got 1)"), id="min-length"),
        pytest.param({"maxLength": 1}, "ab", ("body", "must be at most 1 character long (got 2)"), id="max-length"),
        pytest.param({"pattern": "^a"}, "b", ("body", "must match the pattern '^a' (got 'b')"), id="pattern"),
        pytest.param({"enum": ["a", "b"]}, "c", ("body", "must be one of 'a', 'b' (got 'c')"), id="enum"),
        pytest.param({"const": 1}, 2, ("body", "must be 1 (got 2)"), id="const"),
        pytest.param({"minItems": 1}, [], ("body", "must have at least 1 item (got 0)"), id="min-items"),
        pytest.param({"uniqueItems": True}, [1, 1], ("body", "must not contain duplicate items"), id="unique-items"),
        pytest.param({"required": ["name"]}, {}, ("body", "'name' is required"), id="required"),
        pytest.param({"properties": {"a": False}}, {"a": 1}, ("body.a", "is not allowed"), id="false-schema"),
        pytest.param(
            {"additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "b": 2},
            ("body", "unexpected property 'b'"), id="additional-properties",
        ),
        pytest.param(
            {"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1,
            ("body", "must match exactly one of the allowed schemas (matched more than one)"), id="one-of-several",
        ),
        pytest.param(
            {"anyOf": [{"type": "integer"}, {"type": "boolean"}]}, "x",
            ("body", "must match at least one of the allowed schemas"), id="any-of",
        ),
        pytest.param({"format": "date"}, "2024-02-30", ("body", "must be a valid date (got '2024-02-30')"), id="format"),
    ],
)  # fmt: skip
def test_messages_are_written_for_people(
    schema: Any, value: Any, expected: tuple[str, str]
) -> None:
    assert violations(schema, value) == [expected]


def test_locations_follow_the_value() -> None:
    value = {"id": 0, "name": "", "tags": ["a", 2], "owner": {}, "extra": 1}
    assert violations({"$ref": "#/components/schemas/Pet"}, value) == [
        ("body", "unexpected property 'extra'"),
        ("body.id", "must be >= 1 (got 0)"),
        ("body.name", "must be at least 1 character long (got 0)"),
        ("body.owner", "'name' is required"),
        ("body.tags[1]", "must be a string (got 2)"),
    ]


def test_every_missing_required_property_is_named_once() -> None:
    assert violations({"required": ["a", "b"]}, {}) == [
        ("body", "'a' is required"),
        ("body", "'b' is required"),
    ]


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        pytest.param("date", "2024-02-29", "2023-02-29", id="date"),
        pytest.param(
            "date-time", "2024-01-02T03:04:05.6+01:00", "2024-01-02 03:04", id="date-time"
        ),
        pytest.param("time", "23:59:60Z", "24:00:00Z", id="time"),
        pytest.param("email", "a.b@example.com", "not-an-email", id="email"),
        pytest.param("uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567", id="uuid"),
        pytest.param("uri", "https://example.com/a?b=c", "/relative/only", id="uri"),
        pytest.param("ipv4", "192.168.0.1", "256.1.1.1", id="ipv4"),
        pytest.param("ipv6", "::1", "1:2:3", id="ipv6"),
        pytest.param("hostname", "api.example.com", "-bad-.com", id="hostname"),
        pytest.param("byte", "aGVsbG8=", "not base64!", id="byte"),
        pytest.param("int32", 2**31 - 1, 2**31, id="int32"),
        pytest.param("int64", -(2**63), -(2**63) - 1, id="int64"),
        pytest.param("regex", "^a+$", "(", id="regex"),
    ],
)
def test_formats_users_expect_are_checked(fmt: str, good: Any, bad: Any) -> None:
    assert violations({"format": fmt}, good) == []
    assert [m for _, m in violations({"format": fmt}, bad)] == [
        f"must be a valid {fmt} (got {bad!r})"
    ]


def test_unknown_formats_and_binary_pass() -> None:
    assert violations({"type": "string", "format": "binary"}, b"\x00\xff") == []
    assert violations({"format": "made-up"}, "anything") == []


def test_recursive_schema_validates_deep_values() -> None:
    tree = {
        "type": "object",
        "properties": {
            "v": {"type": "integer"},
            "kids": {"type": "array", "items": {"$ref": "#/inline/0"}},
        },
    }
    value: dict[str, Any] = {"v": "x"}
    for _ in range(3):
        value = {"v": 1, "kids": [value]}
    assert violations(tree, value) == [
        ("body.kids[0].kids[0].kids[0].v", "must be an integer (got 'x')")
    ]


def test_absurdly_deep_value_is_a_violation_not_a_crash() -> None:
    tree = {
        "type": "object",
        "properties": {"kids": {"type": "array", "items": {"$ref": "#/inline/0"}}},
    }
    value: dict[str, Any] = {"kids": "leaf"}
    for _ in range(2000):
        value = {"kids": [value]}
    assert violations(tree, value) == [("body", "is nested too deeply to validate")]


def test_one_compiled_validator_per_document_and_pointer() -> None:
    doc = Doc({"Pet": PET, "Owner": OWNER})
    schema = doc.schema({"$ref": "#/components/schemas/Pet"})
    assert compile_schema_validator(schema) is compile_schema_validator(schema)


# The fast check must never call valid what jsonschema calls invalid (and vice versa).
FAST_SCHEMAS = [
    PET | {"properties": {k: v for k, v in PET["properties"].items() if k != "owner"}},
    {"type": ["integer", "null"], "minimum": -3, "exclusiveMaximum": 7},
    {"type": "array", "items": {"enum": [1, "1", True, None]}, "minItems": 1, "maxItems": 3},
    {"anyOf": [{"type": "string", "pattern": "^[a-c]+$"}, {"type": "number", "maximum": 0}]},
    {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 2}]},
    {"type": "object", "properties": {"a": {"const": 1.0}}, "additionalProperties": {"type": "boolean"}, "maxProperties": 2},
    {"not": {"type": "string", "format": "date"}},
    {"allOf": [{"required": ["x"]}, {"properties": {"x": {"type": "string", "format": "email"}}}]},
    {"type": "array", "uniqueItems": True, "items": {"anyOf": [{"type": ["integer", "number", "boolean", "null", "string"]}, {"type": "array"}, {"type": "object"}]}},
    {"type": "number", "multipleOf": 0.1, "exclusiveMinimum": 0},
    {"type": "integer", "multipleOf": 3},
    {"multipleOf": 2.5},
]  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(-10, 10) | st.text(max_size=5)
    | st.sampled_from(["2024-01-01", "a@b.c", "abc", "available", "sold", "x"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "name", "status", "tags", "a", "b", "x"]), children, max_size=4
    ),
    max_leaves=12,
)  # fmt: skip


@pytest.mark.parametrize("schema", FAST_SCHEMAS, ids=lambda s: str(sorted(s))[:30])
@settings(max_examples=60, derandomize=True, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_fast_check_agrees_with_jsonschema(schema: dict[str, Any], data: st.DataObject) -> None:
    formats = format_checker()
    fast = compile_check(schema, formats)
    assert fast is not None
    value = data.draw(JSON | from_schema(schema))
    assert fast(value) == _Validator(schema, format_checker=formats).is_valid(value)


TREE = {
    "type": "object",
    "required": ["v"],
    "properties": {
        "v": {"type": "integer", "minimum": 0},
        "kids": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}, "maxItems": 2},
    },
}
TREES = st.deferred(
    lambda: st.fixed_dictionaries(
        {},
        optional={
            "v": st.integers(-1, 3) | st.just("x"),
            "kids": st.lists(TREES, max_size=3) | st.just("leaf"),
        },
    )
)


@settings(max_examples=100, derandomize=True, deadline=None)
@given(value=TREES)
def test_recursive_schema_agrees_with_plain_jsonschema(value: Any) -> None:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    doc = Doc({"Tree": TREE})
    ours = compile_schema_validator(doc.schema({"$ref": "#/components/schemas/Tree"}))
    registry = Registry().with_resource("urn:t", Resource.from_contents(doc.root, DRAFT202012))
    plain = _Validator({"$ref": "urn:t#/components/schemas/Tree"}, registry=registry)
    assert (ours.violations(value, "body") == []) == plain.is_valid(value)
