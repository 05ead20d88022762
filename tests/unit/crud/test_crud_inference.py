"""Resources are recognised from the paths of several kinds of spec, with no configuration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pymockapi.crud import spec_wants_stateful
from pymockapi.crud.inference import Role, infer
from pymockapi.model import Spec
from tests.conftest import openapi
from tests.unit.crud.crud_specs import blog_api, envelope_api, keyed_api, pets_api

MakeSpec = Callable[..., Spec]


def _roles(spec: Spec) -> dict[tuple[str, str], Role]:
    return {key: binding.role for key, binding in infer(spec).items()}


def test_a_petstore_like_spec_gives_every_crud_role(make_spec: MakeSpec) -> None:
    bindings = infer(make_spec(pets_api()))
    assert {key: b.role for key, b in bindings.items()} == {
        ("GET", "/pets"): Role.LIST,
        ("POST", "/pets"): Role.CREATE,
        ("GET", "/pets/{petId}"): Role.READ,
        ("PUT", "/pets/{petId}"): Role.REPLACE,
        ("PATCH", "/pets/{petId}"): Role.MERGE,
        ("DELETE", "/pets/{petId}"): Role.DELETE,
        ("GET", "/pets/{petId}/photo"): Role.BELOW,
    }
    pets = bindings[("GET", "/pets/{petId}")].resource
    assert (pets.name, pets.id_property, pets.item_param, pets.depth) == ("/pets", "id", "petId", 0)
    assert pets.creatable
    assert pets.collection(()) == "/pets"
    assert bindings[("GET", "/pets/{petId}/photo")].resource is pets


def test_nested_collections_are_scoped_by_their_parent(make_spec: MakeSpec) -> None:
    bindings = infer(make_spec(blog_api()))
    posts = bindings[("GET", "/users/{id}/posts/{postId}")]
    assert posts.role is Role.READ
    assert posts.params == ("id", "postId")
    resource = posts.resource
    assert resource.depth == 1
    assert resource.parent is bindings[("GET", "/users/{id}")].resource
    assert resource.collection(["5"]) == "/users/5/posts"
    assert resource.collection(["a/b"]) == "/users/a%2Fb/posts"
    assert resource.parent_properties == ("userId",)  # not "id": that is the post's own
    assert resource.id_property == "id"
    assert bindings[("POST", "/users/{id}/posts")].role is Role.CREATE
    assert bindings[("GET", "/users/{id}/posts")].role is Role.LIST


def test_string_ids_client_chosen_or_server_assigned(make_spec: MakeSpec) -> None:
    bindings = infer(make_spec(keyed_api()))
    articles = bindings[("PUT", "/articles/{slug}")].resource
    assert articles.id_property == "slug"
    assert not articles.creatable  # only PUT creates them
    orders = bindings[("GET", "/orders/{orderId}")].resource
    assert orders.id_property == "id"
    id_schema = orders.id_schema()
    assert id_schema is not None
    assert id_schema.node["format"] == "uuid"


def test_an_item_nothing_can_create_is_left_to_the_mock(make_spec: MakeSpec) -> None:
    assert ("GET", "/reports/{reportId}") not in infer(make_spec(keyed_api()))


def test_a_list_envelope_spec_is_recognised(make_spec: MakeSpec) -> None:
    roles = _roles(make_spec(envelope_api()))
    assert roles[("GET", "/things")] is Role.LIST
    assert roles[("GET", "/things/{thingId}")] is Role.READ


def test_concrete_paths_beside_items_are_not_items(make_spec: MakeSpec) -> None:
    document = pets_api()
    document["paths"]["/pets/search"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    assert ("GET", "/pets/search") not in infer(make_spec(document))


def _with_properties(props: dict[str, Any], param: str = "widgetId") -> dict[str, Any]:
    schema = {"type": "object", "properties": props}
    content = {"application/json": {"schema": schema}}
    return openapi(
        {
            "/widgets": {
                "post": {
                    "requestBody": {"content": content},
                    "responses": {"201": {"description": "ok", "content": content}},
                }
            },
            f"/widgets/{{{param}}}": {
                "parameters": [{"name": param, "in": "path", "required": True, "schema": {}}],
                "get": {"responses": {"200": {"description": "ok", "content": content}}},
            },
        }
    )


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        pytest.param({"widgetId": {}, "id": {}}, "widgetId", id="path-parameter-name"),
        pytest.param({"id": {}, "name": {}}, "id", id="plain-id"),
        pytest.param({"widget_id": {}, "name": {}}, "widget_id", id="snake-case"),
        pytest.param({"ID": {}}, "ID", id="any-case"),
        pytest.param({"serialId": {"readOnly": True}, "x": {}}, "serialId", id="readonly-id"),
        pytest.param({"name": {}}, None, id="none"),
    ],
)
def test_the_id_property_is_found_from_the_item_schema(
    make_spec: MakeSpec, props: dict[str, Any], expected: str | None
) -> None:
    bindings = infer(make_spec(_with_properties(props)))
    assert bindings[("GET", "/widgets/{widgetId}")].resource.id_property == expected


def test_the_bundled_example_asks_for_stateful_mode(make_spec: MakeSpec) -> None:
    from pathlib import Path

    from pymockapi.importing import load_spec

    bundled = Path(__file__).resolve().parents[3] / "specs" / "petstore.yaml"
    assert spec_wants_stateful(load_spec(bundled))
    assert not spec_wants_stateful(make_spec(pets_api()))
    assert spec_wants_stateful(make_spec({**pets_api(), "x-pymockapi": {"stateful": True}}))
    assert not spec_wants_stateful(make_spec({**pets_api(), "x-pymockapi": {"stateful": "yes"}}))
