"""Checking a changed item by its changes: a write revalidates what it touched, not the rest.

After ``PATCH {"state": "closed"}`` on a 17 kB item that conformed a moment ago, only
``state`` can have made it fail, provided the schema judges each property on its own. That
holds for an object schema made of ``type``, ``properties``, ``required``,
``additionalProperties``, ``minProperties``/``maxProperties`` and annotations, and for an
``allOf`` of such schemas (each branch judges the whole object, so each is checked).
Anything that relates properties to each other or to the whole (``oneOf``, ``if``,
``dependentRequired``, ``patternProperties``, ``unevaluatedProperties``, ...) has no plan,
and the item is validated whole as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pymockapi.crud._shapes import child, resolve
from pymockapi.model import MISSING, Schema
from pymockapi.validation.schemas import ANNOTATIONS

_PER_PROPERTY = frozenset(
    {"type", "properties", "required", "additionalProperties", "minProperties", "maxProperties"}
)
_MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Part:
    """One object schema that judges each property on its own."""

    properties: Mapping[str, Schema]
    additional: Schema | None
    """What a property ``properties`` does not name must fit (``None``: anything goes)."""
    required: frozenset[str]
    min_properties: int
    max_properties: int | None


Plan = tuple[Part, ...]


def conjuncts(schema: Schema, depth: int = 0) -> tuple[Schema, ...]:
    """The schemas a value must all satisfy: a bare ``allOf`` is its branches, flattened.

    Response schemas often wrap a shared model (``allOf: [{$ref: issue}, {extra}]``): split
    up, a value known to fit ``issue`` through another operation need not be checked again.
    A schema with other keywords beside ``allOf`` stays whole.
    """
    schema = _resolved(schema)
    node = schema.node
    if (
        depth < _MAX_DEPTH
        and isinstance(node, Mapping)
        and isinstance(node.get("allOf"), list)
        and not any(_constrains(key) for key in node if key != "allOf")
    ):
        return tuple(
            part
            for index in range(len(node["allOf"]))
            for part in conjuncts(child(schema, "allOf", index), depth + 1)
        )
    return (schema,)


def _constrains(keyword: str) -> bool:
    return keyword not in ANNOTATIONS and not keyword.startswith("x-")


def _resolved(schema: Schema) -> Schema:
    """The schema a chain of bare ``$ref``s names; a ``$ref`` with constraints beside it
    stays as it is (it means both)."""
    return resolve(schema, stop=_constrained_ref)


def _constrained_ref(schema: Schema) -> bool:
    node = schema.node
    return isinstance(node, Mapping) and any(_constrains(key) for key in node if key != "$ref")


def plan(schema: Schema) -> Plan | None:
    """The parts that judge ``schema``'s objects property by property, or ``None``."""
    parts: list[Part] = []
    return tuple(parts) if _collect(schema, parts, 0) else None


def _collect(schema: Schema, parts: list[Part], depth: int) -> bool:
    schema = _resolved(schema)
    node = schema.node
    if not isinstance(node, Mapping) or "$ref" in node or depth >= _MAX_DEPTH:
        return False
    keywords = {key for key in node if _constrains(key)}
    if not keywords <= _PER_PROPERTY | {"allOf"}:
        return False
    kinds = node.get("type", "object")
    if kinds != "object" and not (isinstance(kinds, list) and "object" in kinds):
        return False
    if keywords - {"allOf"}:
        part = _part(schema, node)
        if part is None:
            return False
        parts.append(part)
    branches = node.get("allOf", [])
    if not isinstance(branches, list):
        return False
    return all(
        _collect(child(schema, "allOf", index), parts, depth + 1) for index in range(len(branches))
    )


def _part(schema: Schema, node: Mapping[str, Any]) -> Part | None:
    declared = node.get("properties", {})
    required = node.get("required", [])
    low, high = node.get("minProperties", 0), node.get("maxProperties")
    if not isinstance(declared, Mapping) or not isinstance(required, list):
        return None
    if not isinstance(low, int) or not (high is None or isinstance(high, int)):
        return None
    additional = node.get("additionalProperties")
    return Part(
        properties={str(name): child(schema, "properties", name) for name in declared},
        additional=None if additional is None else child(schema, "additionalProperties"),
        required=frozenset(str(name) for name in required),
        min_properties=low,
        max_properties=high,
    )


def changed_fits(
    parts: Plan,
    before: Mapping[str, Any],
    after: Any,
    is_valid: Callable[[Schema, Any], bool],
) -> bool:
    """Whether ``after`` conforms, given that ``before`` did.

    A property counts as changed unless it holds the very same object as before (a write
    keeps the untouched values; an equal but distinct value is checked again, which is
    what keeps ``1`` and ``true`` apart).
    """
    if not isinstance(after, dict):
        return False
    changed = [key for key, value in after.items() if before.get(key, MISSING) is not value]
    removed = [key for key in before if key not in after]
    for part in parts:
        if len(after) < part.min_properties:
            return False
        if part.max_properties is not None and len(after) > part.max_properties:
            return False
        if not part.required.isdisjoint(removed):
            return False
        for key in changed:
            judge = part.properties.get(key, part.additional)
            if judge is not None and not is_valid(judge, after[key]):
                return False
    return True
