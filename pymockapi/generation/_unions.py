"""``oneOf``/``anyOf``: pick a branch (with the discriminator value naming it), and for
``oneOf`` make sure the value matches no other branch."""

from __future__ import annotations

import contextlib
import random
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pymockapi.generation._context import (
    ANNOTATIONS,
    OPTIONAL_DEPTH,
    RETRIES,
    Gen,
    GenerationError,
    Unsatisfiable,
    below,
    failing,
)
from pymockapi.generation._ties import (
    Breakers,
    break_ties,
    breakers_for,
    fast_checks,
    shape_of,
)
from pymockapi.model import unescape_pointer_token

if TYPE_CHECKING:
    from pymockapi.generation._compiler import Compiler

_SCALARS = frozenset({"string", "integer", "number", "boolean", "null"})


def discriminator_value(compiler: Compiler, part: Any, ref: str) -> tuple[str, str] | None:
    """``(property, value)`` naming the schema at ``ref`` for ``part``'s discriminator."""
    disc = part.get("discriminator") if isinstance(part, Mapping) else None
    if not isinstance(disc, Mapping) or not isinstance(disc.get("propertyName"), str):
        return None
    prop = disc["propertyName"]
    mapping: Mapping[str, Any] = disc["mapping"] if isinstance(disc.get("mapping"), Mapping) else {}
    key = next((k for k, v in mapping.items() if v == ref), None)
    if key is None:
        key = unescape_pointer_token(ref.rsplit("/", 1)[-1])
    schema = part.get("properties", {}).get(prop, {}) if isinstance(part, Mapping) else {}
    return (prop, key) if _accepts(compiler, schema, key) else None


def _accepts(compiler: Compiler, schema: Any, value: str) -> bool:
    if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        try:
            schema = compiler.document.resolve(schema["$ref"])
        except (KeyError, IndexError, ValueError):
            return False
    if not isinstance(schema, Mapping):
        return schema is not False
    kinds = schema.get("type", "string")
    if "string" not in (kinds if isinstance(kinds, list) else [kinds]):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if "const" in schema and schema["const"] != value:
        return False
    pattern = schema.get("pattern")
    return not (isinstance(pattern, str) and not re.search(pattern, value))


def compile_union(
    compiler: Compiler, node: Mapping[str, Any], key: str, pointer: str, name: str
) -> Gen:
    branches = node[key]
    base = {k: v for k, v in node.items() if k not in (key, "discriminator")}
    constrained = any(k not in _ANNOTATIONS for k in base)
    gens: list[Gen] = []
    costs: list[int] = []
    twins = _twins(compiler, branches) if key == "oneOf" else set()
    if twins and len(twins) == len(branches):
        raise Unsatisfiable(
            "every oneOf branch has an identical twin: no value matches exactly one"
        )
    for index, branch in enumerate(branches):
        if index in twins:
            gens.append(failing("identical to another oneOf branch", f"{pointer}/{key}/{index}"))
            costs.append(9)
            continue
        parts = [base, branch] if constrained else [branch]
        if isinstance(branch, Mapping) and isinstance(branch.get("$ref"), str):
            found = discriminator_value(compiler, node, branch["$ref"])
            if found is not None:
                parts.append({"properties": {found[0]: {"const": found[1]}}})
        schema = parts[0] if len(parts) == 1 else {"allOf": parts}
        gens.append(compiler.node(schema, f"{pointer}/{key}/{index}", name))
        costs.append(_cost(branch))
    checks: list[Any] = []
    breakers: Breakers = []
    if key == "oneOf" and _overlap(branches):
        shapes = [shape_of(compiler, b) for b in branches]
        checks = fast_checks(shapes, [compiler.check(b) for b in branches])
        breakers = breakers_for(shapes)
    cheap = sorted(range(len(gens)), key=costs.__getitem__)
    # Overlapping oneOf branches: a few tries per branch usually find a value matching only
    # one; when none did (a branch whose values are exclusive only half of the time fails
    # 5 tries in 3% of draws), a second pass tries much longer before giving up.
    passes = (RETRIES // 5, RETRIES) if checks else (1,)

    def gen(rng: random.Random, depth: int) -> Any:
        count = len(gens)
        if depth >= OPTIONAL_DEPTH:
            order = cheap
        else:
            start = below(rng, count)
            order = [*range(start, count), *range(start)]
        for tries in passes:
            overlapped = False
            for index in order:
                for _ in range(tries):
                    try:
                        value = gens[index](rng, depth)
                    except GenerationError:
                        break
                    matched = [i for i, c in enumerate(checks) if i != index and c(value)]
                    if not matched:
                        return value
                    value = break_ties(value, matched, index, checks, breakers)
                    if value is not None:
                        return value
                    overlapped = True
            if not overlapped:  # every branch failed to draw: trying longer would not help
                break
        raise GenerationError(f"no branch of {key} could be generated", pointer)

    return gen


# For union branches, a $ref or a discriminator is content, not an annotation.
_ANNOTATIONS = ANNOTATIONS - {"$ref", "discriminator", "$anchor", "$defs"}


def _twins(compiler: Compiler, branches: list[Any]) -> set[int]:
    """Branches equal to another one (ignoring annotations): no value matches only them."""
    plain = []
    for branch in branches:
        if isinstance(branch, Mapping):
            branch = {k: v for k, v in branch.items() if k not in _ANNOTATIONS}
            if list(branch) == ["$ref"] and isinstance(branch["$ref"], str):
                with contextlib.suppress(KeyError, IndexError, ValueError):
                    branch = compiler.document.resolve(branch["$ref"])
        plain.append(branch)
    return {i for i, a in enumerate(plain) for j, b in enumerate(plain) if i != j and a == b}


def _cost(branch: Any) -> int:
    if not isinstance(branch, Mapping):
        return 1
    kinds = branch.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "null" in kinds:
        return 0
    if all(k in _SCALARS for k in kinds):
        return 1
    return 3 if "$ref" in branch else 2


def _overlap(branches: list[Any]) -> bool:
    """False when the branches are scalars of pairwise different types (no check needed)."""
    seen: set[str] = set()
    for branch in branches:
        if not isinstance(branch, Mapping) or set(branch) - {"type", "format", "description"}:
            return True
        kind = branch.get("type")
        if not isinstance(kind, str) or kind in seen or {kind, *seen} >= {"integer", "number"}:
            return True
        seen.add(kind)
    return False
