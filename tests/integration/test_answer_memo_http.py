"""Repeated identical requests are answered from memory, without changing what anyone sees.

The memo must be invisible: the same bytes as the pipeline would send, one event per request
for the log and the journal, and never a stale answer after a reload, a chaos change, a
warning that must be logged again, or a responder that keeps state.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pymockapi.chaos import setup as setup_chaos
from pymockapi.config import EngineConfig, ValidationMode
from pymockapi.engine import MockEngine, RequestContext, ServeEvent
from pymockapi.exchange import HttpResponse
from pymockapi.features import Feature
from pymockapi.server import MockApp, create_app
from tests.conftest import openapi

JSON = "application/json"
ITEM = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}
DOC = openapi(
    {
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {JSON: {"schema": ITEM}}},
                    "404": {"description": "missing"},
                },
            }
        },
        "/items": {
            "post": {
                "operationId": "addItem",
                "requestBody": {
                    "required": True,
                    "content": {JSON: {"schema": {**ITEM, "required": ["name"]}}},
                },
                "responses": {"201": {"description": "made", "content": {JSON: {"schema": ITEM}}}},
            }
        },
    }
)


class Counting:
    """A responder that declines every request, counting how often it was asked."""

    name = "counting"
    asked = 0

    def __init__(self, engine: MockEngine) -> None:
        self.engine = engine

    def respond(self, context: RequestContext) -> HttpResponse | None:
        Counting.asked += 1
        return None


@pytest.fixture
def start(write_spec: Callable[..., Path]) -> Iterator[Callable[..., tuple[TestClient, MockApp]]]:
    clients: list[TestClient] = []

    def run(
        *features: Feature, doc: dict[str, Any] = DOC, **config: Any
    ) -> tuple[TestClient, MockApp]:
        app = create_app(write_spec(doc), EngineConfig(**config), features=features)
        client = TestClient(app, base_url="http://127.0.0.1:4010")
        client.__enter__()
        clients.append(client)
        return client, app

    yield run
    for client in clients:
        client.__exit__(None, None, None)


def _listening(events: list[ServeEvent]) -> Feature:
    return Feature(name="listening", listeners=[events.append])


def test_a_repeat_gets_the_same_bytes_from_memory_and_every_request_is_seen(
    start: Callable[..., tuple[TestClient, MockApp]],
) -> None:
    events: list[ServeEvent] = []
    client, app = start(_listening(events))
    first = client.get("/items/3?verbose=true", headers={"X-Trace": "a"})
    again = client.get("/items/3?verbose=true", headers={"X-Trace": "a"})
    assert app.memo.hits == 1
    assert again.content == first.content
    assert again.status_code == first.status_code == 200
    assert again.headers == first.headers
    assert first.json()["id"] == 3
    assert [e.operation.key if e.operation else None for e in events] == ["getItem"] * 2
    assert events[1].request is not events[0].request
    assert events[1].request.header("x-trace") == "a"
    assert events[1].path_params == {"id": "3"}
    logs = client.get("/__pymockapi/logs").json()
    assert [entry["path"] for entry in logs[:2]] == ["/items/3", "/items/3"]
    remembered = client.get("/__pymockapi/health").json()["answers_remembered"]
    assert (remembered["entries"], remembered["hits"]) == (1, 1)
    assert remembered["bytes"] >= len(first.content)


@pytest.mark.parametrize(
    ("vary", "expected"),
    [
        pytest.param({"url": "/items/4"}, 200, id="path"),
        pytest.param({"url": "/items/3?verbose=maybe"}, 422, id="query"),
        pytest.param({"headers": {"Prefer": "code=404"}}, 404, id="header"),
    ],
)
def test_any_difference_in_the_request_is_a_different_answer(
    start: Callable[..., tuple[TestClient, MockApp]], vary: dict[str, Any], expected: int
) -> None:
    client, _ = start()
    assert client.get("/items/3").status_code == 200
    response = client.get(vary.get("url", "/items/3"), headers=vary.get("headers"))
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["id"] == 4


def test_bodies_are_part_of_the_request(start: Callable[..., tuple[TestClient, MockApp]]) -> None:
    client, app = start()
    good = client.post("/items", json={"name": "a"})
    bad = client.post("/items", json={"id": 1})
    bad_again = client.post("/items", json={"id": 1})
    assert (good.status_code, bad.status_code, bad_again.status_code) == (201, 422, 422)
    assert bad_again.json() == bad.json()
    assert app.memo.hits == 1


def test_a_warning_is_logged_for_every_repeat(
    start: Callable[..., tuple[TestClient, MockApp]], caplog: pytest.LogCaptureFixture
) -> None:
    client, app = start(validation=ValidationMode.WARN)
    with caplog.at_level(logging.WARNING, logger="pymockapi"):
        for _ in range(3):
            response = client.get("/items/3?verbose=maybe")
            assert response.status_code == 200
            assert "query.verbose" in response.headers["x-pymockapi-violations"]
    assert sum("query.verbose" in r.getMessage() for r in caplog.records) == 3
    assert app.memo.hits == 0


def test_responders_are_asked_every_time(start: Callable[..., tuple[TestClient, MockApp]]) -> None:
    client, app = start(Feature(name="counting", responders=[Counting]))
    Counting.asked = 0
    for _ in range(3):
        assert client.get("/items/3").status_code == 200
    assert Counting.asked == 3
    assert app.memo.hits == 0
    # A request rejected before any responder is asked depends on the request alone.
    assert client.get("/items/x").status_code == 422
    assert client.get("/items/x").status_code == 422
    assert app.memo.hits == 1


def test_a_reload_is_never_answered_from_memory(
    start: Callable[..., tuple[TestClient, MockApp]], write_spec: Callable[..., Path]
) -> None:
    examples = json.loads(json.dumps(DOC))
    content = examples["paths"]["/items/{id}"]["get"]["responses"]["200"]["content"][JSON]
    content["example"] = {"id": 1, "name": "before"}
    client, _ = start(doc=examples)
    assert client.get("/items/1").json()["name"] == "before"
    assert client.get("/items/1").json()["name"] == "before"
    content["example"] = {"id": 1, "name": "after"}
    write_spec(examples)
    assert client.post("/__pymockapi/reload").status_code == 200
    assert client.get("/items/1").json()["name"] == "after"


def test_chaos_changes_are_never_answered_from_memory(
    start: Callable[..., tuple[TestClient, MockApp]],
) -> None:
    client, app = start(setup_chaos(seed="1"))
    asks = {"Prefer": "fault=404"}
    for _ in range(2):
        assert client.get("/items/1").status_code == 200
        assert client.get("/items/1", headers=asks).status_code == 404  # asked: never kept
    assert app.memo.hits == 1
    assert client.put("/__pymockapi/chaos", json={"fault-rate": 1, "faults": "404"}).is_success
    assert client.get("/items/1").status_code == 404
    assert client.delete("/__pymockapi/chaos").is_success
    assert client.get("/items/1", headers=asks).status_code == 200  # chaos off: plain
    assert client.put("/__pymockapi/chaos", json={}).is_success
    assert client.get("/items/1", headers=asks).status_code == 404  # on again: asked applies
