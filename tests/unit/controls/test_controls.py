"""Prefer header and ``__`` query controls, as Prism clients send them."""

from __future__ import annotations

import pytest

from pymockapi.controls import Controls, parse_controls
from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest


def request(query: str = "", prefer: str | list[str] | None = None) -> HttpRequest:
    values = [prefer] if isinstance(prefer, str) else (prefer or [])
    return HttpRequest("GET", "/pets", query, headers=[("prefer", v) for v in values])


@pytest.mark.parametrize(
    ("prefer", "expected"),
    [
        pytest.param("code=404", Controls(code=404), id="code"),
        pytest.param("example=not-found", Controls(example="not-found"), id="example"),
        pytest.param("dynamic=true", Controls(dynamic=True), id="dynamic-true"),
        pytest.param("dynamic=FALSE", Controls(dynamic=False), id="dynamic-false-any-case"),
        pytest.param("seed=abc", Controls(seed="abc"), id="seed"),
        pytest.param(
            "code=400, example=bad, dynamic=false",
            Controls(code=400, example="bad", dynamic=False),
            id="comma-separated",
        ),
        pytest.param(
            "code=201; dynamic=true", Controls(code=201, dynamic=True), id="semicolon-separated"
        ),
        pytest.param(
            ["code=202", "example=x"], Controls(code=202, example="x"), id="repeated-header"
        ),
        pytest.param('example="with space"', Controls(example="with space"), id="quoted-value"),
        pytest.param("code=200, code=500", Controls(code=200), id="first-instance-wins"),
        pytest.param(
            "return=minimal, respond-async, code=200", Controls(code=200), id="other-prefs-ignored"
        ),
        pytest.param("delay=500, fault=reset", Controls(delay_ms=500.0, fault="reset"), id="chaos"),
        pytest.param(" Code = 418 ", Controls(code=418), id="spaces-and-case"),
    ],
)
def test_prefer_header(prefer: str | list[str], expected: Controls) -> None:
    controls, _, violations = parse_controls(request(prefer=prefer))
    assert violations == []
    assert controls == expected


@pytest.mark.parametrize(
    ("prefer", "query", "location"),
    [
        pytest.param("code=abc", "", "header.Prefer", id="code-not-a-number"),
        pytest.param("code=99", "", "header.Prefer", id="code-out-of-range"),
        pytest.param("dynamic=yes", "", "header.Prefer", id="dynamic-not-boolean"),
        pytest.param("example=", "", "header.Prefer", id="example-empty"),
        pytest.param("delay=-5", "", "header.Prefer", id="delay-negative"),
        pytest.param(None, "__code=abc", "query.__code", id="query-code"),
        pytest.param(None, "__dynamic=maybe", "query.__dynamic", id="query-dynamic"),
        pytest.param(None, "__delay=soon", "query.__delay", id="query-delay"),
    ],
)
def test_malformed_controls_are_violations(prefer: str | None, query: str, location: str) -> None:
    controls, _, violations = parse_controls(request(query, prefer))
    assert [v.location for v in violations] == [location]
    assert controls == Controls()


def test_malformed_control_message_names_the_value() -> None:
    _, _, violations = parse_controls(request(prefer="code=abc"))
    assert violations == [
        Violation("header.Prefer", "code='abc' must be an HTTP status code between 100 and 599")
    ]


def test_valid_controls_are_kept_beside_a_malformed_one() -> None:
    controls, _, violations = parse_controls(request(prefer="code=abc, example=ok"))
    assert controls == Controls(example="ok")
    assert len(violations) == 1


@pytest.mark.parametrize(
    ("query", "prefer", "expected"),
    [
        pytest.param(
            "__code=404&__example=missing&__dynamic=true&__seed=7",
            None,
            Controls(code=404, example="missing", dynamic=True, seed="7"),
            id="query-without-prefer",
        ),
        pytest.param(
            "__delay=20&__fault=reset",
            None,
            Controls(delay_ms=20.0, fault="reset"),
            id="query-chaos",
        ),
        pytest.param(
            "__code=404", "example=x", Controls(example="x"), id="prefer-wins-query-ignored"
        ),
        pytest.param("__code=404", "return=minimal", Controls(), id="any-prefer-disables-query"),
        pytest.param("code=404", None, Controls(), id="plain-param-is-not-a-control"),
        pytest.param("__code=404", "  ", Controls(code=404), id="blank-prefer-is-absent"),
    ],
)
def test_query_controls_only_without_prefer(
    query: str, prefer: str | None, expected: Controls
) -> None:
    controls, _, _ = parse_controls(request(query, prefer))
    assert controls == expected


@pytest.mark.parametrize(
    ("query", "prefer", "remaining"),
    [
        pytest.param("__code=404", None, "", id="only-control"),
        pytest.param(
            "limit=5&__code=404&tag=a%20b", None, "limit=5&tag=a%20b", id="others-kept-raw"
        ),
        pytest.param("__code=404&limit=5", "code=200", "limit=5", id="stripped-even-with-prefer"),
        pytest.param("__code=abc&x=1", None, "x=1", id="stripped-even-if-malformed"),
        pytest.param("%5F%5Fexample=a&x=1", None, "x=1", id="percent-encoded-name"),
        pytest.param("__custom=1", None, "__custom=1", id="unknown-double-underscore-kept"),
        pytest.param("limit=5", None, "limit=5", id="nothing-to-strip"),
    ],
)
def test_control_params_are_removed_from_the_request(
    query: str, prefer: str | None, remaining: str
) -> None:
    original = request(query, prefer)
    _, stripped, _ = parse_controls(original)
    assert stripped.query_string == remaining
    assert stripped.path == original.path
    assert stripped.headers == original.headers
    assert original.query_string == query  # the caller's request is not mutated
