"""The compiled fast check: its per-type tables must answer exactly as jsonschema does."""

from __future__ import annotations

import enum
from collections import OrderedDict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import FormatChecker

from pymockapi.validation._fast import compile_check
from pymockapi.validation._formats import format_checker
from pymockapi.validation.schemas import _Validator

FORMATS = format_checker()


class Color(enum.IntEnum):
    RED = 1


class Text(str):
    pass


class Lenient(dict[str, Any]):
    """A mapping that claims every key: ``required`` must ask it, not its ``keys()``."""

    def __contains__(self, key: object) -> bool:
        return True


def assert_agrees(schema: Any, value: Any) -> None:
    fast = compile_check(schema, FORMATS)
    assert fast is not None
    assert fast(value) is _Validator(schema, format_checker=FORMATS).is_valid(value)


NULLABLE_USER = {
    "type": ["object", "null"],
    "required": ["id"],
    "properties": {"id": {"type": "integer"}, "name": {"type": ["string", "null"], "maxLength": 2}},
}
OTHERS_ARE_STRINGS = {
    "type": "object",
    "properties": {"a": {"type": "integer"}, "b": {}},
    "additionalProperties": {"type": "string"},
    "minProperties": 1,
    "maxProperties": 3,
}
CLOSED = {"properties": {"a": {}, "b": True}, "additionalProperties": False, "required": ["a"]}

# Each schema with values that reach each of its paths: a hit, a miss, each exact type, and
# values of other types (subclasses, tuples), which take the keyword-by-keyword path.
CASES = [
    pytest.param(NULLABLE_USER, [None, {"id": 1}, {"id": 1.0}, {"id": True}, {}, {"id": 1, "name": "abc"}, {"id": 1, "name": None}, OrderedDict(id=1), OrderedDict(name="a"), [], "x"], id="nullable-object"),
    pytest.param(OTHERS_ARE_STRINGS, [{"a": 1}, {"a": "1"}, {"c": "x"}, {"c": 1}, {"b": [1]}, {}, {"a": 1, "b": 2, "c": "x", "d": "y"}, OrderedDict(c=1)], id="additional-with-properties"),
    pytest.param(CLOSED, [{"a": 1}, {"a": 1, "b": None}, {"a": 1, "c": 1}, {"b": 1}, [], 3], id="closed-object-with-trivial-members"),
    pytest.param({"enum": [1, True, "1", None, 0.5]}, [1, 1.0, True, False, 0, "1", b"1", None, 0.5, Color.RED, Text("1"), [1], {"1": 1}, float("nan"), float("inf")], id="enum-mixed"),
    pytest.param({"enum": [False, 0]}, [False, 0, 0.0, -0.0, True, 1, None], id="enum-false-and-zero"),
    pytest.param({"enum": [2.0]}, [2, 2.0, True, "2", Color.RED], id="enum-integral-float"),
    pytest.param({"type": ["string", "null"], "enum": ["open", "closed"]}, ["open", "other", None, Text("open"), b"open", 1], id="nullable-string-enum"),
    pytest.param({"const": True}, [True, 1, 1.0, False, "true"], id="const-true"),
    pytest.param({"const": 1.0}, [1, 1.0, True, Color.RED, "1"], id="const-float"),
    pytest.param({"type": "integer", "minimum": 1}, [1, 1.0, 1.5, 0, 0.0, True, 2**70, float(2**70), float("inf"), Color.RED, "2"], id="integer-floats"),
    pytest.param({"type": ["integer", "string", "array"], "minLength": 2, "maximum": 2, "maxItems": 1, "items": {"type": "number"}}, ["ab", "a", b"ab", 2, 3, 2.0, 2.5, [], [1], [True], [1, 2], None, {}], id="several-types"),
    pytest.param({"type": "string", "pattern": "^a", "maxLength": 3}, ["ab", "b", b"b", b"abcd", "abcd", Text("b"), bytearray(b"a")], id="pattern-ignores-bytes"),
    pytest.param({"type": ["string", "null"], "format": "date-time"}, ["2024-01-02T03:04:05Z", "2024-01-02", None, b"x", 3, "x" * 300], id="nullable-format"),
    pytest.param({"type": "number", "multipleOf": 0.5, "exclusiveMaximum": 2}, [1, 1.5, 1.25, 2, True, "1"], id="number-family"),
    pytest.param({"type": "array", "uniqueItems": True, "minItems": 1, "items": {"type": ["object", "null"], "properties": {"a": {"enum": ["a", 1]}}}}, [[None], [None, None], [{"a": 1}, {"a": True}], [{"a": 1}, {"a": 1.0}], [{"a": "b"}], [], (None,), [1]], id="array-of-nullable-objects"),
    pytest.param({"oneOf": [{"type": "null"}, {"type": "object", "required": ["a"]}]}, [None, {"a": 1}, {}, 1, OrderedDict(a=1)], id="one-of-nullable"),
    pytest.param({"oneOf": [{}, {"type": "integer"}]}, [1, 1.0, 1.5, "x", None], id="one-of-with-true-part"),
    pytest.param({"oneOf": [{"type": "number"}, {"type": "integer"}, {"type": "string"}]}, [1, 1.5, "x", True], id="one-of-overlapping"),
    pytest.param({"anyOf": [{"type": "null"}, {"type": "string", "format": "date"}]}, [None, "2024-02-29", "2023-02-29", 5, b"x"], id="any-of-nullable-format"),
    pytest.param({"not": {"enum": [None, "a"]}}, [None, "a", "b", 1, []], id="not-enum"),
    pytest.param({"allOf": [{"type": "number"}, {"not": {"type": "integer"}}]}, [1, 1.0, 1.5, True, "1"], id="all-of-not"),
    pytest.param({"properties": {"a": True, "b": False}}, [{"a": 1}, {"b": 1}, {}, [], "x"], id="untyped-boolean-members"),
    pytest.param({"type": "object", "properties": {"t": {"type": "array", "items": {"type": "string"}}}}, [{"t": ["a", b"b"]}, {"t": ["a", 1]}, {"t": ("a",)}, {"t": []}], id="array-member"),
    pytest.param({"type": ["boolean", "null"]}, [True, False, None, 0, 1, "true"], id="nullable-boolean"),
    pytest.param({"required": ["a", "b"]}, [{"a": 1, "b": 2}, {"a": 1}, OrderedDict(a=1, b=2), OrderedDict(a=1), Lenient(), [], "ab"], id="untyped-required"),
]  # fmt: skip


