"""A write is checked by what it changed: same verdicts as validating the whole item."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from pymockapi.crud._delta import changed_fits, conjuncts, plan
from pymockapi.crud.conformance import Conformance
from pymockapi.model import Direction, Schema, SchemaDocument
from pymockapi.validation.schemas import compile_schema_validator

COMPONENTS = {
    "User": {
        "type": "object",
        "properties": {"login": {"type": "string"}, "id": {"type": "integer"}},
        "required": ["login"],
    },
    "Base": {
        "title": "an item",
        "type": "object",
        "properties": {"id": {"type": "integer"}, "state": {"enum": ["open", "closed"]}},
        "required": ["id", "state"],
    },
}

SCHEMAS: dict[str, Any] = {
    "closed": {
        "type": "object",
        "description": "additionalProperties false, a nested $ref, an array",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string", "minLength": 1},
            "tags": {"type": "array", "items": {"type": "string"}},
            "owner": {"$ref": "#/components/schemas/User"},
            "score": {"type": "number"},
        },
        "required": ["id", "name"],
        "additionalProperties": False,
    },
    "open": {
        "type": "object",
        "properties": {"a": {"type": "integer"}},
        "additionalProperties": {"type": "string"},
        "minProperties": 1,
        "maxProperties": 4,
    },
    "wrapped": {
        "allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"type": "object", "properties": {"extra": {"type": "boolean"}}, "required": ["extra"]},
        ]
    },
    "nullable": {
        "type": ["object", "null"],
        "properties": {"flag": {"type": "boolean"}, "count": {"type": "integer", "minimum": 0}},
        "required": ["flag"],
    },
}

VALID: dict[str, dict[str, Any]] = {
    "closed": {"id": 1, "name": "Rex", "tags": ["a"], "owner": {"login": "o"}, "score": 2.5},
    "open": {"a": 1, "b": "x"},
    "wrapped": {"id": 7, "state": "open", "extra": True},
    "nullable": {"flag": False, "count": 3},
}

DOCUMENT = SchemaDocument({"components": {"schemas": COMPONENTS}, "x": SCHEMAS}, Direction.RESPONSE)


def _schema(name: str) -> Schema:
    return Schema(f"/x/{name}", SCHEMAS[name], DOCUMENT)


def _oracle(name: str) -> Draft202012Validator:
    return Draft202012Validator({**DOCUMENT.root, "$ref": f"#/x/{name}"})


def _is_valid(schema: Schema, value: Any) -> bool:
    return compile_schema_validator(schema).is_valid(value)


VALUES = st.sampled_from(
    [0, 1, -3, 1.0, 2.5, True, False, None, "", "x", "closed", [], ["a"], [1], {}, {"login": "l"}]
)
KEYS = st.sampled_from(["id", "name", "tags", "owner", "score", "a", "b", "state", "extra"])
CHANGES = st.lists(
    st.tuples(st.sampled_from(["set", "remove"]), KEYS, VALUES), min_size=1, max_size=4
)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
@settings(max_examples=150, deadline=None)
@given(changes=CHANGES)
def test_checking_the_changes_agrees_with_validating_the_whole_item(
    name: str, changes: list[tuple[str, str, Any]]
) -> None:
    before = VALID[name]
    assert _oracle(name).is_valid(before)
    after = dict(before)
    for action, key, value in changes:
        if action == "set":
            after[key] = value
        else:
            after.pop(key, None)
    parts = plan(_schema(name))
    assert parts is not None
    assert changed_fits(parts, before, after, _is_valid) == _oracle(name).is_valid(after)


def test_an_equal_value_of_another_type_is_checked_again() -> None:
    """``True == 1`` in Python; only the very same object counts as unchanged."""
    parts = plan(_schema("closed"))
    assert parts is not None
    before = VALID["closed"]
    assert not changed_fits(parts, before, {**before, "id": True}, _is_valid)
    assert changed_fits(parts, before, {**before, "id": 1.0}, _is_valid)


def test_a_value_that_is_no_object_fails() -> None:
    parts = plan(_schema("nullable"))
    assert parts is not None
    assert not changed_fits(parts, VALID["nullable"], None, _is_valid)


@pytest.mark.parametrize(
    "node",
    [
        pytest.param({"type": "object", "oneOf": [{"required": ["a"]}]}, id="oneOf"),
        pytest.param({"type": "object", "anyOf": [{"required": ["a"]}]}, id="anyOf"),
        pytest.param({"type": "object", "if": {"required": ["a"]}, "then": {}}, id="if"),
        pytest.param({"type": "object", "not": {"required": ["a"]}}, id="not"),
        pytest.param({"type": "object", "dependentRequired": {"a": ["b"]}}, id="dependent"),
        pytest.param({"type": "object", "patternProperties": {"^x": {}}}, id="patterns"),
        pytest.param({"type": "object", "propertyNames": {"maxLength": 3}}, id="names"),
        pytest.param({"type": "object", "unevaluatedProperties": False}, id="unevaluated"),
        pytest.param({"type": "object", "enum": [{}]}, id="enum"),
        pytest.param({"type": "array", "items": {}}, id="no-object"),
        pytest.param({"allOf": [{"type": "object"}, {"oneOf": [{}]}]}, id="branch-relates"),
        pytest.param(
            {"$ref": "#/components/schemas/User", "maxProperties": 1}, id="ref-with-constraint"
        ),
    ],
)
def test_schemas_that_relate_properties_have_no_plan(node: dict[str, Any]) -> None:
    assert plan(Schema("/n", node, DOCUMENT)) is None


def test_a_self_referencing_all_of_has_no_plan() -> None:
    root = {"components": {"schemas": {"Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}]}}}}
    document = SchemaDocument(root, Direction.RESPONSE)
    loop = Schema("/components/schemas/Loop", root["components"]["schemas"]["Loop"], document)
    assert plan(loop) is None
    assert conjuncts(loop)  # bounded, whatever it returns


def test_a_bare_all_of_splits_into_its_resolved_branches() -> None:
    parts = conjuncts(_schema("wrapped"))
    assert [part.pointer for part in parts] == ["/components/schemas/Base", "/x/wrapped/allOf/1"]


def test_an_all_of_beside_other_constraints_stays_whole() -> None:
    node = {"allOf": [{"type": "object"}], "required": ["a"]}
    assert [part.pointer for part in conjuncts(Schema("/n", node, DOCUMENT))] == ["/n"]


def _counting(conformance: Conformance) -> list[str]:
    asked: list[str] = []
    original = conformance._is_valid

    def is_valid(schema: Schema, value: Any) -> bool:
        asked.append(schema.pointer)
        return original(schema, value)

    conformance._is_valid = is_valid  # type: ignore[method-assign]
    return asked


def test_a_write_to_a_served_item_checks_only_what_changed() -> None:
    conformance = Conformance()
    before = VALID["closed"]
    assert conformance.fit(before, _schema("closed"), b"s", {}) == before
    asked = _counting(conformance)
    after = {**before, "name": "Max"}
    assert conformance.fit(after, _schema("closed"), b"s", {}, before) == after
    assert asked == ["/x/closed/properties/name"]


def test_an_item_known_through_a_shared_model_is_checked_by_its_changes() -> None:
    """POST and GET answer ``Base``; PATCH answers ``allOf: [Base, {extra}]``."""
    conformance = Conformance()
    base = Schema("/components/schemas/Base", COMPONENTS["Base"], DOCUMENT)
    before = VALID["wrapped"]
    conformance.fit(before, base, b"s", {})
    asked = _counting(conformance)
    after = {**before, "state": "closed"}
    assert conformance.fit(after, _schema("wrapped"), b"s", {}, before) == after
    assert asked == ["/components/schemas/Base/properties/state", "/x/wrapped/allOf/1"]


def test_a_bad_change_is_repaired_as_before() -> None:
    conformance = Conformance()
    before = VALID["closed"]
    conformance.fit(before, _schema("closed"), b"s", {})
    served = conformance.fit({**before, "name": ""}, _schema("closed"), b"s", {}, before)
    assert _oracle("closed").is_valid(served)
    assert served["id"] == 1


def test_an_item_never_checked_is_validated_whole() -> None:
    """The changes alone prove nothing when what they changed was not known to conform."""
    conformance = Conformance()
    before = {**VALID["closed"], "id": "not a number"}
    served = conformance.fit({**before, "name": "Max"}, _schema("closed"), b"s", {}, before)
    assert _oracle("closed").is_valid(served)
    assert served["name"] == "Max"
