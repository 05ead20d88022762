"""The generator's oracle answers as jsonschema does, with its compiled fast check or without."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from pymockapi.generation._oracle import ROOT_URI, Oracle, absolutize
from pymockapi.model import Direction, SchemaDocument

ROOT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Owner": {
                "type": "object",
                "required": ["login"],
                "properties": {
                    "login": {"type": "string", "minLength": 1, "pattern": "^[a-z]+$"},
                    "id": {"type": "integer", "minimum": 1},
                },
            },
            "Node": {  # recursive: the fast check follows it through the document
                "type": "object",
                "properties": {
                    "name": {"type": "string", "maxLength": 3},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                },
                "additionalProperties": False,
            },
        }
    }
}
SCHEMAS: list[Any] = [
    {"$ref": "#/components/schemas/Owner"},
    {"$ref": "#/components/schemas/Node"},
    {"type": "integer", "minimum": 1, "maximum": 100},
    {"type": "string", "format": "date-time"},
    {"oneOf": [{"type": "integer"}, {"type": "number", "multipleOf": 0.5}]},
    {"not": {"type": "string"}},
]
DOCUMENT = SchemaDocument(ROOT, Direction.RESPONSE)
ORACLE = Oracle(DOCUMENT)
REGISTRY: Registry[Any] = Registry().with_resource(ROOT_URI, DRAFT202012.create_resource(ROOT))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["login", "id", "name", "children", "x"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)


def jsonschema_says(node: Any, value: Any) -> bool:
    validator = Draft202012Validator(
        absolutize(node), registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return bool(validator.is_valid(value))


def test_every_schema_here_has_a_compiled_fast_check() -> None:
    """So the agreement below is the fast check's, not jsonschema's with itself."""
    assert all(ORACLE._compiled(node)[0] is not None for node in SCHEMAS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(SCHEMAS) - 1), value=json_values)
def test_check_and_accepts_agree_with_jsonschema(index: int, value: Any) -> None:
    node = SCHEMAS[index]
    expected = jsonschema_says(node, value)
    assert ORACLE.check(node)(value) is expected
    assert ORACLE.accepts(node)(value) is expected


def test_a_recursive_reference_is_followed_both_ways() -> None:
    node = SCHEMAS[1]
    fits = {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}
    too_long = {"name": "a", "children": [{"name": "b", "children": [{"name": "long"}]}]}
    assert ORACLE.accepts(node)(fits) and ORACLE.check(node)(fits)
    assert not ORACLE.accepts(node)(too_long) and not ORACLE.check(node)(too_long)
