"""Unsatisfiable and pathological schemas are reported with their pointer, not served."""

from __future__ import annotations

from typing import Any

import pytest

from pymockapi.errors import ErrorKind
from pymockapi.generation import GenerationError
from tests.unit.generation.gen_support import generator

LOOP = {
    "Loop": {
        "type": "object",
        "required": ["next"],
        "properties": {"next": {"$ref": "#/components/schemas/Loop"}},
    }
}


@pytest.mark.parametrize(
    ("node", "components", "pointer"),
    [
        pytest.param(
            {"type": "integer", "minimum": 10, "maximum": 1}, None, "/x", id="min-above-max"
        ),
        pytest.param(
            {"type": "number", "exclusiveMinimum": 1, "maximum": 1}, None, "/x", id="exclusive"
        ),
        pytest.param(
            {"type": "integer", "multipleOf": 10, "minimum": 1, "maximum": 9},
            None,
            "/x",
            id="no-multiple",
        ),
        pytest.param({"type": "string", "minLength": 5, "maxLength": 2}, None, "/x", id="length"),
        pytest.param(
            {"allOf": [{"type": "string"}, {"type": "integer"}]}, None, "/x", id="allof-types"
        ),
        pytest.param({"allOf": [{"const": 1}, {"const": 2}]}, None, "/x", id="allof-consts"),
        pytest.param({"allOf": [{"enum": [1, 2]}, {"enum": [3]}]}, None, "/x", id="allof-enums"),
        pytest.param({"type": "string", "pattern": r"(a)\1"}, None, "/x", id="pattern-backref"),
        pytest.param({"type": "string", "pattern": r"^(?=a)b"}, None, "/x", id="pattern-lookahead"),
        pytest.param(
            {"type": "string", "pattern": r"^ab$", "minLength": 5}, None, "/x", id="pattern-length"
        ),
        pytest.param(
            {"type": "string", "format": "uuid", "maxLength": 5}, None, "/x", id="format-length"
        ),
        pytest.param({"type": "array", "minItems": 10**9}, None, "/x", id="huge-min-items"),
        pytest.param(
            {"type": "array", "minItems": 3, "maxItems": 1}, None, "/x", id="items-bounds"
        ),
        pytest.param(
            {
                "type": "object",
                "properties": {
                    "a": {
                        "type": "object",
                        "properties": {"b": {"type": "integer", "minimum": 3, "maximum": 2}},
                        "required": ["b"],
                    }
                },
                "required": ["a"],
            },
            None,
            "/x/properties/a/properties/b",
            id="nested",
        ),
        pytest.param(
            {"$ref": "#/components/schemas/Loop"},
            LOOP,
            "/components/schemas/Loop",
            id="endless-recursion",
        ),
        pytest.param(
            {"oneOf": [{"type": "string"}, {"type": "string"}]}, None, "/x", id="oneof-identical"
        ),
        pytest.param(
            {"type": "object", "required": ["a"], "additionalProperties": False},
            None,
            "/x",
            id="required-forbidden",
        ),
    ],
)
def test_unsatisfiable_schema_is_reported_and_raises(
    node: Any, components: Any, pointer: str
) -> None:
    gen = generator(node, components)
    problems = gen.problems
    assert problems, "expected a problem"
    assert all(p.kind is ErrorKind.SCHEMA_UNSATISFIABLE for p in problems)
    assert pointer in {p.pointer for p in problems}
    with pytest.raises(GenerationError, match="/"):
        gen.generate(b"seed")


def test_an_unsatisfiable_optional_part_leaves_the_rest_served() -> None:
    node = {
        "type": "object",
        "properties": {
            "ok": {"type": "string"},
            "bad": {"type": "integer", "minimum": 2, "maximum": 1},
        },
        "required": ["ok"],
    }
    gen = generator(node)
    assert [p.pointer for p in gen.problems] == ["/x/properties/bad"]
    ok = generator({"type": "object", "properties": {"ok": {"type": "string"}}})
    assert ok.problems == ()


def test_an_optional_property_that_fails_at_draw_time_is_left_out() -> None:
    identical = {"oneOf": [{"type": "string"}, {"type": "string", "title": "same"}]}
    node = {"type": "object", "properties": {"odd": identical, "ok": {"type": "integer"}}}
    gen = generator(node)
    assert [p.pointer for p in gen.problems] == ["/x/properties/odd"]
    assert all("odd" not in value for value in [gen.generate(bytes([i])) for i in range(10)])


def test_huge_but_satisfiable_bounds_do_not_hang() -> None:
    node = {"type": "array", "minItems": 900, "items": {"type": "integer"}, "uniqueItems": True}
    assert len(generator(node).generate(b"s")) >= 900
    deep: dict[str, Any] = {"type": "integer"}
    for _ in range(200):
        deep = {"type": "object", "properties": {"a": deep}, "required": ["a"]}
    gen = generator(deep)
    assert gen.problems
    with pytest.raises(GenerationError):
        gen.generate(b"s")
