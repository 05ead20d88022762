"""Objects: declared properties in schema order, required ones always, optional ones near
the top; ``readOnly``/``writeOnly`` by direction; extra keys for maps and ``minProperties``."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pymockapi.generation._context import (
    MAX_DEPTH,
    MAX_ITEMS,
    OPTIONAL_DEPTH,
    Failing,
    Gen,
    GenerationError,
    TooDeep,
    below,
    between,
)
from pymockapi.generation._context import Unsatisfiable as Unsat
from pymockapi.generation._realism import words
from pymockapi.model import escape_pointer_token

if TYPE_CHECKING:
    from pymockapi.generation._compiler import Compiler

OPTIONAL_RATE = 0.9


def compile_object(compiler: Compiler, node: Mapping[str, Any], pointer: str) -> Gen:
    props: Mapping[str, Any] = (
        node["properties"] if isinstance(node.get("properties"), Mapping) else {}
    )
    required = [r for r in node.get("required", ()) if isinstance(r, str)]
    patterns = node.get("patternProperties") or {}
    extra_schema = node.get("additionalProperties", node.get("unevaluatedProperties", True))
    low, high = int(node.get("minProperties", 0)), node.get("maxProperties")
    if high is not None and max(low, len(set(required))) > high:
        raise Unsat(f"needs {max(low, len(set(required)))} properties but maxProperties is {high}")
    if extra_schema is False and not patterns and len(props) < low:
        raise Unsat(f"minProperties {low} but only {len(props)} properties are allowed")
    if low > MAX_ITEMS:
        raise Unsat(f"minProperties {low} is too large to generate")
    entries: list[tuple[str, Gen, bool]] = []
    for name, sub in props.items():
        is_required = name in required
        if not is_required and _hidden(compiler, sub):
            continue
        if sub is False:
            if is_required:
                raise Unsat(f"required property {name!r} has the false schema")
            continue
        matching = [s for p, s in patterns.items() if re.search(p, name)]
        schema = {"allOf": [sub, *matching]} if matching else sub
        where = f"{pointer}/properties/{escape_pointer_token(name)}"
        compiled = compiler.node(schema, where, name)
        if is_required or not isinstance(compiled, Failing):
            entries.append((name, compiled, is_required))
    for name in required:
        if name not in props:
            schema = next((s for p, s in patterns.items() if re.search(p, name)), extra_schema)
            if schema is False:
                raise Unsat(f"required property {name!r} is not allowed (additionalProperties)")
            entries.append((name, compiler.node(schema, f"{pointer}/required", name), True))
    extra = _extra_keys(compiler, node, patterns, extra_schema, pointer, set(props))
    dependents = {k: list(v) for k, v in (node.get("dependentRequired") or {}).items()}
    at_most = int(high) if high is not None else None
    entries = _with_dependencies(entries, dependents)
    always = [entry for entry in entries if entry[2]]
    limited = bool(dependents or low) or at_most is not None
    choose = _chooser(entries, dependents, low, at_most) if limited else None

    def gen(rng: random.Random, depth: int) -> dict[str, Any]:
        if depth > MAX_DEPTH:
            raise TooDeep("recursion does not terminate", pointer)
        shallow = depth < OPTIONAL_DEPTH
        deeper = depth + 1
        out: dict[str, Any] = {}
        if choose is not None:
            _draw_chosen(out, entries, choose(rng, shallow), rng, deeper)
        else:  # the common case: decide each property and draw it, in one pass
            for name, draw, req in entries if shallow else always:
                if req or rng.random() < OPTIONAL_RATE:
                    try:
                        out[name] = draw(rng, deeper)
                    except GenerationError:
                        if req:
                            raise  # an optional property that cannot be drawn is left out
        if extra is not None and (len(out) < low or (shallow and not entries)):
            want = max(low - len(out), 0 if entries else between(rng, 1, 2))
            if at_most is not None:
                want = min(want, at_most - len(out))
            extra(rng, deeper, out, want)
        if len(out) < low:
            raise GenerationError(f"could not draw {low} properties", pointer)
        return out

    return gen


def _chooser(
    entries: list[tuple[str, Gen, bool]],
    dependents: dict[str, list[str]],
    low: int,
    at_most: int | None,
) -> Callable[[random.Random, bool], set[str]]:
    """The properties to draw when ``min/maxProperties`` or ``dependentRequired`` apply:
    required ones, optional ones (near the top) up to the maximum, their dependencies, and
    more in schema order up to the minimum. Objects without these decide in one pass."""
    names = _names(entries)
    required = {name for name, _, req in entries if req}

    def choose(rng: random.Random, shallow: bool) -> set[str]:
        chosen = set(required)
        for name, _, req in entries:
            wanted = not req and shallow and rng.random() < OPTIONAL_RATE
            if wanted and (at_most is None or len(chosen) < at_most):
                chosen.add(name)
        if dependents:
            for name in list(chosen):
                chosen.update(d for d in dependents.get(name, ()) if d in names)
        if low:
            for name, _, _ in entries:
                if len(chosen) >= low:
                    break
                chosen.add(name)
        return chosen

    return choose


def _draw_chosen(
    out: dict[str, Any],
    entries: list[tuple[str, Gen, bool]],
    chosen: set[str],
    rng: random.Random,
    depth: int,
) -> None:
    """Draw the ``chosen`` properties into ``out``, in schema order."""
    for name, draw, req in entries:
        if name in chosen:
            try:
                out[name] = draw(rng, depth)
            except GenerationError:
                if req:
                    raise


def _with_dependencies(
    entries: list[tuple[str, Gen, bool]], dependents: dict[str, list[str]]
) -> list[tuple[str, Gen, bool]]:
    """Drop optional properties whose ``dependentRequired`` names cannot be generated."""
    changed = True
    while changed:
        available = _names(entries)
        broken = {
            n for n, deps in dependents.items() if n in available and not available >= set(deps)
        }
        for name, _, required in entries:
            if name in broken and required:
                raise Unsat(f"required property {name!r} depends on properties that cannot exist")
        changed = bool(broken)
        entries = [entry for entry in entries if entry[0] not in broken]
    return entries


def _names(entries: list[tuple[str, Gen, bool]]) -> set[str]:
    return {name for name, _, _ in entries}


def _hidden(compiler: Compiler, sub: Any) -> bool:
    if isinstance(sub, Mapping) and isinstance(sub.get("$ref"), str) and compiler.skip not in sub:
        try:
            sub = compiler.document.resolve(sub["$ref"])
        except (KeyError, IndexError, ValueError):
            return False
    return isinstance(sub, Mapping) and bool(sub.get(compiler.skip))


def _extra_keys(
    compiler: Compiler,
    node: Mapping[str, Any],
    patterns: Mapping[str, Any],
    extra_schema: Any,
    pointer: str,
    declared: set[str],
) -> Any:
    """A function adding ``count`` undeclared keys to an object, or None if none allowed."""
    sources: list[tuple[Gen, Gen, bool]] = []
    for pattern, schema in patterns.items():
        where = f"{pointer}/patternProperties/{escape_pointer_token(pattern)}"
        key_gen = compiler.node({"type": "string", "pattern": pattern}, where)
        sources.append((key_gen, compiler.node(schema, where, ""), True))
    if extra_schema is not False:
        names = node.get("propertyNames")
        if isinstance(names, Mapping):
            key_gen = compiler.node({"type": "string", **names}, f"{pointer}/propertyNames")
        else:
            pool = tuple(word.lower() for word in compiler.pools.get("word"))
            key_gen = lambda rng, depth: words(rng, pool, 1)  # noqa: E731
        value_gen = compiler.node(extra_schema, f"{pointer}/additionalProperties", "")
        sources.append((key_gen, value_gen, False))
    if not sources:
        return None
    compiled = [re.compile(p) for p in patterns]

    def add(rng: random.Random, depth: int, out: dict[str, Any], count: int) -> None:
        for _ in range(count * 10):
            if count <= 0:
                return
            key_gen, value_gen, from_pattern = sources[below(rng, len(sources))]
            key = key_gen(rng, depth)
            hits = sum(1 for c in compiled if c.search(key))
            if key in out or key in declared or hits != (1 if from_pattern else 0):
                continue
            out[key] = value_gen(rng, depth)
            count -= 1

    return add
