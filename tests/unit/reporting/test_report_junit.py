"""JUnit XML that CI systems read: one case per operation, violations as failures."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from pymockapi.config import EngineConfig, ValidationMode
from pymockapi.engine import MockEngine
from pymockapi.exchange import HttpRequest
from pymockapi.journal import Journal
from pymockapi.model import Spec
from pymockapi.reporting import build_report, junit_xml
from tests.conftest import openapi

DOC = openapi(
    {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}
                ],
                "responses": {"200": {"description": "ok"}},
            }
        },
        "/pets/{id}": {
            "get": {"operationId": "getPet", "responses": {"200": {"description": "ok"}}}
        },
        "/store": {"get": {"operationId": "getStore", "responses": {"200": {"description": "ok"}}}},
    }
)


def test_each_operation_is_a_case_and_coverage_is_a_property(
    tmp_path: Path, make_spec: Callable[..., Spec]
) -> None:
    spec = make_spec(DOC)
    engine = MockEngine(spec, EngineConfig(validation=ValidationMode.WARN))
    journal = Journal(tmp_path / "j.sqlite3")
    journal.start()
    for request in (
        HttpRequest("GET", "/pets", "limit=0"),
        HttpRequest("GET", "/pets"),
        HttpRequest("GET", "/pets/3"),
    ):
        journal.record(engine.handle(request))
    journal.close()

    root = ET.fromstring(junit_xml(build_report(journal.path, spec)))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    properties = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert properties["operations_coverage_percent"] == "66.7"
    assert properties["operations_exercised"] == "2"
    assert properties["requests"] == "3"

    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {
        "GET /pets (listPets)",
        "GET /pets/{id} (getPet)",
        "GET /store (getStore)",
    }
    failure = cases["GET /pets (listPets)"].find("failure")
    assert failure is not None
    assert failure.get("message") == "1 of 2 request(s) broke the contract"
    assert "query.limit" in (failure.text or "")
    assert cases["GET /store (getStore)"].find("skipped") is not None
    passed = cases["GET /pets/{id} (getPet)"]
    assert passed.find("failure") is None and passed.find("skipped") is None
    case_props = {p.get("name"): p.get("value") for p in passed.findall("properties/property")}
    assert case_props["responses_exercised"] == "200"
