"""Where subschemas sit inside a JSON Schema (2020-12 and the older drafts OpenAPI used)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pymockapi.model import escape_pointer_token

_SINGLE, _LIST, _MAP = 1, 2, 3
KEYWORDS = {
    **dict.fromkeys(
        (
            "items",
            "additionalProperties",
            "not",
            "contains",
            "propertyNames",
            "if",
            "then",
            "else",
            "unevaluatedItems",
            "unevaluatedProperties",
            "additionalItems",
            "contentSchema",
        ),
        _SINGLE,
    ),
    **dict.fromkeys(("allOf", "anyOf", "oneOf", "prefixItems"), _LIST),
    **dict.fromkeys(
        ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas"), _MAP
    ),
}


def subschemas(node: dict[str, Any], pointer: str) -> Iterator[tuple[Any, str]]:
    """Every direct subschema of ``node`` with its pointer (``$ref`` targets excluded)."""
    for key, child in node.items():
        kind = KEYWORDS.get(key)
        if kind is None:
            continue
        if kind == _SINGLE:
            if isinstance(child, dict | bool):
                yield child, f"{pointer}/{key}"
        elif kind == _LIST:
            if isinstance(child, list):
                for index, item in enumerate(child):
                    yield item, f"{pointer}/{key}/{index}"
        elif isinstance(child, dict):
            for name, item in child.items():
                yield item, f"{pointer}/{key}/{escape_pointer_token(str(name))}"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# What a validator needs each keyword's value to be; anything else makes the schema unusable.
VALUE_CHECKS: dict[str, tuple[Any, str]] = {
    **dict.fromkeys(
        ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"), (_number, "a number")
    ),
    "multipleOf": (lambda v: _number(v) and v > 0, "a number above 0"),
    **dict.fromkeys(
        ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"),
        (_count, "a non-negative integer"),
    ),
    "required": (_names, "a list of property names"),
    "enum": (lambda v: isinstance(v, list), "a list"),
    "uniqueItems": (lambda v: isinstance(v, bool), "true or false"),
    "pattern": (lambda v: isinstance(v, str), "a string"),
}


def bad_keyword(node: dict[str, Any]) -> str | None:
    """Why one of the node's validation keywords has a value no validator can use."""
    for key, value in node.items():
        check = VALUE_CHECKS.get(key)
        if check is not None and not check[0](value):
            return f"{key} must be {check[1]}, not {value!r}"[:200]
    return None
