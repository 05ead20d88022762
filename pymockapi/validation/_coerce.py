"""Type the strings of parameters and form fields by what their schema says, decided once.

:func:`shape_of` looks through ``$ref``, ``allOf``, ``anyOf`` and ``oneOf`` at compile time to
learn which JSON types a value may take; :func:`coercer` turns that into a function from the
parsed text to a typed value. A string that cannot take any allowed type stays a string, so
the schema check reports it ("must be an integer (got 'abc')").
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pymockapi.model import Schema, SchemaDocument
from pymockapi.validation._styles import Kind

_INTEGER = re.compile(r"-?\d{1,4000}", re.ASCII)
_NUMBER = re.compile(r"-?\d{1,4000}(\.\d{1,4000})?([eE][-+]?\d{1,5})?", re.ASCII)
_MAX_DEPTH = 12
Coercer = Callable[[Any], Any]


@dataclass
class Shape:
    """What a schema allows, as far as typing text goes. No types means any."""

    types: set[str] = field(default_factory=set)
    items: Shape | None = None
    properties: dict[str, Shape] = field(default_factory=dict)
    additional: Shape | None = None
    """The shape of ``additionalProperties`` when it is a schema."""
    closed: bool = False
    """``additionalProperties: false``: only the declared properties exist."""

    @property
    def kind(self) -> Kind:
        concrete = self.types - {"null"}
        if concrete == {"array"}:
            return "array"
        if concrete == {"object"}:
            return "object"
        return "primitive"


def shape_of(schema: Schema | None) -> Shape:
    if schema is None:
        return Shape()
    return _shape(schema.node, schema.document, 0)


def _shape(node: Any, document: SchemaDocument, depth: int) -> Shape:
    shape = Shape()
    if not isinstance(node, Mapping) or depth > _MAX_DEPTH:
        return shape
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        with contextlib.suppress(KeyError, IndexError, ValueError, TypeError):
            _merge(shape, _shape(document.resolve(ref), document, depth + 1))
    kind = node.get("type")
    if isinstance(kind, str):
        shape.types.add(kind)
    elif isinstance(kind, list):
        shape.types.update(k for k in kind if isinstance(k, str))
    elif "properties" in node:
        shape.types.add("object")
    elif "items" in node:
        shape.types.add("array")
    if isinstance(node.get("items"), Mapping):
        shape.items = _shape(node["items"], document, depth + 1)
    for name, sub in (node.get("properties") or {}).items():
        shape.properties[name] = _shape(sub, document, depth + 1)
    shape.closed = shape.closed or node.get("additionalProperties") is False
    if isinstance(node.get("additionalProperties"), Mapping):
        shape.additional = _shape(node["additionalProperties"], document, depth + 1)
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in node.get(key) or ():
            _merge(shape, _shape(sub, document, depth + 1))
    return shape


def _merge(into: Shape, other: Shape) -> None:
    into.types |= other.types
    into.items = into.items or other.items
    for name, sub in other.properties.items():
        into.properties.setdefault(name, sub)
    into.additional = into.additional or other.additional
    into.closed = into.closed or other.closed


def _number(text: str) -> Any:
    if _INTEGER.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text):
        value = float(text)
        return value if math.isfinite(value) else text
    return text


def scalar_coercer(shape: Shape) -> Coercer:
    """Text -> the first allowed type it parses as; strings win when allowed."""
    types = shape.types
    if not types or "string" in types:
        return _identity
    steps: list[Callable[[str], Any]] = []
    if "integer" in types or "number" in types:
        integer_only = "number" not in types
        steps.append(
            lambda t: int(t) if _INTEGER.fullmatch(t) else (t if integer_only else _number(t))
        )
    if "boolean" in types:
        steps.append(lambda t: {"true": True, "false": False}.get(t, t))
    if "null" in types:
        steps.append(lambda t: None if t in ("", "null") else t)

    def coerce(text: Any) -> Any:
        if not isinstance(text, str):
            return text
        for step in steps:
            value = step(text)
            if value is not text:
                return value
        return text

    return coerce


def _identity(value: Any) -> Any:
    return value


def coercer(shape: Shape) -> Coercer:
    """Coerce what a style reader returned (str, list or dict of str) by ``shape``."""
    kind = shape.kind
    if kind == "array":
        item = scalar_coercer(shape.items or Shape())
        return lambda raw: [item(x) for x in raw] if isinstance(raw, list) else raw
    if kind == "object":
        fields = {name: scalar_coercer(sub) for name, sub in shape.properties.items()}
        other = scalar_coercer(shape.additional) if shape.additional else _identity
        return lambda raw: (
            {k: fields.get(k, other)(v) for k, v in raw.items()} if isinstance(raw, dict) else raw
        )
    return scalar_coercer(shape)
