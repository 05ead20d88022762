"""Serving a recording over HTTP, alone or in front of the spec's mock."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pymockapi.config import EngineConfig
from pymockapi.har import RecordedExchange, write_har
from pymockapi.model import Spec
from pymockapi.replay import create_replay
from tests.support.loopback_upstream import PETS_SPEC

JSON = [("Content-Type", "application/json")]


def exchanges() -> list[RecordedExchange]:
    return [
        RecordedExchange("GET", "http://real.test/pets/1", [], b"", 200, [*JSON, ("X-Rate", "3"), ("Access-Control-Allow-Origin", "https://prod.test")], b'{"id":1,"name":"Rex"}'),
        RecordedExchange("GET", "http://real.test/counter", [], b"", 200, JSON, b'{"count":1}'),
        RecordedExchange("GET", "http://real.test/counter", [], b"", 200, JSON, b'{"count":2}'),
        RecordedExchange("POST", "http://real.test/pets", [("content-type", "application/json")], b'{"name":"Tom"}', 201, [*JSON, ("Set-Cookie", "s=1")], b'{"id":7,"name":"Tom"}'),
    ]  # fmt: skip


@pytest.fixture
def replaying(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def start(**options: Any) -> TestClient:
        har = tmp_path / "recording.har"
        write_har(exchanges(), har)
        client = TestClient(create_replay(har, **options), base_url="http://127.0.0.1:4010")
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def test_a_har_round_trip_serves_the_recorded_answers(replaying: Any) -> None:
    client = replaying()
    pet = client.get("/pets/1")
    assert (pet.status_code, pet.json(), pet.headers["x-rate"]) == (
        200,
        {"id": 1, "name": "Rex"},
        "3",
    )
    assert pet.headers["content-type"] == "application/json"
    created = client.post("/pets", content=b'{ "name": "Tom" }')
    assert created.status_code == 201
    assert "set-cookie" not in created.headers  # it was redacted in the recording
    assert [client.get("/counter").json()["count"] for _ in range(3)] == [1, 2, 2]


def test_an_unrecorded_request_gets_a_404_naming_the_nearest(replaying: Any) -> None:
    response = replaying().get("/pets/2")
    assert response.status_code == 404
    problem = response.json()
    assert problem["type"] == "urn:pymockapi:problem:no-recording"
    assert problem["nearest"][0] == "GET /pets/1"


def test_health_reports_the_recording(replaying: Any) -> None:
    health = replaying().get("/__pymockapi/health").json()
    assert health["exchanges"] == 4
    assert health["mode"] == "replay"


def test_with_a_spec_unrecorded_requests_fall_back_to_the_mock(
    replaying: Any, make_spec: Callable[..., Spec]
) -> None:
    client = replaying(spec=make_spec(PETS_SPEC), config=EngineConfig(dynamic=False))
    recorded = client.get("/pets/1")
    assert recorded.json() == {"id": 1, "name": "Rex"}
    assert recorded.headers["x-pymockapi-source"] == "replay"
    mocked = client.get("/pets/42")
    assert mocked.status_code == 200
    assert "x-pymockapi-source" not in mocked.headers
    assert set(mocked.json()) >= {"id", "name"}
    not_in_spec = client.get("/counter")  # the spec does not describe it: the recording does
    assert not_in_spec.json() == {"count": 1}
    invalid = client.post("/pets", json={"nickname": 1})
    assert json.loads(invalid.headers["x-pymockapi-violations"])[0]["location"] == "body"


def test_a_browser_app_on_another_origin_can_use_the_replay(replaying: Any) -> None:
    client = replaying()
    origin = {"Origin": "http://localhost:3000"}
    preflight = client.options("/pets", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert preflight.headers["access-control-allow-methods"] == "POST"
    answer = client.get("/pets/1", headers=origin)
    assert answer.headers.get_list("access-control-allow-origin") == ["http://localhost:3000"]
