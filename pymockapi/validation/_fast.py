"""A fast yes/no check for the common subset of JSON Schema, compiled into closures.

jsonschema builds a new validator for every subschema it descends into, which makes a small
object body cost tens of microseconds. Most request schemas use a handful of keywords, so
:func:`compile_check` turns such a schema into nested closures that answer "valid?" in a few
microseconds. Anything outside the subset (``$ref``, ``uniqueItems``, ``if``, ...) makes it
return ``None`` and the caller relies on jsonschema alone. jsonschema stays the authority for
messages: it runs whenever this check says "invalid". The subset mirrors jsonschema's
semantics (booleans are not numbers, ``1.0`` is an integer, bytes count as strings), and a
property test holds the two to agreement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from jsonschema import FormatChecker

Check = Callable[[Any], bool]

_IGNORED = frozenset(
    {
        "title", "description", "default", "examples", "example", "readOnly", "writeOnly",
        "deprecated", "xml", "discriminator", "externalDocs", "$comment", "$schema", "$defs",
        "contentMediaType", "contentEncoding", "nullable",
    }
)  # fmt: skip
_NUMERIC = {
    "minimum": lambda limit: lambda v: v >= limit,
    "maximum": lambda limit: lambda v: v <= limit,
    "exclusiveMinimum": lambda limit: lambda v: v > limit,
    "exclusiveMaximum": lambda limit: lambda v: v < limit,
}


class _Unsupported(Exception):
    pass


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "string": lambda v: isinstance(v, str | bytes),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "number": _is_number,
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
}


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _equal_to(expected: Any) -> Check:
    if not _scalar(expected):
        raise _Unsupported
    if isinstance(expected, bool):
        return lambda v: v is expected
    if expected is None:
        return lambda v: v is None
    if isinstance(expected, str):
        return lambda v: isinstance(v, str) and v == expected
    return lambda v: _is_number(v) and v == expected


Resolve = Callable[[str], Any]
"""Absolute ``$ref`` -> the (inlined) schema it names, or ``None`` if unknown."""


class _Context:
    def __init__(self, formats: FormatChecker, resolve: Resolve | None) -> None:
        self.formats = formats
        self.resolve = resolve
        self.refs: dict[str, list[Check]] = {}

    def ref(self, uri: str) -> Check:
        """A check for a recursive reference, compiled once; the cell breaks the cycle."""
        cell = self.refs.get(uri)
        if cell is None:
            target = self.resolve(uri) if self.resolve else None
            if target is None:
                raise _Unsupported
            cell = self.refs[uri] = []
            cell.append(_compile(target, self))
        return lambda v: cell[0](v)


def compile_check(
    schema: Any, formats: FormatChecker, resolve: Resolve | None = None
) -> Check | None:
    """A predicate equivalent to jsonschema's ``is_valid`` for ``schema``, or ``None``.

    ``resolve`` lets recursive references (the only ones left after inlining) be followed.
    """
    try:
        return _compile(schema, _Context(formats, resolve))
    except _Unsupported:
        return None


def _compile(schema: Any, ctx: _Context) -> Check:
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, Mapping):
        raise _Unsupported
    if set(schema) == {"$ref"}:
        return ctx.ref(schema["$ref"])
    checks: list[Check] = []
    for key, value in schema.items():
        if key in _IGNORED or key.startswith("x-"):
            continue
        checks.append(_keyword(key, value, schema, ctx))
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    return lambda v: all(check(v) for check in checks)


def _only(kind: Check, check: Check) -> Check:
    return lambda v: not kind(v) or check(v)


def _keyword(key: str, value: Any, schema: Mapping[str, Any], ctx: _Context) -> Check:
    if key == "type":
        names = [value] if isinstance(value, str) else list(value)
        if any(name not in _TYPES for name in names):
            raise _Unsupported
        kinds = [_TYPES[name] for name in names]
        return kinds[0] if len(kinds) == 1 else lambda v: any(kind(v) for kind in kinds)
    if key == "enum":
        options = [_equal_to(option) for option in value]
        return lambda v: any(option(v) for option in options)
    if key == "const":
        return _equal_to(value)
    if key in _NUMERIC:
        return _only(_is_number, _NUMERIC[key](value))
    if key in ("minLength", "maxLength"):
        low, high = (value, None) if key == "minLength" else (0, value)
        return _only(_TYPES["string"], lambda v: len(v) >= low and (high is None or len(v) <= high))
    if key == "pattern":
        search = re.compile(value).search
        return lambda v: not isinstance(v, str) or search(v) is not None
    if key == "format":
        return _format(ctx.formats, value)
    if key == "multipleOf":
        return _only(_is_number, _multiple_of(value))
    return _structural(key, value, schema, ctx)


def _format(formats: Any, name: str) -> Check:
    """``FormatChecker.conforms`` without its per-call lookup and exception round trip."""
    found = formats.checkers.get(name)
    if found is None:
        return lambda v: True  # an unknown format is an annotation
    func, raises = found

    def conforms(v: Any) -> bool:
        try:
            return bool(func(v))
        except raises:
            return False

    return conforms


def _multiple_of(step: Any) -> Check:
    """jsonschema's semantics: float steps compare the quotient, with an exact fallback."""
    if isinstance(step, float):

        def check(v: Any) -> bool:
            quotient = v / step
            try:
                return bool(int(quotient) == quotient)
            except OverflowError:
                return (Fraction(v) / Fraction(step)).denominator == 1

        return check
    return lambda v: not v % step


