"""The pieces CRUD is made of: merge patch, ids, paging, filters and repairing a body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pymockapi.crud import _ids, _listing
from pymockapi.crud._bodies import merge_patch
from pymockapi.crud._patch import PatchError, apply_patch
from pymockapi.crud.conformance import Conformance, repair
from pymockapi.model import MISSING, Operation, Schema, Spec
from tests.conftest import openapi
from tests.unit.crud.crud_specs import envelope_api, pets_api

MakeSpec = Callable[..., Spec]


@pytest.mark.parametrize(
    ("target", "patch", "expected"),
    [  # the examples of RFC 7396, appendix A (a selection)
        pytest.param({"a": "b"}, {"a": "c"}, {"a": "c"}, id="replace"),
        pytest.param({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}, id="add"),
        pytest.param({"a": "b"}, {"a": None}, {}, id="remove"),
        pytest.param({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}, id="remove-one"),
        pytest.param({"a": ["b"]}, {"a": "c"}, {"a": "c"}, id="array-replaced"),
        pytest.param({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}, id="deep"),
        pytest.param({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}, id="arrays-whole"),
        pytest.param({"e": None}, {"a": 1}, {"e": None, "a": 1}, id="null-kept"),
        pytest.param({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}, id="nested-null"),
    ],
)
def test_merge_patch_follows_rfc_7396(target: Any, patch: Any, expected: Any) -> None:
    assert merge_patch(target, patch) == expected


@pytest.mark.parametrize(
    ("document", "patch", "expected"),
    [  # examples of RFC 6902, appendix A (a selection)
        pytest.param(
            {"foo": "bar"},
            [{"op": "add", "path": "/baz", "value": "qux"}],
            {"foo": "bar", "baz": "qux"},
            id="add-member",
        ),
        pytest.param(
            {"foo": ["bar", "baz"]},
            [{"op": "add", "path": "/foo/1", "value": "qux"}],
            {"foo": ["bar", "qux", "baz"]},
            id="add-into-array",
        ),
        pytest.param(
            {"foo": ["bar"]},
            [{"op": "add", "path": "/foo/-", "value": "x"}],
            {"foo": ["bar", "x"]},
            id="append",
        ),
        pytest.param(
            {"baz": "qux", "foo": "bar"},
            [{"op": "remove", "path": "/baz"}],
            {"foo": "bar"},
            id="remove",
        ),
        pytest.param(
            {"baz": "qux"},
            [{"op": "replace", "path": "/baz", "value": "boo"}],
            {"baz": "boo"},
            id="replace",
        ),
        pytest.param(
            {"foo": {"bar": "baz"}, "q": {}},
            [{"op": "move", "from": "/foo/bar", "path": "/q/bar"}],
            {"foo": {}, "q": {"bar": "baz"}},
            id="move",
        ),
        pytest.param(
            {"a/b": 1},
            [{"op": "copy", "from": "/a~1b", "path": "/c"}],
            {"a/b": 1, "c": 1},
            id="copy-escaped",
        ),
        pytest.param(
            {"baz": "qux"},
            [{"op": "test", "path": "/baz", "value": "qux"}],
            {"baz": "qux"},
            id="test-passes",
        ),
    ],
)
def test_json_patch_follows_rfc_6902(document: Any, patch: Any, expected: Any) -> None:
    assert apply_patch(document, patch) == expected


@pytest.mark.parametrize(
    "patch",
    [
        pytest.param([{"op": "test", "path": "/baz", "value": "bar"}], id="failed-test"),
        pytest.param([{"op": "remove", "path": "/nope"}], id="missing-member"),
        pytest.param([{"op": "add", "path": "/a/b", "value": 1}], id="missing-parent"),
        pytest.param([{"op": "jump", "path": "/baz"}], id="unknown-op"),
        pytest.param([{"op": "add", "path": "baz", "value": 1}], id="not-a-pointer"),
        pytest.param({"op": "add"}, id="not-a-list"),
    ],
)
def test_a_json_patch_that_cannot_apply_changes_nothing(patch: Any) -> None:
    document = {"baz": "qux"}
    with pytest.raises(PatchError):
        apply_patch(document, patch)
    assert document == {"baz": "qux"}


@pytest.mark.parametrize(
    ("value", "key"),
    [
        pytest.param(7, "7", id="int"),
        pytest.param(7.0, "7", id="integral-float"),
        pytest.param("abc", "abc", id="string"),
        pytest.param(True, None, id="bool-is-no-id"),
        pytest.param(None, None, id="null"),
        pytest.param(1.5, None, id="fraction"),
    ],
)
def test_ids_become_store_keys(value: Any, key: str | None) -> None:
    assert _ids.key_of(value) == key


def _schema(node: dict[str, Any]) -> Schema:
    from pymockapi.model import Direction, SchemaDocument

    return Schema("", node, SchemaDocument(node, Direction.RESPONSE))


def test_new_ids_count_up_from_the_schemas_minimum() -> None:
    seed = b"\x01" * 16
    assert _ids.candidate(_schema({"type": "integer"}), 1, seed) == 1
    assert _ids.candidate(_schema({"type": "integer", "minimum": 100}), 1, seed) == 100
    assert _ids.candidate(_schema({"type": "integer", "minimum": 100}), 3, seed) == 102
    assert _ids.candidate(_schema({"type": "integer", "exclusiveMinimum": 0}), 1, seed) == 1
    assert _ids.candidate(_schema({"type": "string"}), 4, seed) == "4"


def test_uuid_ids_come_from_the_seed() -> None:
    schema = _schema({"type": "string", "format": "uuid"})
    first = _ids.candidate(schema, 1, b"\x01" * 16)
    assert first == _ids.candidate(schema, 1, b"\x01" * 16)
    assert first != _ids.candidate(schema, 1, b"\x02" * 16)
    assert len(first) == 36 and first[14] == "4"


def _operation(spec: Spec, method: str, path: str) -> Operation:
    return next(op for op in spec.operations if (op.method, op.path) == (method, path))


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        pytest.param({}, list(range(1, 21)), id="documented-default-limit"),
        pytest.param({"limit": 3}, [1, 2, 3], id="limit"),
        pytest.param({"limit": 2, "offset": 5}, [6, 7], id="offset"),
        pytest.param({"offset": 24}, [25], id="past-the-end"),
        pytest.param({"limit": 0}, [], id="zero"),
    ],
)
def test_limit_and_offset_page_the_list(
    make_spec: MakeSpec, query: dict[str, Any], ids: list[int]
) -> None:
    operation = _operation(make_spec(pets_api()), "GET", "/pets")
    page = _listing.paginate(operation, query, list(range(1, 26)), None)
    assert page.items == ids
    assert page.total == 25


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        pytest.param({}, [1, 2], id="first-page-default-size"),
        pytest.param({"page": 2}, [3, 4], id="second-page"),
        pytest.param({"page": 3, "per_page": 2}, [5], id="last-page"),
        pytest.param({"page": 1, "per_page": 4}, [1, 2, 3, 4], id="bigger-pages"),
    ],
)
def test_page_and_per_page_page_the_list(
    make_spec: MakeSpec, query: dict[str, Any], ids: list[int]
) -> None:
    operation = _operation(make_spec(envelope_api()), "GET", "/things")
    page = _listing.paginate(operation, query, [1, 2, 3, 4, 5], None)
    assert page.items == ids


def test_max_items_bounds_a_page_whatever_was_asked(make_spec: MakeSpec) -> None:
    operation = _operation(make_spec(pets_api()), "GET", "/pets")
    assert _listing.paginate(operation, {"limit": 50}, list(range(10)), 4).items == [0, 1, 2, 3]


def test_undocumented_paging_parameters_are_ignored(make_spec: MakeSpec) -> None:
    document = openapi(
        {"/x": {"get": {"responses": {"200": {"description": "ok"}}}}},
    )
    operation = _operation(make_spec(document), "GET", "/x")
    assert _listing.paginate(operation, {"limit": 1}, [1, 2, 3], None).items == [1, 2, 3]


def test_documented_query_parameters_naming_a_property_filter(make_spec: MakeSpec) -> None:
    operation = _operation(make_spec(pets_api()), "GET", "/pets")
    wanted = _listing.filters(operation, {"status": "sold", "limit": 5}, ["id", "status"])
    assert wanted == {"status": "sold"}
    items = [{"status": "sold"}, {"status": "available"}, {"name": "x"}]
    assert [item for item in items if _listing.matches(item, wanted)] == [{"status": "sold"}]


@pytest.mark.parametrize(
    ("item", "wanted", "matched"),
    [
        pytest.param({"tags": ["a", "b"]}, {"tags": ["b"]}, True, id="arrays-overlap"),
        pytest.param({"tags": ["a"]}, {"tags": ["c"]}, False, id="arrays-disjoint"),
        pytest.param({"status": "x"}, {"status": ["x", "y"]}, True, id="one-of-several"),
        pytest.param({"age": 3}, {"age": "3"}, True, id="compared-as-text"),
        pytest.param({"flag": True}, {"flag": "true"}, True, id="booleans-as-text"),
    ],
)
def test_filter_matching(item: dict[str, Any], wanted: dict[str, Any], matched: bool) -> None:
    assert _listing.matches(item, wanted) is matched


def test_repair_keeps_what_fits_and_regenerates_the_rest() -> None:
    def is_valid(value: Any) -> bool:
        return (
            isinstance(value.get("name"), str)
            and value.get("age", 0) >= 0
            and set(value) <= {"name", "age", "owner"}
            and isinstance(value.get("owner", {}).get("email", ""), str)
        )

    generated = {"name": "Gen", "age": 1, "owner": {"email": "g@x.io", "phone": "1"}}
    stored = {"age": -5, "name": "Rex", "extra": 1, "owner": {"email": 3, "phone": "2"}}
    assert repair(stored, generated, is_valid) == {
        "age": 1,
        "name": "Rex",
        "owner": {"email": "g@x.io", "phone": "2"},
    }


def test_repair_adds_only_what_the_schema_requires() -> None:
    def is_valid(value: Any) -> bool:
        return "id" in value and value.get("id") != "bad"

    generated = {"id": 1, "optional": "generated", "other": 2}
    assert repair({"id": "bad", "name": "Rex"}, generated, is_valid) == {"id": 1, "name": "Rex"}


def test_fit_returns_a_conforming_value_unchanged(make_spec: MakeSpec) -> None:
    spec = make_spec(pets_api())
    schema = _operation(spec, "GET", "/pets/{petId}").responses[0].content[0].schema
    assert schema is not None
    conformance = Conformance()
    good = {"id": 1, "name": "Rex", "createdAt": "2024-01-01T00:00:00Z"}
    assert conformance.fit(good, schema, b"s" * 16, {}) is good
    fixed = conformance.fit({"id": 1, "name": 5}, schema, b"s" * 16, {})
    assert conformance.validator(schema).is_valid(fixed)
    assert fixed["id"] == 1 and isinstance(fixed["name"], str)
    assert fixed is not MISSING


def test_a_value_known_to_fit_one_schema_is_checked_again_for_another(
    make_spec: MakeSpec,
) -> None:
    item = {"type": "object", "properties": {"name": {"type": "string"}}}
    strict = {**item, "required": ["name", "tag"]}
    spec = make_spec(
        openapi(
            {
                f"/{name}": {
                    "get": {
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {"application/json": {"schema": schema}},
                            }
                        }
                    }
                }
                for name, schema in (("a", item), ("b", item), ("c", strict))
            }
        )
    )
    schemas = {}
    for path in ("/a", "/b", "/c"):
        schema = _operation(spec, "GET", path).responses[0].content[0].schema
        assert schema is not None
        schemas[path] = schema
    conformance = Conformance()
    value = {"name": "Rex"}
    assert conformance.fit(value, schemas["/a"], b"s" * 16, {}) is value
    assert conformance.fit(value, schemas["/b"], b"s" * 16, {}) is value  # same content
    fixed = conformance.fit(value, schemas["/c"], b"s" * 16, {})
    assert fixed is not value and isinstance(fixed["tag"], str) and fixed["name"] == "Rex"
    assert conformance.fit({"name": 5}, schemas["/a"], b"s" * 16, {})["name"] != 5


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        pytest.param({"data": {"type": "array", "items": {}}, "total": {}}, "data", id="one-array"),
        pytest.param(
            {"pets": {"type": "array", "items": {}}, "links": {"type": "array", "items": {}}},
            "pets",
            id="named-like-the-collection",
        ),
        pytest.param(
            {"a": {"type": "array", "items": {}}, "b": {"type": "array", "items": {}}},
            None,
            id="ambiguous",
        ),
        pytest.param({"total": {"type": "integer"}}, None, id="no-array"),
    ],
)
def test_the_array_of_a_list_envelope_is_found(props: dict[str, Any], expected: str | None) -> None:
    from pymockapi.crud._shapes import envelope

    found = envelope(_schema({"type": "object", "properties": props}), "pets")
    assert (found[0] if found else None) == expected
