"""A recording turned into scenario rules: one rule per distinct request, editable YAML."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from pymockapi.cli import app
from pymockapi.har import RecordedExchange, write_har
from pymockapi.model import Spec
from pymockapi.replay.scenarios import recording_to_scenarios
from tests.support.loopback_upstream import PETS_SPEC

SCHEMA = Path(__file__).resolve().parents[3] / "pymockapi" / "scenarios" / "schema.json"
JSON = [("Content-Type", "application/json"), ("Date", "Mon"), ("Content-Length", "9")]


def recording() -> list[RecordedExchange]:
    def ex(method: str, target: str, status: int, body: Any, sent: bytes = b"") -> RecordedExchange:
        return RecordedExchange(
            method, f"http://api.test{target}", [], sent, status, JSON, json.dumps(body).encode()
        )

    return [
        ex("GET", "/pets/1", 200, {"id": 1, "name": "Rex"}),
        ex("GET", "/pets?limit=2&api_key=REDACTED", 200, [{"id": 1, "name": "Rex"}]),
        ex("POST", "/pets", 201, {"id": 7, "name": "Tom"}, b'{"name":"Tom"}'),
        ex("GET", "/pets/9", 404, {"error": "none"}),
        ex("GET", "/pets/9", 200, {"id": 9, "name": "Max"}),
        ex("GET", "/unknown", 200, {}),
    ]


@pytest.fixture
def pets(make_spec: Callable[..., Spec]) -> Spec:
    return make_spec(PETS_SPEC)


def test_each_distinct_request_becomes_a_rule(pets: Spec) -> None:
    document, skipped = recording_to_scenarios(recording(), pets)
    rules = document["scenarios"]["default"]["rules"]
    assert skipped == ["GET /unknown: no operation of the spec"]
    assert rules[0] == {
        "operation": "getPet",
        "priority": 1,
        "when": {"path": {"petId": {"equals": "1"}}},
        "respond": {"status": 200, "body": {"id": 1, "name": "Rex"}},
    }
    # a query parameter the recording redacted is no condition: no client sends the marker
    assert rules[1]["when"] == {"query": {"limit": {"equals": "2"}}}
    assert rules[2]["when"] == {"body": {"$.name": {"equals": "Tom"}}}
    assert rules[3]["sequence"] == [
        {"status": 404, "body": {"error": "none"}},
        {"status": 200, "body": {"id": 9, "name": "Max"}},
    ]
    assert rules[3]["after"] == "repeat-last"


def test_the_output_follows_the_published_scenario_format(pets: Spec, tmp_path: Path) -> None:
    if not SCHEMA.exists():
        pytest.skip("the scenario schema is not published yet")
    har = tmp_path / "rec.har"
    write_har(recording(), har)
    out = tmp_path / "scenarios.yaml"
    result = CliRunner().invoke(
        app, ["recording-to-scenarios", str(har), "--spec", pets.source, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 4 rule(s)" in result.output
    document = yaml.safe_load(out.read_text())
    schema = json.loads(SCHEMA.read_text())
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(document)]
    assert errors == []
    loader = pytest.importorskip("pymockapi.scenarios.loader")
    loaded = loader.load_scenarios([out])
    assert len(loaded.rules) == 4
