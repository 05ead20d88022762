"""Contract coverage and violations, computed from a journal of real engine exchanges."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pymockapi.config import EngineConfig, ValidationMode
from pymockapi.engine import MockEngine
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.journal import Journal
from pymockapi.model import Spec
from pymockapi.reporting import Report, build_report, render_text
from tests.conftest import openapi

JSON = {"application/json": {"schema": {"type": "object"}}}
DOC = openapi(
    {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}
                ],
                "responses": {
                    "200": {"description": "ok", "content": JSON},
                    "400": {"description": "bad", "content": JSON},
                },
            }
        },
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {"description": "ok", "content": JSON},
                    "4XX": {"description": "client error", "content": JSON},
                    "default": {"description": "other", "content": JSON},
                },
            }
        },
        "/store": {"get": {"operationId": "getStore", "responses": {"200": {"description": "ok"}}}},
    }
)


def run(tmp_path: Path, spec: Spec, requests: list[HttpRequest]) -> Path:
    engine = MockEngine(spec, EngineConfig(validation=ValidationMode.WARN))
    journal = Journal(tmp_path / "j.sqlite3")
    journal.start()
    for request in requests:
        journal.record(engine.handle(request))
    journal.close()
    return journal.path


@pytest.fixture
def report(tmp_path: Path, make_spec: Callable[..., Spec]) -> Report:
    spec = make_spec(DOC)
    path = run(
        tmp_path,
        spec,
        [
            HttpRequest("GET", "/pets"),
            HttpRequest("GET", "/pets", "limit=0"),  # warn mode: answered 200, one violation
            HttpRequest("GET", "/pets", "limit=-1"),
            HttpRequest("GET", "/pets/1", "__code=404"),
            HttpRequest("GET", "/pets/1", "__code=500"),
            HttpRequest("GET", "/nowhere"),
        ],
    )
    return build_report(path, spec)


def test_operations_and_documented_responses_exercised_are_counted(report: Report) -> None:
    assert report.coverage() == {
        "operations": {"documented": 3, "exercised": 2, "percent": 66.7},
        "responses": {"documented": 6, "exercised": 3, "percent": 50.0},
    }
    by_key = {op.key: op for op in report.operations}
    assert by_key["listPets"].exercised == {"200": 3}
    assert by_key["listPets"].missing == ["400"]
    # a code is credited to its exact response, else its range, else default
    assert by_key["getPet"].exercised == {"4XX": 1, "default": 1}
    assert by_key["getPet"].missing == ["200"]
    assert by_key["getStore"].requests == 0


def test_violations_are_grouped_by_operation_and_message(report: Report) -> None:
    listing = next(op for op in report.operations if op.key == "listPets")
    assert listing.violating_requests == 2
    assert [count for count in listing.violations.values()] == [1, 1]
    assert all(location == "query.limit" for location, _ in listing.violations)
    assert report.violating_requests == 2


def test_requests_matching_nothing_are_listed(report: Report) -> None:
    assert report.unmatched_requests == 1
    assert report.unmatched == [("GET", "/nowhere", 1)]


def test_the_text_names_what_was_never_exercised(report: Report) -> None:
    text = render_text(report)
    assert "operations  2/3  66.7%" in text
    assert "getStore" in text and "never" in text
    assert "query.limit" in text
    assert "GET /nowhere (1x)" in text


def test_without_a_spec_the_journal_alone_is_summarised(
    tmp_path: Path, make_spec: Callable[..., Spec]
) -> None:
    path = run(tmp_path, make_spec(DOC), [HttpRequest("GET", "/pets"), HttpRequest("GET", "/pets")])
    report = build_report(path)
    assert report.coverage() is None
    assert [(op.key, op.exercised) for op in report.operations] == [("listPets", {"200": 2})]
    assert "Contract coverage" not in render_text(report)


def test_a_status_the_operation_does_not_document_is_reported(
    tmp_path: Path, make_spec: Callable[..., Spec]
) -> None:
    spec = make_spec(DOC)
    store = next(op for op in spec.operations if op.key == "getStore")
    journal = Journal(tmp_path / "j.sqlite3")
    journal.start()
    journal.record_exchange(HttpRequest("GET", "/store"), HttpResponse(503), operation=store)
    journal.close()
    found = next(op for op in build_report(journal.path, spec).operations if op.key == "getStore")
    assert found.undocumented == {503: 1}
    assert found.exercised == {}
    assert "503:1(undocumented)" in render_text(build_report(journal.path, spec))
