"""Precedence: client > rule > operation (scenario file, spec extension, live) > file > global."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from pymockapi.chaos.faults import Fault
from pymockapi.chaos.latency import Latency
from pymockapi.chaos.layers import Layers, Live
from pymockapi.chaos.plan import NO_FAULT, ClientChaos, draw, error_status, redraw
from pymockapi.chaos.settings import ChaosSettings, ChaosSettingsError, parse_settings
from pymockapi.engine import MockEngine
from pymockapi.model import Spec
from tests.conftest import openapi


def _op(operation_id: str, chaos: dict[str, Any] | None = None) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": operation_id,
        "responses": {
            "200": {"description": "ok"},
            "404": {"description": "missing"},
            "5XX": {"description": "down"},
        },
    }
    if chaos is not None:
        op["x-pymockapi-chaos"] = chaos
    return op


DOC = openapi(
    {
        "/a": {"get": _op("getA", {"latency": "30ms", "fault-rate": 0.5})},
        "/b": {"get": _op("getB")},
        "/c": {"get": _op("getC", {"latency": "not a duration"})},
    }
)


@pytest.fixture
def engine(make_spec: Callable[..., Spec]) -> MockEngine:
    return MockEngine(make_spec(DOC))


def _settings(layers: Layers, engine: MockEngine, operation_id: str | None) -> ChaosSettings:
    operation = next((o for o in engine.spec.operations if o.operation_id == operation_id), None)
    return layers.settings_for(engine, operation)[0]


FILES = [
    {"file": "one.yaml", "chaos": {"latency": "20ms", "bandwidth": "1kB/s"}},
    {
        "file": "two.yaml",
        "chaos": {"bandwidth": "2kB/s", "operations": {"getA": {"latency": "40ms"}}},
    },
]


@pytest.mark.parametrize(
    ("operation", "live", "files", "expected"),
    [
        pytest.param(None, {"latency": "10ms"}, [], {"latency": "10ms"}, id="global-only"),
        pytest.param(
            "getB",
            {"latency": "10ms"},
            FILES,
            {"latency": "20ms", "bandwidth": "2kB/s"},
            id="files-over-global-later-file-wins",
        ),
        pytest.param(
            "getA",
            {"latency": "10ms", "fault-rate": 0.1},
            [],
            {"latency": "30ms", "fault-rate": 0.5},
            id="spec-extension-over-global",
        ),
        pytest.param(
            "getA",
            {},
            FILES,
            {"latency": "40ms", "fault-rate": 0.5, "bandwidth": "2kB/s"},
            id="file-operation-over-spec-extension",
        ),
        pytest.param(
            "getA",
            {"operations": {"getA": {"latency": "5ms", "fault": "reset"}}},
            [],
            {"latency": "30ms", "fault-rate": 0.5, "faults": "reset"},
            id="spec-extension-over-live-operation",
        ),
        pytest.param(
            "getB",
            {"operations": {"GET /b": {"latency": "5ms"}}},
            FILES,
            {"latency": "5ms", "bandwidth": "2kB/s"},
            id="live-operation-by-method-and-path",
        ),
        pytest.param(
            "getC",
            {"latency": "10ms"},
            [],
            {"latency": "10ms"},
            id="broken-extension-is-ignored",
        ),
    ],
)
def test_precedence_of_declared_layers(
    engine: MockEngine,
    operation: str | None,
    live: dict[str, Any],
    files: list[dict[str, Any]],
    expected: dict[str, Any],
) -> None:
    section = {k: v for k, v in live.items() if k != "operations"}
    operations = {name: parse_settings(s, name) for name, s in live.get("operations", {}).items()}
    layers = Layers(Live(parse_settings(section, "live"), operations), files)
    assert _settings(layers, engine, operation) == parse_settings(expected, "expected")


def test_rate_limits_declared_per_operation_get_their_own_buckets(engine: MockEngine) -> None:
    layers = Layers(
        Live(parse_settings({"rate-limit": "10/s"}, "live")),
        [{"file": "f.yaml", "chaos": {"operations": {"getB": {"rate-limit": "2/s"}}}}],
    )
    by_id = {o.operation_id: o for o in engine.spec.operations}
    assert layers.settings_for(engine, by_id["getA"])[1] == "*"
    assert layers.settings_for(engine, by_id["getB"])[1] == "getB"


def test_nothing_declared_is_known_per_engine(
    engine: MockEngine, make_spec: Callable[..., Spec]
) -> None:
    layers = Layers(Live())
    assert layers.declared(engine)  # the spec has x-pymockapi-chaos
    plain = MockEngine(make_spec(openapi({"/b": {"get": _op("getB")}})))
    assert not layers.declared(plain)


def test_bad_scenario_sections_fail_setup_and_keep_the_last_good_on_refresh() -> None:
    with pytest.raises(ChaosSettingsError, match=r"bad\.yaml: chaos\.latency"):
        Layers(Live(), [{"file": "bad.yaml", "chaos": {"latency": "soon"}}])
    sections: list[dict[str, Any]] = [{"file": "ok.yaml", "chaos": {"latency": "1ms"}}]
    layers = Layers(Live(), lambda: sections)
    sections = [{"file": "ok.yaml", "chaos": {"latency": "later"}}]
    layers.refresh()
    assert [layer.file for layer in layers.files] == ["ok.yaml"]
    assert layers.files[0].settings.latency == Latency("fixed", 0.001)
    sections = [{"file": "ok.yaml", "chaos": {"latency": "2ms"}}]
    layers.refresh()
    assert layers.files[0].settings.latency == Latency("fixed", 0.002)


def test_client_controls_beat_everything() -> None:
    settings = parse_settings({"latency": "100ms", "fault": "reset"}, "x")
    plan = draw(settings, ClientChaos(delay=0.005, fault=NO_FAULT), None, random.Random(0))
    assert (plan.delay, plan.fault) == (0.005, None)
    plan = draw(settings, ClientChaos(fault=Fault("status", 503)), None, random.Random(0))
    assert (plan.fault, plan.status, plan.delay) == (Fault("status", 503), 503, 0.1)


def test_a_rule_overrides_what_it_says_and_the_client_still_wins() -> None:
    declared = parse_settings({"latency": "100ms", "bandwidth": "1kB/s"}, "x")
    rule = parse_settings({"latency": "7ms", "fault": "empty"}, "rule")
    first = draw(declared, ClientChaos(), None, random.Random(0))
    again = redraw(first, declared.overlay(rule), rule, ClientChaos(), None, random.Random(0))
    assert (again.delay, again.fault, again.bandwidth) == (0.007, Fault("empty"), 1000)
    client = ClientChaos(delay=0.5)
    again = redraw(first, declared.overlay(rule), rule, client, None, random.Random(0))
    assert again.delay == 0.5


def test_seeded_draws_repeat_and_error_faults_pick_documented_statuses(
    engine: MockEngine,
) -> None:
    settings = parse_settings(
        {"latency": "uniform:min=1ms,max=50ms", "fault-rate": 0.3, "faults": "error,reset,503"},
        "x",
    )
    operation = next(o for o in engine.spec.operations if o.operation_id == "getB")

    def run(seed: int) -> list[list[str]]:
        rng = random.Random(seed)
        return [draw(settings, ClientChaos(), operation, rng).describe() for _ in range(300)]

    assert run(7) == run(7)
    assert run(7) != run(8)
    shown = {note for notes in run(7) for note in notes if note.startswith("fault=")}
    assert shown == {"fault=error:404", "fault=error:500", "fault=reset", "fault=503"}
    assert error_status(None, random.Random(0)) == 500
