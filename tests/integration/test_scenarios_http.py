"""Scenarios through the whole app: selection, sessions, hot reload, template errors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pymockapi.importing import load_spec
from pymockapi.scenarios import setup
from pymockapi.server import create_app
from pymockapi.state import MemoryStore

PETSTORE = Path(__file__).resolve().parents[2] / "specs" / "petstore.yaml"

SCENARIOS = """\
scenarios:
  default:
    rules:
      - operation: getPet
        when: {path: {petId: 13}}
        respond: {status: 404}
      - operation: getPet
        when: {path: {petId: 66}}
        respond:
          body: {id: 66, name: "{{ request.nothing.upper() }}", species: dog, status: sold, createdAt: "2024-01-01T00:00:00Z"}
  empty-store:
    rules:
      - operation: listPets
        respond: {example: empty}
  counting:
    rules:
      - operation: listPets
        sequence:
          - {example: empty}
          - {example: two-pets}
          - status: 500
            body: {code: 500, message: third call}
        after: repeat-last
  checkout:
    rules:
      - operation: getInventory
        when: {state: {checkout: started}}
        then: {state: {checkout: paid}}
        respond: {body: {started: 1}}
      - operation: getInventory
        when: {state: {checkout: paid}}
        respond: {body: {paid: 1}}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "scenarios"
    path.mkdir()
    (path / "pets.yaml").write_text(SCENARIOS, encoding="utf-8")
    return path


@pytest.fixture
def http(folder: Path) -> Iterator[TestClient]:
    spec = load_spec(PETSTORE)
    feature = setup(spec, paths=[folder], store=MemoryStore(), seed="1")
    app = create_app(spec, features=[feature], admin_token="t0ken")
    with TestClient(app, base_url="http://127.0.0.1:4010") as client:
        client.headers["Authorization"] = "Bearer t0ken"
        yield client


def test_header_selects_a_scenario_for_one_request_only(http: TestClient) -> None:
    assert len(http.get("/v2/pets").json()) == 2
    assert http.get("/v2/pets", headers={"X-PyMockAPI-Scenario": "empty-store"}).json() == []
    assert len(http.get("/v2/pets").json()) == 2


def test_global_activation_through_the_admin_api(http: TestClient) -> None:
    assert http.get("/__pymockapi/scenario").json()["active"] == ["default"]
    switched = http.put("/__pymockapi/scenario", json={"active": ["empty-store"]})
    assert switched.status_code == 200
    assert switched.json()["active"] == ["default", "empty-store"]
    assert http.get("/v2/pets").json() == []
    # a header still decides for its own request
    counting = http.get("/v2/pets", headers={"X-PyMockAPI-Scenario": "counting"})
    assert counting.json() == []
    refused = http.put("/__pymockapi/scenario", json={"active": ["nope"]})
    assert refused.status_code == 422 and "nope" in refused.json()["detail"]
    http.put("/__pymockapi/scenario", json={"active": []})
    assert len(http.get("/v2/pets").json()) == 2


def test_unknown_scenario_header_is_a_problem(http: TestClient) -> None:
    response = http.get("/v2/pets", headers={"X-PyMockAPI-Scenario": "typo"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "typo" in response.json()["detail"]


def test_scenario_admin_routes_need_the_token(http: TestClient) -> None:
    anonymous = http.get("/__pymockapi/scenarios", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    listing = http.get("/__pymockapi/scenarios").json()
    assert listing["files"][0].endswith("pets.yaml")
    names = [item["name"] for item in listing["scenarios"]]
    assert names == ["default", "empty-store", "counting", "checkout"]
    assert listing["scenarios"][0]["rules"][0]["line"] == 4


def test_two_sessions_keep_their_own_sequence_counters(http: TestClient) -> None:
    def call(session: str) -> int:
        headers = {"X-PyMockAPI-Scenario": "counting", "X-PyMockAPI-Session": session}
        response = http.get("/v2/pets", headers=headers)
        return response.status_code if response.status_code != 200 else len(response.json())

    assert [call("alice"), call("alice")] == [0, 2]
    assert [call("bob"), call("bob"), call("bob")] == [0, 2, 500]
    assert call("alice") == 500


def test_two_sessions_keep_their_own_states(http: TestClient) -> None:
    def call(session: str) -> dict[str, int]:
        headers = {"X-PyMockAPI-Scenario": "checkout", "X-PyMockAPI-Session": session}
        result: dict[str, int] = http.get("/v2/store/inventory", headers=headers).json()
        return result

    assert call("alice") == {"started": 1}
    assert call("alice") == {"paid": 1}
    assert call("bob") == {"started": 1}


def test_template_error_is_a_500_problem_for_that_request_only(http: TestClient) -> None:
    broken = http.get("/v2/pets/66")
    assert broken.status_code == 500
    problem = broken.json()
    assert problem["type"] == "urn:pymockapi:problem:template-error"
    assert "pets.yaml:10:" in problem["detail"]
    assert http.get("/v2/pets/1").status_code == 200
    assert http.get("/v2/pets/13").status_code == 404


def test_hot_reload_keeps_the_last_good_version(http: TestClient, folder: Path) -> None:
    file = folder / "pets.yaml"
    file.write_text(SCENARIOS.replace("{example: empty}", "{body: []}", 1), encoding="utf-8")
    assert http.post("/__pymockapi/reload").status_code == 200
    assert http.get("/v2/pets", headers={"X-PyMockAPI-Scenario": "empty-store"}).json() == []

    file.write_text(SCENARIOS.replace("{example: empty}", "{body: [{id: x}]}", 1), encoding="utf-8")
    stamp = file.stat().st_mtime_ns + 10**9
    os.utime(file, ns=(stamp, stamp))
    failed = http.post("/__pymockapi/reload")
    assert failed.status_code == 422
    assert "pets.yaml:14:" in failed.json()["detail"]
    assert http.get("/v2/pets", headers={"X-PyMockAPI-Scenario": "empty-store"}).json() == []
    errors = http.get("/__pymockapi/scenarios").json()["errors"]
    assert errors[0]["line"] == 14 and "contract" in errors[0]["message"]

    file.write_text(SCENARIOS.replace("  empty-store:", "  emptier:"), encoding="utf-8")
    assert http.post("/__pymockapi/reload").status_code == 200
    assert http.get("/v2/pets", headers={"X-PyMockAPI-Scenario": "emptier"}).json() == []
    assert http.get("/__pymockapi/scenarios").json()["errors"] == []


def test_watched_files_include_the_scenario_files(folder: Path) -> None:
    spec = load_spec(PETSTORE)
    feature = setup(spec, paths=[folder], store=MemoryStore())
    assert feature.watched_files is not None
    assert str(folder / "pets.yaml") in feature.watched_files()


def test_the_watcher_picks_up_an_edited_scenario_file(folder: Path) -> None:
    import time

    spec = load_spec(PETSTORE)
    feature = setup(spec, paths=[folder], store=MemoryStore())
    app = create_app(spec, features=[feature], watch=True)
    app.watch_interval = 0.05
    empty = {"X-PyMockAPI-Scenario": "empty-store"}
    with TestClient(app, base_url="http://127.0.0.1:4010") as http:
        assert http.get("/v2/pets", headers=empty).json() == []
        file = folder / "pets.yaml"
        file.write_text(SCENARIOS.replace("{example: empty}", "{example: two-pets}", 1))
        stamp = file.stat().st_mtime_ns + 10**9
        os.utime(file, ns=(stamp, stamp))
        deadline = time.monotonic() + 10
        while http.get("/v2/pets", headers=empty).json() == [] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(http.get("/v2/pets", headers=empty).json()) == 2