@pytest.mark.parametrize(("schema", "values"), CASES)
def test_fast_check_agrees_on_every_path(schema: Any, values: list[Any]) -> None:
    for value in values:
        assert_agrees(schema, value)


def test_a_remembered_format_answer_stays_right() -> None:
    schema = {"type": "string", "format": "date"}
    for value in ["2024-02-29", "2023-02-29", "2024-02-29", "2023-02-29", "x" * 300, "x" * 300]:
        assert_agrees(schema, value)


@pytest.mark.parametrize(
    "schema",
    [
        pytest.param({"items": [{"type": "string"}]}, id="tuple-items"),
        pytest.param({"$ref": "#/a", "type": "object"}, id="ref-with-siblings"),
        pytest.param({"enum": [[1]]}, id="enum-of-arrays"),
        pytest.param({"properties": {"a": {"if": {}}}}, id="nested-unsupported"),
        pytest.param(
            {"patternProperties": {}, "additionalProperties": False}, id="pattern-properties"
        ),
        pytest.param(
            {"type": "object", "properties": {"a": {"$ref": "#/nowhere"}}}, id="unresolved-ref"
        ),
    ],
)
def test_unsupported_schemas_are_left_to_jsonschema(schema: Any) -> None:
    assert compile_check(schema, FORMATS) is None


SCHEMAS = [case.values[0] for case in CASES]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-3, 3) | st.binary(max_size=2)
    | st.text(max_size=3) | st.sampled_from(["a", "ab", "open", "2024-02-29", "1", 2.0, -0.0]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["a", "b", "c", "id", "name", "t"]), children, max_size=4
    ),
    max_leaves=10,
)  # fmt: skip


@pytest.mark.parametrize("schema", SCHEMAS, ids=[case.id for case in CASES])
@settings(max_examples=60, derandomize=True, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_fast_check_agrees_with_jsonschema_on_any_value(
    schema: dict[str, Any], data: st.DataObject
) -> None:
    assert_agrees(schema, data.draw(VALUES | from_schema(schema)))


def test_a_checker_that_cannot_be_remembered_is_asked_every_time() -> None:
    formats = FormatChecker(formats=())
    formats.checks("digits")(str.isdigit)  # a method descriptor: no weak reference to it
    fast = compile_check({"type": "string", "format": "digits"}, formats)
    assert fast is not None
    assert [fast(value) for value in ["123", "12a", "123", 5]] == [True, False, True, False]