def _canonical(value: Any) -> Any:
    """A hashable key under which JSON-equal values (1 and 1.0, not true and 1) coincide."""
    if value is True or value is False:
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, (str, bytes)):
        return ("string", value)
    if isinstance(value, (list, tuple)):
        return ("array", tuple(_canonical(item) for item in value))
    if isinstance(value, Mapping):
        return ("object", frozenset((key, _canonical(item)) for key, item in value.items()))
    return ("other", repr(value))


def _unique(v: Any) -> bool:
    keys = [_canonical(item) for item in v]
    return len(set(keys)) == len(keys)


def _structural(key: str, value: Any, schema: Mapping[str, Any], ctx: _Context) -> Check:
    is_array, is_object = _TYPES["array"], _TYPES["object"]
    if key == "items" and not isinstance(value, list):
        item = _compile(value, ctx)
        return _only(is_array, lambda v: all(item(x) for x in v))
    if key == "uniqueItems":
        return _only(is_array, _unique) if value else lambda v: True
    if key in ("minItems", "minProperties"):
        return _only(is_array if key == "minItems" else is_object, lambda v: len(v) >= value)
    if key in ("maxItems", "maxProperties"):
        return _only(is_array if key == "maxItems" else is_object, lambda v: len(v) <= value)
    if key == "required":
        names = list(value)
        return _only(is_object, lambda v: all(name in v for name in names))
    if key == "properties":
        props = {name: _compile(sub, ctx) for name, sub in value.items()}
        return _only(is_object, lambda v: all(props[k](x) for k, x in v.items() if k in props))
    if key == "additionalProperties":
        if "patternProperties" in schema:
            raise _Unsupported
        declared = frozenset(schema.get("properties", ()))
        extra = _compile(value, ctx)
        return _only(is_object, lambda v: all(extra(x) for k, x in v.items() if k not in declared))
    if key in ("allOf", "anyOf", "oneOf"):
        parts = [_compile(sub, ctx) for sub in value]
        if key == "allOf":
            return lambda v: all(part(v) for part in parts)
        if key == "anyOf":
            return lambda v: any(part(v) for part in parts)
        return lambda v: sum(1 for part in parts if part(v)) == 1
    if key == "not":
        negated = _compile(value, ctx)
        return lambda v: not negated(v)
    raise _Unsupported
