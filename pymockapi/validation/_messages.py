"""Turn a jsonschema error into a violation a person can read: where, what, and what came."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from jsonschema.exceptions import ValidationError

from pymockapi.errors import Violation

_ARTICLES = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "a boolean",
    "object": "an object",
    "array": "an array",
    "null": "null",
}
_MAX_SHOWN = 60


def show(value: Any) -> str:
    """A short, JSON-like rendering of a value for messages."""
    if value is None:
        text = "null"
    elif value is True or value is False:
        text = "true" if value else "false"
    elif isinstance(value, bytes):
        text = f"<{len(value)} bytes>"
    elif isinstance(value, dict):
        text = "an object"
    elif isinstance(value, list):
        text = f"an array of {len(value)}"
    else:
        text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def _types(expected: Any) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    return " or ".join(_ARTICLES.get(name, name) for name in names)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _extra_properties(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    declared = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    return [
        key for key in instance if key not in declared and not any(p.search(key) for p in patterns)
    ]


def _unexpected(error: ValidationError) -> str:
    extras = _extra_properties(error) if error.validator == "additionalProperties" else []
    if not extras:
        return "has unexpected properties"
    names = ", ".join(repr(name) for name in extras)
    return f"unexpected propert{'y' if len(extras) == 1 else 'ies'} {names}"


def _one_of(error: ValidationError) -> str:
    matched = "none" if error.context else "more than one"
    return f"must match exactly one of the allowed schemas (matched {matched})"


_Phrase = Callable[[ValidationError], str]
_PHRASES: dict[str, _Phrase] = {
    "type": lambda e: f"must be {_types(e.validator_value)} (got {show(e.instance)})",
    "minimum": lambda e: f"must be >= {e.validator_value} (got {show(e.instance)})",
    "maximum": lambda e: f"must be <= {e.validator_value} (got {show(e.instance)})",
    "exclusiveMinimum": lambda e: f"must be > {e.validator_value} (got {show(e.instance)})",
    "exclusiveMaximum": lambda e: f"must be < {e.validator_value} (got {show(e.instance)})",
    "multipleOf": lambda e: f"must be a multiple of {e.validator_value} (got {show(e.instance)})",
    "minLength": lambda e: (
        f"must be at least {_plural(e.validator_value, 'character')} long (got {len(e.instance)})"
    ),
    "maxLength": lambda e: (
        f"must be at most {_plural(e.validator_value, 'character')} long (got {len(e.instance)})"
    ),
    "pattern": lambda e: f"must match the pattern {e.validator_value!r} (got {show(e.instance)})",
    "format": lambda e: f"must be a valid {e.validator_value} (got {show(e.instance)})",
    "enum": lambda e: (
        f"must be one of {', '.join(show(v) for v in e.validator_value)} (got {show(e.instance)})"
    ),
    "const": lambda e: f"must be {show(e.validator_value)} (got {show(e.instance)})",
    "minItems": lambda e: (
        f"must have at least {_plural(e.validator_value, 'item')} (got {len(e.instance)})"
    ),
    "maxItems": lambda e: (
        f"must have at most {_plural(e.validator_value, 'item')} (got {len(e.instance)})"
    ),
    "uniqueItems": lambda e: "must not contain duplicate items",
    "minProperties": lambda e: (
        f"must have at least {_plural(e.validator_value, 'property')} (got {len(e.instance)})"
    ).replace("propertys", "properties"),
    "maxProperties": lambda e: (
        f"must have at most {_plural(e.validator_value, 'property')} (got {len(e.instance)})"
    ).replace("propertys", "properties"),
    "additionalProperties": _unexpected,
    "unevaluatedProperties": _unexpected,
    "unevaluatedItems": lambda e: "has unexpected items",
    "oneOf": _one_of,
    "anyOf": lambda e: "must match at least one of the allowed schemas",
    "not": lambda e: "must not match the forbidden schema",
    "contains": lambda e: "must contain at least one matching item",
    "propertyNames": lambda e: f"has an invalid property name {show(e.instance)}",
    "false": lambda e: "is not allowed",
}


def join(location: str, path: Iterable[Any]) -> str:
    """``body`` + ``['tags', 1]`` -> ``body.tags[1]``."""
    parts = [location]
    for step in path:
        parts.append(f"[{step}]" if isinstance(step, int) else f".{step}")
    return "".join(parts)


def violations_of(error: ValidationError, location: str) -> list[Violation]:
    """One violation per missing property, else one for the error."""
    where = join(location, error.absolute_path)
    keyword = str(error.validator)
    if keyword == "required":
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        missing = [name for name in error.validator_value if name not in instance]
        return [Violation(where, f"{name!r} is required") for name in missing]
    if keyword == "dependentRequired":
        return [Violation(where, error.message)]
    if error.validator is None or (keyword == "not" and error.validator_value == {}):
        keyword = "false"  # a ``false`` schema
    phrase = _PHRASES.get(keyword)
    return [Violation(where, phrase(error) if phrase else error.message)]
