"""The engine's extension points: responders, forced statuses, sessions, listeners."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from starlette.testclient import TestClient

from pymockapi.engine import MockEngine, RequestContext
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.model import Spec
from pymockapi.server import create_app
from tests.conftest import openapi

DOC = openapi(
    {
        "/things/{id}": {
            "get": {
                "operationId": "getThing",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id", "name"],
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "name": {"type": "string"},
                                    },
                                },
                                "example": {"id": 1, "name": "one"},
                            }
                        },
                    },
                    "503": {"description": "down"},
                },
            }
        }
    }
)


class Overrider:
    """Answers id 7 with a merged body, as a scenario rule would."""

    name = "test-responder"

    def __init__(self, engine: MockEngine) -> None:
        self.engine = engine

    def respond(self, context: RequestContext) -> HttpResponse | None:
        if context.path_params.get("id") != "7":
            return None
        decision = context.decide()
        body = {**context.generate(decision), "name": f"seven for {context.session}"}
        return context.render(decision, value=body)


def test_responder_answers_through_the_contract(make_spec: Callable[..., Spec]) -> None:
    engine = MockEngine(make_spec(DOC), responders=[Overrider])
    event = engine.handle(
        HttpRequest("GET", "/things/7", headers=[("x-pymockapi-session", "alice")])
    )
    assert event.source == "test-responder"
    assert event.session == "alice"
    assert orjson.loads(event.response.body) == {"id": 1, "name": "seven for alice"}
    plain = engine.handle(HttpRequest("GET", "/things/8"))
    assert plain.source == "mock"
    assert plain.session == "default"
    assert orjson.loads(plain.response.body) == {"id": 1, "name": "one"}


def test_forced_status_serves_the_documented_response(make_spec: Callable[..., Spec]) -> None:
    engine = MockEngine(make_spec(DOC), responders=[Overrider])
    event = engine.handle(HttpRequest("GET", "/things/7"), forced_status=503)
    assert event.response.status == 503
    assert event.source == "mock"  # faults bypass responders
    undocumented = engine.handle(HttpRequest("GET", "/things/7"), forced_status=502)
    assert undocumented.response.status == 502
    assert undocumented.response.header("content-type") == "application/problem+json"


def test_scenario_header_is_recorded(make_spec: Callable[..., Spec]) -> None:
    engine = MockEngine(make_spec(DOC))
    event = engine.handle(
        HttpRequest("GET", "/things/1", headers=[("x-pymockapi-scenario", "empty")])
    )
    assert event.scenario == "empty"


def test_a_failing_listener_never_breaks_serving(write_spec: Callable[..., Any]) -> None:
    seen: list[int] = []

    def broken(event: Any) -> None:
        raise RuntimeError("boom")

    app = create_app(write_spec(DOC), listeners=[broken, lambda e: seen.append(e.response.status)])
    with TestClient(app) as client:
        assert client.get("/things/2").status_code == 200
    assert seen == [200]


def test_oversized_requests_reach_the_listeners_too(write_spec: Callable[..., Any]) -> None:
    """A 413 is answered before the engine runs; the journal must still see it."""
    from pymockapi.config import EngineConfig

    seen: list[tuple[int, str]] = []
    app = create_app(
        write_spec(DOC),
        EngineConfig(max_body_bytes=10),
        listeners=[lambda e: seen.append((e.response.status, e.request.path))],
    )
    with TestClient(app) as client:
        assert client.post("/things/1", content=b"x" * 100).status_code == 413
    assert seen == [(413, "/things/1")]
