"""The ``when`` of a rule, compiled once into a predicate over the request's facts.

A field's test is a value (shorthand for ``equals``) or operators that must all hold:
``equals``, ``not-equals``, ``in``, ``matches`` (bounded regex), ``contains``, ``exists``,
``absent``, ``gt``/``gte``/``lt``/``lte``. Values are compared as the spec parsed them
(``42`` equals ``"42"`` for a path parameter); ``all``/``any``/``not`` combine conditions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pymockapi.scenarios._paths import find, parse_path
from pymockapi.scenarios._regex import BoundedPattern

Test = Callable[[list[Any]], bool]
"""Called with every value found (empty when absent)."""


@dataclass(slots=True)
class Facts:
    """What conditions look at, for one request."""

    path: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, Any] = field(default_factory=dict)
    """Lower-case names."""
    cookies: Mapping[str, Any] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False
    state: Callable[[str], str] = lambda machine: "started"


Predicate = Callable[[Facts], bool]


def text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def same(actual: Any, expected: Any) -> bool:
    if isinstance(actual, bool) or isinstance(expected, bool):
        return text(actual) == text(expected)
    if actual == expected:
        return True
    if isinstance(actual, str) or isinstance(expected, str):
        return text(actual) == text(expected)
    return False


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        number = float(str(value))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _compare(limit: float, check: Callable[[float, float], bool]) -> Test:
    def test(values: list[Any]) -> bool:
        numbers = [_number(value) for value in values]
        return any(number is not None and check(number, limit) for number in numbers)

    return test


def _contains(expected: Any) -> Test:
    def test(values: list[Any]) -> bool:
        for value in values:
            if isinstance(value, list) and any(same(item, expected) for item in value):
                return True
            if isinstance(value, str) and text(expected) in value:
                return True
            if isinstance(value, dict) and text(expected) in value:
                return True
        return False

    return test


def _operator(name: str, argument: Any) -> Test:
    if name == "equals":
        return lambda values: any(same(value, argument) for value in values)
    if name == "not-equals":
        return lambda values: bool(values) and not any(same(v, argument) for v in values)
    if name == "in":
        return lambda values: any(same(v, item) for v in values for item in argument)
    if name == "matches":
        pattern = BoundedPattern(str(argument))
        return lambda values: any(pattern.search(text(value)) for value in values)
    if name == "contains":
        return _contains(argument)
    if name == "exists":
        return lambda values: bool(values) == bool(argument)
    if name == "absent":
        return lambda values: (not values) == bool(argument)
    comparisons: dict[str, Callable[[float, float], bool]] = {
        "gt": lambda a, b: a > b,
        "gte": lambda a, b: a >= b,
        "lt": lambda a, b: a < b,
        "lte": lambda a, b: a <= b,
    }
    if name in comparisons:
        return _compare(float(argument), comparisons[name])
    raise ValueError(f"unknown operator {name!r}")


def compile_test(spec: Any) -> Test:
    """A test from ``42`` (equals) or ``{gt: 10, lt: 20}`` (all must hold)."""
    if not isinstance(spec, dict):
        return _operator("equals", spec)
    tests = [_operator(name, argument) for name, argument in spec.items()]
    return lambda values: all(test(values) for test in tests)


def _field(section: str, name: str, test: Test) -> Predicate:
    if section == "body":
        steps = parse_path(name)
        return lambda facts: facts.has_body and test(find(facts.body, steps))
    if section == "state":
        return lambda facts: test([facts.state(name)])
    if section in ("header", "headers"):
        lowered = name.lower()
        return lambda facts: test([facts.headers[lowered]] if lowered in facts.headers else [])
    attribute = {"path": "path", "query": "query", "cookie": "cookies", "cookies": "cookies"}[
        section
    ]

    def predicate(facts: Facts) -> bool:
        values: Mapping[str, Any] = getattr(facts, attribute)
        return test([values[name]] if name in values else [])

    return predicate


def compile_when(when: Mapping[str, Any] | None) -> Predicate:
    """A predicate from a ``when`` mapping (``None``: always true)."""
    if not when:
        return lambda facts: True
    parts: list[Predicate] = []
    for key, value in when.items():
        if key == "all":
            members = [compile_when(item) for item in value]
            parts.append(lambda facts, m=members: all(p(facts) for p in m))  # type: ignore[misc]
        elif key == "any":
            members = [compile_when(item) for item in value]
            parts.append(lambda facts, m=members: any(p(facts) for p in m))  # type: ignore[misc]
        elif key == "not":
            inner = compile_when(value)
            parts.append(lambda facts, i=inner: not i(facts))  # type: ignore[misc]
        else:
            for name, spec in value.items():
                parts.append(_field(key, name, compile_test(spec)))
    return lambda facts: all(part(facts) for part in parts)


def machines(when: Mapping[str, Any] | None) -> set[str]:
    """State machines a ``when`` looks at."""
    found: set[str] = set()
    if not when:
        return found
    for key, value in when.items():
        if key in ("all", "any"):
            for item in value:
                found |= machines(item)
        elif key == "not":
            found |= machines(value)
        elif key == "state":
            found |= set(value)
    return found
