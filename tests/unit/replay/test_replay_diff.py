"""Comparing a new answer with the recorded one, with volatile fields ignored."""

from __future__ import annotations

import pytest

from pymockapi.exchange import HttpResponse
from pymockapi.replay._jsonpath import PathError, covers, parse, show
from pymockapi.replay.diff import json_differences, response_differences


@pytest.mark.parametrize(
    ("pattern", "path", "covered"),
    [
        pytest.param("$.id", ["id"], True, id="key"),
        pytest.param("$.id", ["id", "x"], True, id="below"),
        pytest.param("id", ["id"], True, id="no-dollar"),
        pytest.param("$.items[*].at", ["items", 3, "at"], True, id="any-index"),
        pytest.param("$.items[0].at", ["items", 1, "at"], False, id="other-index"),
        pytest.param("$..updatedAt", ["a", 0, "b", "updatedAt"], True, id="deep"),
        pytest.param("$..updatedAt", ["a", "createdAt"], False, id="deep-miss"),
        pytest.param("$['odd key']", ["odd key"], True, id="quoted"),
        pytest.param("$.*.id", ["x", "id"], True, id="wildcard-key"),
        pytest.param("$", [], True, id="root"),
    ],
)
def test_ignore_paths_cover_what_they_name(
    pattern: str, path: list[str | int], covered: bool
) -> None:
    assert covers(parse(pattern), path) is covered


def test_a_malformed_path_is_refused() -> None:
    with pytest.raises(PathError):
        parse("$.items[")


def test_paths_are_shown_as_jsonpath() -> None:
    assert show(["items", 0, "odd key"]) == "$.items[0]['odd key']"


def test_json_differences_list_every_change_but_the_ignored_ones() -> None:
    recorded = {"id": 1, "name": "Rex", "at": "t1", "tags": ["a", "b"], "n": 1}
    actual = {"id": 2, "name": "Rex", "at": "t2", "tags": ["a"], "extra": True, "n": 1.0}
    assert json_differences(recorded, actual, [parse("$.at")]) == [
        "$.id: expected 1, got 2",
        '$.tags[1]: expected "b", got (absent)',
        "$.extra: expected (absent), got true",
    ]
    assert json_differences(True, 1) == ["$: expected true, got 1"]


def test_response_differences_cover_status_headers_and_text_bodies() -> None:
    recorded = HttpResponse(
        200, [("content-type", "text/plain; charset=utf-8"), ("x-v", "1")], b"a\nb"
    )
    actual = HttpResponse(201, [("content-type", "text/plain"), ("x-v", "2")], b"a\nc")
    lines = response_differences(recorded, actual, headers=["content-type", "x-v"])
    assert lines[0] == "status: expected 200, got 201"
    assert lines[1] == "header x-v: expected '1', got '2'"
    assert lines[2] == "body differs:"
    assert "  -b" in lines and "  +c" in lines
