"""Dispatch a (merged) schema node to the generators of its keywords and types."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pymockapi.generation._context import (
    OPTIONAL_DEPTH,
    RETRIES,
    Gen,
    GenerationError,
    Unsatisfiable,
    below,
    constant,
)
from pymockapi.generation._merge import CHECKS
from pymockapi.generation._numbers import compile_integer, compile_number
from pymockapi.generation._realism import words
from pymockapi.generation._strings import compile_string

if TYPE_CHECKING:
    from pymockapi.generation._compiler import Compiler

_OBJECT = ("properties", "additionalProperties", "patternProperties", "required")
_OBJECT_MORE = ("minProperties", "maxProperties", "propertyNames", "dependentRequired")
_ARRAY = ("items", "prefixItems", "minItems", "maxItems", "contains", "uniqueItems")
_STRING = ("minLength", "maxLength", "pattern")
_NUMBER = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
EXAMPLE_RATE = 0.75
"""How often a node with valid examples (``example``, ``examples``, ``default``) serves one."""
NULL_RATE, NULL_RATE_DEEP = 0.1, 0.5
"""How often a nullable value is null, above and below ``OPTIONAL_DEPTH``."""
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "null": (type(None),),
    "boolean": (bool,),
    "string": (str,),
    "object": (dict,),
    "array": (list,),
}


def anything(compiler: Compiler) -> Gen:
    pool = compiler.pools.get("word")
    return lambda rng, depth: words(rng, pool, 1)


def types_of(node: Mapping[str, Any]) -> list[str]:
    declared = node.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        if not declared:
            raise Unsatisfiable("type is an empty list")
        return list(declared)
    if any(k in node for k in (*_OBJECT, *_OBJECT_MORE)):
        return ["object"]
    if any(k in node for k in _ARRAY):
        return ["array"]
    if any(k in node for k in _STRING) or ("format" in node and "int" not in str(node["format"])):
        return ["string"]
    if any(k in node for k in _NUMBER):
        return ["integer"] if str(node.get("format", "")).startswith("int") else ["number"]
    return []


def compile_keywords(
    compiler: Compiler, node: dict[str, Any], original: Any, pointer: str, name: str
) -> Gen:
    checks = [compiler.check(extra) for extra in node.pop(CHECKS, [])]
    if "not" in node:
        negated = compiler.check(node["not"])
        checks.append(lambda value: not negated(value))
    if "if" in node:
        gen = _conditional(compiler, node, pointer, name)
        condition = {k: node[k] for k in ("if", "then", "else") if k in node}
        checks.append(compiler.check(condition))
    else:
        is_merged = isinstance(original, Mapping) and ("allOf" in original or "$ref" in original)
        gen = _core(compiler, node, pointer, name, original if is_merged else None)
    if checks:
        gen = _checked(gen, checks, pointer)
    return _with_examples(compiler, node, original, gen)


def _core(
    compiler: Compiler, node: dict[str, Any], pointer: str, name: str, merged: Any = None
) -> Gen:
    from pymockapi.generation._unions import compile_union

    types = types_of(node)
    if "enum" in node:
        values = _enum_values(node, types)
        if merged:  # other parts may constrain the values: keep those valid for all parts
            check = compiler.check(merged)
            values = [v for v in values if check(v)]
            if not values:
                raise Unsatisfiable("no enum value satisfies every allOf part")
        return _enumerated(values)
    for key in ("oneOf", "anyOf"):
        if isinstance(node.get(key), list):
            return compile_union(compiler, node, key, pointer, name)
    if not types:
        return anything(compiler)
    gens = [_typed(compiler, node, t, pointer, name) for t in types]
    if len(gens) == 1:
        return gens[0]
    others = [g for t, g in zip(types, gens, strict=True) if t != "null"]
    if not others:  # "type": ["null", "null"]
        return constant(None)
    some = others[0] if len(others) == 1 else _either(others)
    if "null" not in types:
        return some

    def nullable(rng: random.Random, depth: int) -> Any:
        if rng.random() < (NULL_RATE_DEEP if depth >= OPTIONAL_DEPTH else NULL_RATE):
            return None
        return some(rng, depth)

    return nullable


def _enumerated(values: list[Any]) -> Gen:
    """Draws one of ``values`` (an enum)."""
    if len(values) == 1:
        return constant(values[0])
    count = len(values)
    return lambda rng, depth: values[below(rng, count)]


def _either(gens: list[Gen]) -> Gen:
    """Draws from one of ``gens``, chosen at random each time."""
    count = len(gens)
    return lambda rng, depth: gens[below(rng, count)](rng, depth)


def _typed(compiler: Compiler, node: dict[str, Any], kind: str, pointer: str, name: str) -> Gen:
    from pymockapi.generation._arrays import compile_array
    from pymockapi.generation._objects import compile_object

    if kind == "string":
        both = "pattern" in node and "format" in node
        check = compiler.check({"format": node["format"]}) if both else None
        return compile_string(node, name, compiler.pools, check)
    if kind == "integer":
        return compile_integer(node, name)
    if kind == "number":
        return compile_number(node, name)
    if kind == "boolean":
        return lambda rng, depth: rng.random() < 0.5
    if kind == "null":
        return constant(None)
    if kind == "object":
        return compile_object(compiler, node, pointer)
    if kind == "array":
        return compile_array(compiler, node, pointer)
    raise Unsatisfiable(f"unknown type {kind!r}")


def _enum_values(node: Mapping[str, Any], types: list[str]) -> list[Any]:
    values = list(node["enum"]) if isinstance(node["enum"], list) else []
    if types:
        values = [v for v in values if any(_is_type(v, t) for t in types)]
    if not values:
        raise Unsatisfiable("no enum value has an allowed type")
    return values


def type_allows(node: Mapping[str, Any], value: Any) -> bool:
    kinds = node.get("type")
    if kinds is None:
        return True
    return any(_is_type(value, t) for t in (kinds if isinstance(kinds, list) else [kinds]))


def _is_type(value: Any, kind: str) -> bool:
    if kind in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return kind == "number" or float(value).is_integer()
    return isinstance(value, _JSON_TYPES.get(kind, ()))


def _conditional(compiler: Compiler, node: dict[str, Any], pointer: str, name: str) -> Gen:
    base = {k: v for k, v in node.items() if k not in ("if", "then", "else")}
    variants = []
    for extra, where in ((["if", "then"], "then"), (["else"], "else")):
        parts = [base, *(node[k] for k in extra if k in node)]
        try:
            variants.append(compiler.strict({"allOf": parts}, f"{pointer}/{where}", name))
        except Unsatisfiable:
            continue
    if not variants:
        raise Unsatisfiable("neither the then nor the else branch can be satisfied")
    return variants[0] if len(variants) == 1 else _either(variants)


def _checked(gen: Gen, checks: list[Any], pointer: str) -> Gen:
    def checked(rng: random.Random, depth: int) -> Any:
        for _ in range(RETRIES):
            value = gen(rng, depth)
            if all(check(value) for check in checks):
                return value
        raise GenerationError("no value satisfied not/if/allOf checks", pointer)

    return checked


def _with_examples(compiler: Compiler, node: Mapping[str, Any], original: Any, gen: Gen) -> Gen:
    raw = [node["example"]] if "example" in node else []
    if isinstance(node.get("examples"), list):
        raw.extend(node["examples"])
    if "default" in node:
        raw.append(node["default"])
    raw = [value for value in raw if not isinstance(value, dict | list)]
    if not raw:
        return gen
    check = compiler.check(original)
    valid: list[Any] | None = None  # checked on first use: validators are costly to build

    def with_examples(rng: random.Random, depth: int) -> Any:
        nonlocal valid
        if valid is None:
            valid = [value for value in raw if check(value)]
        if valid and rng.random() < EXAMPLE_RATE:
            return valid[0] if len(valid) == 1 else valid[below(rng, len(valid))]
        return gen(rng, depth)

    return with_examples
