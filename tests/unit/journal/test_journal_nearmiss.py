"""Near misses: the closest operations to an unmatched request, and why each did not match."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pymockapi.engine import MockEngine
from pymockapi.journal.nearmiss import explain
from pymockapi.model import Spec
from tests.conftest import openapi

OK = {"200": {"description": "ok"}}
DOC = openapi(
    {
        "/pets": {"get": {"operationId": "listPets", "responses": OK}},
        "/pets/{petId}": {
            "get": {"operationId": "getPet", "responses": OK},
            "delete": {"operationId": "deletePet", "responses": OK},
        },
        "/pets/{petId}/photo.{ext}": {"get": {"operationId": "getPhoto", "responses": OK}},
        "/store/orders": {"post": {"operationId": "placeOrder", "responses": OK}},
    },
    servers=[{"url": "https://api.example.com/api/v1"}],
)


@pytest.fixture
def engine(make_spec: Callable[..., Spec]) -> MockEngine:
    return MockEngine(make_spec(DOC))


def reasons(engine: MockEngine, method: str, path: str) -> dict[str, list[str]]:
    return {item["operation"]: item["reasons"] for item in explain(engine, method, path)}


def test_a_typo_in_a_segment_names_the_segment(engine: MockEngine) -> None:
    found = explain(engine, "GET", "/pet/7")
    assert found[0]["operation"] == "getPet"
    assert found[0]["path"] == "/pets/{petId}"
    assert found[0]["reasons"] == ["path segment 1 is 'pet', the operation expects 'pets'"]


def test_the_wrong_method_on_a_known_path_says_which_methods_exist(engine: MockEngine) -> None:
    found = reasons(engine, "PUT", "/pets/7")
    assert found["getPet"] == ["method is PUT, the operation accepts GET"]
    assert found["deletePet"] == ["method is PUT, the operation accepts DELETE"]


def test_an_extra_segment_is_counted(engine: MockEngine) -> None:
    found = reasons(engine, "GET", "/pets/7/owner")
    assert "the path has 3 segment(s), the operation 2" in found["getPet"]


def test_a_mixed_template_segment_is_matched_like_the_router(engine: MockEngine) -> None:
    found = reasons(engine, "GET", "/pets/7/photo")
    assert found["getPhoto"] == ["path segment 3 is 'photo', the operation expects 'photo.{ext}'"]


def test_a_wrong_base_path_is_named(engine: MockEngine) -> None:
    found = reasons(engine, "GET", "/api/v2/pets/7")
    assert found["getPet"] == ["base path '/api/v2' is not one the spec serves under (/, /api/v1)"]


def test_both_method_and_path_can_differ(engine: MockEngine) -> None:
    found = reasons(engine, "GET", "/store/order")
    assert found["placeOrder"] == [
        "path segment 2 is 'order', the operation expects 'orders'",
        "method is GET, the operation accepts POST",
    ]
