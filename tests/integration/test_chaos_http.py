"""Chaos through the ASGI app (Starlette's TestClient): what a client sees and can control.

No raw socket here, so transport faults degrade to a 503 that says so; the real faults
are asserted end to end in ``tests/e2e/test_chaos_faults_e2e.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient

from pymockapi.chaos import ChaosOptions, setup
from pymockapi.engine import MockEngine, RequestContext, ServeEvent
from pymockapi.exchange import HttpResponse
from pymockapi.features import Feature
from pymockapi.server import create_app
from tests.conftest import openapi

JSON = "application/json"


def _body(schema: dict[str, Any], example: Any) -> dict[str, Any]:
    return {"content": {JSON: {"schema": schema, "example": example}}}


ERROR = {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}}
DOC = openapi(
    {
        "/things/{id}": {
            "get": {
                "operationId": "getThing",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {"description": "ok", **_body({"type": "object"}, {"id": 1})},
                    "404": {"description": "missing", **_body(ERROR, {"code": "missing"})},
                    "429": {"description": "slow down", **_body(ERROR, {"code": "too-many"})},
                    "503": {"description": "down", **_body(ERROR, {"code": "down"})},
                },
            }
        },
        "/plain": {
            "get": {
                "operationId": "getPlain",
                "responses": {"200": {"description": "ok", **_body({"type": "string"}, "hi")}},
            }
        },
        "/declared": {
            "get": {
                "operationId": "getDeclared",
                "x-pymockapi-chaos": {"latency": "2ms", "fault": "500"},
                "responses": {"200": {"description": "ok"}},
            }
        },
    }
)


class RuleChaos:
    """Stands in for a scenario rule with a ``chaos:`` section (on ``/things/7``)."""

    name = "rule"
    calls = 0

    def __init__(self, engine: MockEngine) -> None:
        self.engine = engine

    def respond(self, context: RequestContext) -> HttpResponse | None:
        if context.path_params.get("id") != "7":
            return None
        RuleChaos.calls += 1
        context.directives["chaos"] = {"latency": "3ms", "fault": "503"}
        return context.render(context.decide())


def _chaos(seed: str = "7", scenario_chaos: Any = (), **options: Any) -> Feature:
    return setup(ChaosOptions(**options), seed=seed, scenario_chaos=scenario_chaos)


@pytest.fixture
def serve_chaos(write_spec: Callable[..., Path]) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def start(
        events: list[ServeEvent] | None = None, doc: dict[str, Any] = DOC, **options: Any
    ) -> TestClient:
        rule = Feature(name="rules", responders=[RuleChaos])
        journal = Feature(name="journal", listeners=[events.append] if events is not None else [])
        app = create_app(write_spec(doc), features=[rule, journal, _chaos(**options)])
        client = TestClient(app, base_url="http://127.0.0.1:4010")
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def test_no_chaos_leaves_responses_untouched(serve_chaos: Callable[..., TestClient]) -> None:
    events: list[ServeEvent] = []
    response = serve_chaos(events).get("/things/1")
    assert response.status_code == 200
    assert "x-pymockapi-chaos" not in response.headers
    assert events[-1].chaos == []


def test_client_asks_for_a_delay_and_an_error(serve_chaos: Callable[..., TestClient]) -> None:
    events: list[ServeEvent] = []
    client = serve_chaos(events)
    delayed = client.get("/things/1", headers={"Prefer": "delay=5"})
    assert delayed.status_code == 200
    assert delayed.headers["x-pymockapi-chaos"] == "delay=5ms"
    assert events[-1].chaos == ["delay=5ms"]
    by_query = client.get("/things/1?__delay=4&__fault=503")
    assert by_query.status_code == 503
    assert by_query.json() == {"code": "down"}
    assert by_query.headers["x-pymockapi-chaos"] == "delay=4ms, fault=503"


def test_an_error_fault_serves_a_documented_error_with_its_body(
    serve_chaos: Callable[..., TestClient],
) -> None:
    client = serve_chaos()
    seen = {}
    for _ in range(30):
        response = client.get("/things/1", headers={"Prefer": "fault=error"})
        seen[response.status_code] = response.json()
        assert response.headers["x-pymockapi-chaos"] == f"fault=error:{response.status_code}"
    assert seen == {404: {"code": "missing"}, 429: {"code": "too-many"}, 503: {"code": "down"}}


def test_an_undocumented_status_fault_is_a_problem(serve_chaos: Callable[..., TestClient]) -> None:
    response = serve_chaos().get("/plain", headers={"Prefer": "fault=502"})
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("kind", ["reset", "empty", "malformed", "random", "stall"])
def test_transport_faults_degrade_to_503_without_a_socket(
    serve_chaos: Callable[..., TestClient], kind: str
) -> None:
    events: list[ServeEvent] = []
    response = serve_chaos(events).get("/things/1", headers={"Prefer": f"fault={kind}"})
    assert response.status_code == 503
    assert response.json()["type"] == "urn:pymockapi:problem:fault-unavailable"
    assert response.headers["x-pymockapi-chaos"] == f"fault={kind}, degraded=no-transport"
    assert events[-1].chaos == [f"fault={kind}", "degraded=no-transport"]


def test_an_unknown_fault_is_a_bad_control(serve_chaos: Callable[..., TestClient]) -> None:
    response = serve_chaos().get("/things/1", headers={"Prefer": "fault=explode"})
    assert response.status_code == 400
    assert "unknown fault 'explode'" in response.json()["detail"]
    assert "header.Prefer" in response.headers["x-pymockapi-violations"]


def test_the_spec_extension_applies_and_the_client_can_turn_it_off(
    serve_chaos: Callable[..., TestClient],
) -> None:
    client = serve_chaos()
    declared = client.get("/declared")
    assert declared.status_code == 500
    assert declared.headers["x-pymockapi-chaos"] == "delay=2ms, fault=500"
    calm = client.get("/declared", headers={"Prefer": "fault=none, delay=0"})
    assert calm.status_code == 200
    assert "x-pymockapi-chaos" not in calm.headers


def test_a_scenario_rule_chaos_applies_after_the_rule_answers(
    serve_chaos: Callable[..., TestClient],
) -> None:
    events: list[ServeEvent] = []
    client = serve_chaos(events, latency="1ms")
    response = client.get("/things/7")
    assert response.status_code == 503
    assert response.json() == {"code": "down"}
    assert response.headers["x-pymockapi-chaos"] == "delay=3ms, fault=503"
    assert events[-1].source == "rule"
    assert client.get("/things/8").headers["x-pymockapi-chaos"] == "delay=1ms"


def test_a_rule_with_chaos_runs_once_when_nothing_else_is_declared(
    serve_chaos: Callable[..., TestClient],
) -> None:
    undeclared = {**DOC, "paths": {k: v for k, v in DOC["paths"].items() if k != "/declared"}}
    client = serve_chaos(doc=undeclared)
    RuleChaos.calls = 0
    response = client.get("/things/7")
    assert RuleChaos.calls == 1  # a scenario rule's side effects (state, sequences) happen once
    assert (response.status_code, response.headers["x-pymockapi-chaos"]) == (
        503,
        "delay=3ms, fault=503",
    )


def test_scenario_file_sections_apply_per_file_and_operation(
    serve_chaos: Callable[..., TestClient],
) -> None:
    files = [
        {"file": "a.yaml", "chaos": {"latency": "2ms"}},
        {"file": "b.yaml", "chaos": {"operations": {"getPlain": {"fault": "504"}}}},
    ]
    client = serve_chaos(scenario_chaos=files)
    assert client.get("/things/1").headers["x-pymockapi-chaos"] == "delay=2ms"
    plain = client.get("/plain")
    assert (plain.status_code, plain.headers["x-pymockapi-chaos"]) == (504, "delay=2ms, fault=504")


def test_rate_limit_answers_the_documented_429_with_headers(
    serve_chaos: Callable[..., TestClient],
) -> None:
    events: list[ServeEvent] = []
    client = serve_chaos(events, rate_limit="2/min", rate_limit_key="header:X-API-Key")
    first = client.get("/things/1", headers={"X-API-Key": "a"})
    assert first.status_code == 200
    assert first.headers["ratelimit-limit"] == "2"
    assert first.headers["ratelimit-remaining"] == "1"
    client.get("/things/1", headers={"X-API-Key": "a"})
    refused = client.get("/things/1", headers={"X-API-Key": "a"})
    assert refused.status_code == 429
    assert refused.json() == {"code": "too-many"}
    assert refused.headers["retry-after"] == "30"
    assert refused.headers["ratelimit-remaining"] == "0"
    assert refused.headers["x-pymockapi-chaos"] == "rate-limit=429"
    assert events[-1].chaos == ["rate-limit=429"]
    assert client.get("/things/1", headers={"X-API-Key": "b"}).status_code == 200
    client.get("/plain", headers={"X-API-Key": "b"})
    undocumented = client.get("/plain", headers={"X-API-Key": "b"})
    assert undocumented.status_code == 429
    assert undocumented.json()["type"] == "urn:pymockapi:problem:rate-limited"
    assert "2/min" in undocumented.json()["detail"]


def test_admin_changes_chaos_live_and_turns_it_all_off(
    serve_chaos: Callable[..., TestClient],
) -> None:
    client = serve_chaos(latency="1ms")
    assert client.get("/__pymockapi/chaos").json()["settings"]["latency"] == "1ms"
    put = client.put(
        "/__pymockapi/chaos",
        json={"latency": "uniform:min=1ms,max=2ms", "operations": {"getPlain": {"fault": 418}}},
    )
    assert put.status_code == 200, put.text
    assert put.json()["settings"]["operations"] == {
        "getPlain": {"fault-rate": 1.0, "faults": ["418"]}
    }
    assert client.get("/plain").status_code == 418
    off = client.delete("/__pymockapi/chaos")
    assert off.json()["enabled"] is False
    for path, headers in [("/declared", {}), ("/plain", {"Prefer": "fault=reset, delay=5"})]:
        response = client.get(path, headers=headers)
        assert response.status_code == 200
        assert "x-pymockapi-chaos" not in response.headers
    assert client.put("/__pymockapi/chaos", json={}).json()["enabled"] is True
    assert client.get("/declared").status_code == 500


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (b"{", 400, "not JSON"),
        (b'{"latency": "soon"}', 422, "chaos.latency: 'soon' is not a duration"),
        (b'{"fault-rate": 3}', 422, "chaos.fault-rate"),
    ],
)
def test_admin_refuses_bad_settings_and_keeps_the_old_ones(
    serve_chaos: Callable[..., TestClient], body: bytes, status: int, detail: str
) -> None:
    client = serve_chaos(latency="1ms")
    response = client.put("/__pymockapi/chaos", content=body)
    assert response.status_code == status
    assert detail in response.json()["detail"]
    assert client.get("/plain").headers["x-pymockapi-chaos"] == "delay=1ms"


def test_the_same_seed_gives_the_same_faults_and_delays(
    serve_chaos: Callable[..., TestClient],
) -> None:
    options = {
        "latency": "lognormal:median=2ms,sigma=0.5",
        "fault_rate": "0.3",
        "faults": "error,503",
    }

    def run(seed: str) -> list[str]:
        client = serve_chaos(seed=seed, **options)
        return [client.get(f"/things/{i}").headers.get("x-pymockapi-chaos", "") for i in range(60)]

    first = run("7")
    assert run("7") == first
    assert run("8") != first
    assert any("fault=" in notes for notes in first)
    assert any("fault=" not in notes for notes in first)


def test_bandwidth_dribbles_the_whole_body(serve_chaos: Callable[..., TestClient]) -> None:
    response = serve_chaos(bandwidth="100kB/s").get("/things/1")
    assert response.json() == {"id": 1}
    assert response.headers["x-pymockapi-chaos"] == "bandwidth=100000B/s"


def test_journal_listeners_see_what_was_injected(serve_chaos: Callable[..., TestClient]) -> None:
    events: list[ServeEvent] = []
    serve_chaos(events).get("/things/1", headers={"Prefer": "delay=1, fault=404"})
    assert events[-1].chaos == ["delay=1ms", "fault=404"]
    assert events[-1].response.status == 404
    assert orjson.loads(events[-1].response.body) == {"code": "missing"}
