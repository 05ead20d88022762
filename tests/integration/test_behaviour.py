"""Core behaviours on small inline specs, through the real ASGI app."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pymockapi.config import ValidationMode
from tests.conftest import openapi

Serve = Callable[..., TestClient]

ITEMS = openapi(
    {
        "/items": {
            "get": {
                "operationId": "listItems",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 10}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"type": "string"}},
                                "example": ["a", "b"],
                            }
                        },
                    }
                },
            }
        }
    }
)


def test_warn_mode_answers_and_reports(serve: Serve) -> None:
    client = serve(ITEMS, validation=ValidationMode.WARN)
    response = client.get("/items?limit=99")
    assert response.status_code == 200
    assert response.json() == ["a", "b"]
    violations = json.loads(response.headers["x-pymockapi-violations"])
    assert violations[0]["location"] == "query.limit"


def test_off_mode_does_not_validate(serve: Serve) -> None:
    response = serve(ITEMS, validation=ValidationMode.OFF).get("/items?limit=99")
    assert response.status_code == 200
    assert "x-pymockapi-violations" not in response.headers


def test_enforce_without_documented_error_answers_problem_json(serve: Serve) -> None:
    response = serve(ITEMS).get("/items?limit=abc")
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == response.status_code
    assert problem["violations"][0]["location"] == "query.limit"


def test_no_cors(serve: Serve) -> None:
    client = serve(ITEMS, cors=False)
    response = client.get("/items", headers={"Origin": "http://x"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/items", headers={"Origin": "http://x", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 405


def test_oversized_body_is_413(serve: Serve) -> None:
    doc = openapi(
        {
            "/echo": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {}}}},
                    "responses": {"204": {"description": "ok"}},
                }
            }
        }
    )
    client = serve(doc, max_body_bytes=1000)
    response = client.post(
        "/echo", content=b"[" + b"1," * 2000 + b"1]", headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert client.post("/echo", json=[1, 2]).status_code == 204


@pytest.mark.parametrize(
    ("responses", "status"),
    [
        pytest.param({"201": {}, "200": {}, "default": {}}, 200, id="lowest-2xx"),
        pytest.param({"2XX": {}, "404": {}}, 200, id="2XX-range-as-200"),
        pytest.param({"default": {}}, 200, id="default-as-200"),
        pytest.param({"404": {}, "500": {}}, 404, id="only-errors"),
    ],
)
def test_status_selection(serve: Serve, responses: dict[str, Any], status: int) -> None:
    documented = {code: {"description": code, **value} for code, value in responses.items()}
    client = serve(openapi({"/x": {"get": {"responses": documented}}}))
    assert client.get("/x").status_code == status


def test_dynamic_mode_generates_from_schema(serve: Serve) -> None:
    client = serve(ITEMS, dynamic=True)
    body = client.get("/items").json()
    assert isinstance(body, list) and all(isinstance(item, str) for item in body)
    assert client.get("/items", headers={"Prefer": "dynamic=false"}).json() == ["a", "b"]


def test_broken_operation_is_skipped_and_the_rest_served(serve: Serve) -> None:
    doc = openapi(
        {
            "/good": {"get": {"responses": {"204": {"description": "ok"}}}},
            "/bad": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "x",
                            "content": {"application/json": {"schema": {"$ref": "#/nowhere"}}},
                        }
                    }
                }
            },
        }
    )
    client = serve(doc)
    assert client.get("/good").status_code == 204
    assert client.get("/bad").status_code == 404
    health = client.get("/__pymockapi/health").json()
    assert any("/paths/~1bad/get" in item for item in health["skipped"])


def test_swagger_2_is_served(serve: Serve) -> None:
    doc = {
        "swagger": "2.0",
        "info": {"title": "old", "version": "1"},
        "basePath": "/api",
        "produces": ["application/json"],
        "paths": {
            "/things/{id}": {
                "get": {
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "type": "integer"}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "schema": {
                                "type": "object",
                                "required": ["id"],
                                "properties": {"id": {"type": "integer"}},
                            },
                        }
                    },
                }
            }
        },
    }
    client = serve(doc)
    assert client.get("/api/things/7").json()["id"] == 7
    assert client.get("/things/abc").status_code in (400, 422)


def test_openapi_3_1_type_arrays(serve: Serve) -> None:
    doc = openapi(
        {
            "/n": {
                "get": {
                    "parameters": [
                        {
                            "name": "v",
                            "in": "query",
                            "required": True,
                            "schema": {"type": ["integer", "null"]},
                        }
                    ],
                    "responses": {"204": {"description": "ok"}},
                }
            }
        },
        version="3.1.0",
    )
    client = serve(doc)
    assert client.get("/n?v=3").status_code == 204
    assert client.get("/n?v=x").status_code in (400, 422)


class TestAdmin:
    def test_health_routes_logs(self, serve: Serve) -> None:
        client = serve(ITEMS)
        client.get("/items?limit=50")
        assert client.get("/__pymockapi/health").json()["status"] == "ok"
        routes = client.get("/__pymockapi/routes").json()
        assert routes[0]["method"] == "GET" and routes[0]["path"] == "/items"
        logs = client.get("/__pymockapi/logs").json()
        assert logs[0]["path"] == "/items"
        assert logs[0]["violations"][0]["location"] == "query.limit"

    def test_token_is_required_when_set(self, serve: Serve) -> None:
        client = serve(ITEMS, admin_token="s3cret")
        assert client.get("/__pymockapi/health").status_code == 401
        assert (
            client.get(
                "/__pymockapi/health", headers={"Authorization": "Bearer s3cret"}
            ).status_code
            == 200
        )
        assert (
            client.get(
                "/__pymockapi/health", headers={"X-PyMockAPI-Admin-Token": "s3cret"}
            ).status_code
            == 200
        )
        assert client.get("/items").status_code == 200  # the mock itself needs no token

    def test_closed_admin_api(self, serve: Serve) -> None:
        client = serve(ITEMS, admin_closed=True)
        assert client.get("/__pymockapi/routes").status_code == 403

    def test_admin_paths_never_clash_with_the_spec(self, serve: Serve) -> None:
        client = serve(openapi({"/health": {"get": {"responses": {"204": {"description": "x"}}}}}))
        assert client.get("/health").status_code == 204
        assert client.get("/__pymockapi/health").json()["status"] == "ok"


class TestReload:
    def test_reload_swaps_in_a_changed_spec(
        self, serve: Serve, write_spec: Callable[..., Path]
    ) -> None:
        client = serve(ITEMS)
        changed = json.loads(json.dumps(ITEMS))
        changed["paths"]["/items"]["get"]["responses"]["200"]["content"]["application/json"][
            "example"
        ] = ["c"]
        write_spec(changed)
        response = client.post("/__pymockapi/reload")
        assert response.status_code == 200
        assert client.get("/items").json() == ["c"]

    def test_invalid_edit_keeps_the_last_good_version(
        self, serve: Serve, write_spec: Callable[..., Path]
    ) -> None:
        client = serve(ITEMS)
        write_spec("openapi: 3.0.3\ninfo: [broken\n")
        response = client.post("/__pymockapi/reload")
        assert response.status_code == 422
        assert "openapi.yaml" in response.json()["detail"]
        assert client.get("/items").json() == ["a", "b"]
        assert client.get("/__pymockapi/health").json()["reload"]["last_error"]

    def test_watcher_picks_up_a_change(self, serve: Serve, write_spec: Callable[..., Path]) -> None:
        import time

        client = serve(ITEMS, watch=True)
        app = client.app
        app.watch_interval = 0.05  # type: ignore[attr-defined]
        changed = json.loads(json.dumps(ITEMS))
        changed["paths"]["/items"]["get"]["responses"]["200"]["content"]["application/json"][
            "example"
        ] = ["w"]
        write_spec(changed)
        # Bounded wait for the event, not a timing assertion: the watcher polls.
        deadline = time.monotonic() + 10
        while client.get("/items").json() != ["w"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.get("/items").json() == ["w"]
