"""Merge the parts of an ``allOf`` (with their ``$ref`` resolved) into one schema node.

Keywords with a clear intersection (type, bounds, required, properties, enum, const) are
combined; contradictions raise :class:`Unsatisfiable`. What cannot be merged (a second
``pattern``, ``oneOf``, ``not``...) is kept under ``CHECKS`` to be verified on the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from math import gcd
from typing import Any

from pymockapi.generation._context import Unsatisfiable

CHECKS = "x-pymockapi-checks"
_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains")
_SUBSCHEMA = ("items", "contains", "propertyNames", "unevaluatedProperties")
_CHECKED = ("pattern", "format", "oneOf", "anyOf", "not", "if", "prefixItems", "uniqueItems")

Resolve = Callable[[str], Any]


def flatten(node: Mapping[str, Any], resolve: Resolve, seen: frozenset[str]) -> list[Any]:
    """The parts of ``node`` once every ``allOf`` and ``$ref`` is opened up."""
    rest = {k: v for k, v in node.items() if k not in ("allOf", "$ref")}
    parts: list[Any] = [rest] if rest else []
    ref = node.get("$ref")
    if isinstance(ref, str) and ref not in seen:
        target = resolve(ref)
        parts[:0] = _open(target, resolve, seen | {ref})
    for part in node.get("allOf", ()):
        parts.extend(_open(part, resolve, seen))
    return parts


def _open(part: Any, resolve: Resolve, seen: frozenset[str]) -> list[Any]:
    if part is True:
        return []
    if part is False:
        raise Unsatisfiable("allOf contains the false schema")
    return flatten(part, resolve, seen) if isinstance(part, Mapping) else []


def merge(parts: list[Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if key not in merged:
                merged[key] = value
                continue
            _combine(merged, key, value)
    _restrict_additional(merged, parts)
    if "const" in merged and "enum" in merged and not _contains(merged["enum"], merged["const"]):
        raise Unsatisfiable("allOf: const is not one of the enum values")
    return merged


def _combine(merged: dict[str, Any], key: str, value: Any) -> None:
    old = merged[key]
    if key == "type":
        merged[key] = _types(old, value)
    elif key in _LOWER:
        merged[key] = max(old, value)
    elif key in _UPPER:
        merged[key] = min(old, value)
    elif key == "required":
        merged[key] = list(dict.fromkeys([*old, *value]))
    elif key in ("properties", "patternProperties", "dependentRequired"):
        combined = dict(old)
        for name, sub in value.items():
            if name not in combined:
                combined[name] = sub
            elif key == "dependentRequired":
                combined[name] = list(dict.fromkeys([*combined[name], *sub]))
            else:
                combined[name] = {"allOf": [combined[name], sub]}
        merged[key] = combined
    elif key in _SUBSCHEMA or (key == "additionalProperties" and old is not False):
        merged[key] = False if value is False else {"allOf": [old, value]}
    elif key == "enum":
        merged[key] = [v for v in old if _contains(value, v)]
        if not merged[key]:
            raise Unsatisfiable("allOf parts have no enum value in common")
    elif key == "const":
        if not _same(old, value):
            raise Unsatisfiable(f"allOf parts require different constants {old!r} and {value!r}")
    elif key == "multipleOf":
        merged[key] = _lcm(old, value)
    elif key in ("readOnly", "writeOnly"):
        merged[key] = bool(old or value)
    elif key in _CHECKED and old != value:
        merged.setdefault(CHECKS, []).append({key: value})


def _types(old: Any, new: Any) -> list[str]:
    a = set(old if isinstance(old, list) else [old])
    b = set(new if isinstance(new, list) else [new])
    both = a & b
    if ("integer" in a and "number" in b) or ("number" in a and "integer" in b):
        both.add("integer")
    order = old if isinstance(old, list) else [old]
    result = [t for t in [*order, "integer"] if t in both]
    if not result:
        raise Unsatisfiable(f"allOf parts require incompatible types {sorted(a)} and {sorted(b)}")
    return list(dict.fromkeys(result))


def _restrict_additional(merged: dict[str, Any], parts: list[Any]) -> None:
    """A part's ``additionalProperties`` also governs properties only other parts declare."""
    props = dict(merged.get("properties") or {})
    for part in parts:
        extra = part.get("additionalProperties", True)
        if extra is True or extra is False:
            continue
        own = part.get("properties") or {}
        for name in props:
            if name not in own and not any(
                re.search(p, name) for p in part.get("patternProperties") or {}
            ):
                props[name] = {"allOf": [props[name], extra]}
    if props:
        merged["properties"] = props
    closed = [p for p in parts if p.get("additionalProperties") is False]
    if not closed or "properties" not in merged:
        return
    allowed = set.intersection(*(set(p.get("properties", {})) for p in closed))
    patterns = [pat for p in closed for pat in p.get("patternProperties", {})]
    kept = {n: s for n, s in merged["properties"].items() if n in allowed or patterns}
    for name in merged.get("required", ()):
        if name not in kept and not patterns:
            raise Unsatisfiable(f"allOf: required property {name!r} is forbidden by another part")
    merged["properties"] = kept


def _same(a: Any, b: Any) -> bool:
    return (type(a) is type(b) and a == b) or (_num(a) and _num(b) and a == b)


def _num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _contains(values: list[Any], value: Any) -> bool:
    return any(_same(v, value) for v in values)


def _lcm(a: float, b: float) -> float:
    fa, fb = Fraction(str(a)), Fraction(str(b))
    num = fa.numerator * fb.numerator // gcd(fa.numerator, fb.numerator)
    value = Fraction(num, gcd(fa.denominator, fb.denominator))
    return int(value) if value.denominator == 1 else float(value)
