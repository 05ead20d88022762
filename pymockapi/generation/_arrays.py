"""Arrays: ``prefixItems``, ``items``, lengths, ``uniqueItems`` and ``contains`` counts."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pymockapi.generation._context import (
    MAX_DEPTH,
    MAX_ITEMS,
    OPTIONAL_DEPTH,
    RETRIES,
    Gen,
    GenerationError,
    TooDeep,
    Unsatisfiable,
    between,
)

if TYPE_CHECKING:
    from pymockapi.generation._compiler import Compiler


def compile_array(compiler: Compiler, node: Mapping[str, Any], pointer: str) -> Gen:
    prefix_nodes: list[Any] = (
        node["prefixItems"] if isinstance(node.get("prefixItems"), list) else []
    )
    prefix = [compiler.node(p, f"{pointer}/prefixItems/{i}") for i, p in enumerate(prefix_nodes)]
    items_node = node.get("items", True)
    low, high = int(node.get("minItems", 0)), node.get("maxItems")
    if items_node is False:
        high = len(prefix) if high is None else min(int(high), len(prefix))
    contains = node.get("contains")
    min_contains = int(node.get("minContains", 1)) if contains is not None else 0
    low = max(low, min_contains)
    if high is not None and low > int(high):
        raise Unsatisfiable(f"needs at least {low} items but at most {high} are allowed")
    if low > MAX_ITEMS:
        raise Unsatisfiable(f"minItems {low} is too large to generate")
    items = compiler.node(items_node, f"{pointer}/items") if items_node is not False else None
    witness = None
    if contains is not None:
        merged = {"allOf": [items_node, contains]} if items_node is not True else contains
        witness = compiler.node(merged, f"{pointer}/contains")
    check = _contains_check(compiler, node) if contains is not None else None
    unique = node.get("uniqueItems") is True
    top = None if high is None else int(high)

    upper = low + 2 if top is None else min(top, low + 2)
    fewest = min(max(low, 1), upper)

    def draw(rng: random.Random, depth: int) -> list[Any]:
        if depth > MAX_DEPTH:
            raise TooDeep("recursion does not terminate", pointer)
        count = between(rng, fewest, upper) if depth < OPTIONAL_DEPTH else low
        out: list[Any] = []
        seen: set[Any] = set()
        for _attempt in range(count * 8 + 8):
            if len(out) >= count:
                break
            index = len(out)
            if index < len(prefix):
                value = prefix[index](rng, depth + 1)
            elif witness is not None and index < len(prefix) + min_contains:
                value = witness(rng, depth + 1)
            elif items is not None:
                value = items(rng, depth + 1)
            else:
                break
            if unique:
                key = freeze(value)
                if key in seen:
                    continue
                seen.add(key)
            out.append(value)
        if len(out) < low:
            raise GenerationError(f"could not draw {low} distinct items", pointer)
        return out

    if check is None:
        return draw

    def gen(rng: random.Random, depth: int) -> list[Any]:
        for _ in range(RETRIES):
            value = draw(rng, depth)
            if check(value):
                return value
        raise GenerationError("no array satisfied contains/maxContains", pointer)

    return gen


def _contains_check(compiler: Compiler, node: Mapping[str, Any]) -> Any:
    keys = ("contains", "minContains", "maxContains")
    return compiler.check({"type": "array", **{k: node[k] for k in keys if k in node}})


def freeze(value: Any) -> Any:
    """A hashable key equal for values JSON Schema considers equal (1 == 1.0, True != 1)."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("num", float(value))
    if isinstance(value, dict):
        return ("obj", frozenset((k, freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("arr", tuple(freeze(v) for v in value))
    return ("val", value)
