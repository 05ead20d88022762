from __future__ import annotations

from typing import Any

import pytest

from pymockapi.scenarios._paths import find, parse_path
from pymockapi.scenarios._regex import BoundedPattern
from pymockapi.scenarios.conditions import Facts, compile_when

BODY = {
    "name": "Rex",
    "age": 7,
    "owner": {"email": "ann@acme.io", "tags": ["vip"]},
    "pets": [{"name": "Tom"}, {"name": "Kit"}],
    "weird key": True,
}


def facts(**extra: Any) -> Facts:
    base: dict[str, Any] = {
        "path": {"petId": 42},
        "query": {"limit": 25, "q": "dogs", "tags": ["a", "b"]},
        "headers": {"x-tenant": "acme-eu", "x-flag": "true"},
        "cookies": {"session": "abc123"},
        "body": BODY,
        "has_body": True,
        "state": lambda machine: {"checkout": "paid"}.get(machine, "started"),
    }
    base.update(extra)
    return Facts(**base)


CASES = [
    pytest.param({"path": {"petId": {"equals": "42"}}}, True, id="equals-coerces-text"),
    pytest.param({"path": {"petId": 42}}, True, id="bare-value-is-equals"),
    pytest.param({"path": {"petId": 43}}, False, id="equals-differs"),
    pytest.param({"path": {"petId": {"not-equals": 43}}}, True, id="not-equals"),
    pytest.param({"path": {"petId": {"in": [1, 42]}}}, True, id="in"),
    pytest.param({"path": {"petId": {"in": [1, 2]}}}, False, id="not-in"),
    pytest.param({"query": {"limit": {"gt": 10}}}, True, id="gt"),
    pytest.param({"query": {"limit": {"gt": 25}}}, False, id="gt-strict"),
    pytest.param({"query": {"limit": {"gte": 25, "lte": 25}}}, True, id="gte-lte"),
    pytest.param({"query": {"limit": {"lt": 25}}}, False, id="lt-strict"),
    pytest.param({"query": {"q": {"gt": 1}}}, False, id="comparison-on-text-is-false"),
    pytest.param({"query": {"tags": {"contains": "b"}}}, True, id="contains-list"),
    pytest.param({"query": {"missing": {"exists": True}}}, False, id="exists-missing"),
    pytest.param({"query": {"missing": {"absent": True}}}, True, id="absent"),
    pytest.param({"query": {"q": {"absent": True}}}, False, id="absent-but-present"),
    pytest.param({"header": {"X-Tenant": {"matches": "^acme-"}}}, True, id="header-regex-any-case"),
    pytest.param({"header": {"X-Tenant": {"matches": "^globex"}}}, False, id="regex-no-match"),
    pytest.param({"header": {"X-Flag": True}}, True, id="boolean-vs-text"),
    pytest.param({"cookie": {"session": {"exists": True}}}, True, id="cookie-exists"),
    pytest.param({"body": {"$.name": {"in": ["Rex", "Tom"]}}}, True, id="jsonpath"),
    pytest.param({"body": {"owner.email": {"matches": "@acme"}}}, True, id="dotted-path"),
    pytest.param({"body": {"$.owner.tags[0]": "vip"}}, True, id="jsonpath-index"),
    pytest.param({"body": {"pets.1.name": "Kit"}}, True, id="dotted-index"),
    pytest.param({"body": {"$.pets[*].name": "Kit"}}, True, id="jsonpath-wildcard-any"),
    pytest.param({"body": {"$['weird key']": True}}, True, id="jsonpath-quoted"),
    pytest.param({"body": {"$.age": {"gte": 7}}}, True, id="body-number"),
    pytest.param({"body": {"$.nope": {"exists": False}}}, True, id="body-path-missing"),
    pytest.param({"state": {"checkout": "paid"}}, True, id="state"),
    pytest.param({"state": {"other": "started"}}, True, id="state-starts-started"),
    pytest.param({"state": {"checkout": "started"}}, False, id="state-differs"),
    pytest.param(
        {"all": [{"path": {"petId": 42}}, {"query": {"limit": 25}}]}, True, id="all-holds"
    ),
    pytest.param(
        {"all": [{"path": {"petId": 42}}, {"query": {"limit": 1}}]}, False, id="all-fails"
    ),
    pytest.param({"any": [{"path": {"petId": 1}}, {"query": {"limit": 25}}]}, True, id="any-holds"),
    pytest.param({"any": [{"path": {"petId": 1}}, {"query": {"limit": 1}}]}, False, id="any-fails"),
    pytest.param({"not": {"path": {"petId": 42}}}, False, id="not"),
    pytest.param(
        {"path": {"petId": 42}, "not": {"header": {"X-Tenant": {"matches": "^globex"}}}},
        True,
        id="sections-and-not-combined",
    ),
    pytest.param(None, True, id="no-when-always-holds"),
]


@pytest.mark.parametrize(("when", "expected"), CASES)
def test_conditions(when: dict[str, Any] | None, expected: bool) -> None:
    assert compile_when(when)(facts()) is expected


def test_body_conditions_never_hold_without_a_body() -> None:
    predicate = compile_when({"body": {"$.name": {"absent": True}}})
    assert predicate(facts(body=None, has_body=False)) is False


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        ("$.a.b[0]", ("a", "b", 0)),
        ("$['a b'].c", ("a b", "c")),
        ("$.items[*].id", ("items", "*", "id")),
        ("a.b.0", ("a", "b", 0)),
    ],
)
def test_paths_parse(path: str, steps: tuple[Any, ...]) -> None:
    assert parse_path(path) == steps


def test_unreadable_jsonpath_is_an_error() -> None:
    with pytest.raises(ValueError, match="JSONPath"):
        compile_when({"body": {"$.a[": 1}})


def test_find_returns_every_wildcard_match() -> None:
    assert find(BODY, parse_path("$.pets[*].name")) == ["Tom", "Kit"]


def test_catastrophic_regex_is_bounded_and_counts_as_no_match() -> None:
    pattern = BoundedPattern(r"^(a+)+$")
    assert pattern.search("a" * 40_000 + "b") is False


def test_invalid_or_huge_patterns_are_refused() -> None:
    with pytest.raises(ValueError, match="invalid regular expression"):
        BoundedPattern("(")
    with pytest.raises(ValueError, match="longer than"):
        BoundedPattern("a" * 2000)
