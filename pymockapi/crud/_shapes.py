"""Reading the shape of a model schema: its properties, its array items, its flags.

Only what stateful CRUD needs: ``$ref`` chains are followed and ``allOf`` branches merged
(bounded, so a recursive schema cannot loop); ``oneOf``/``anyOf`` are not guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pymockapi.model import Schema, SchemaDocument, escape_pointer_token

_MAX_DEPTH = 16
_MEMO_SIZE = 20_000
_T = TypeVar("_T")
_memo: dict[tuple[int, str, str], tuple[SchemaDocument, Any]] = {}


def _remembered(schema: Schema, question: str, answer: Callable[[], _T]) -> _T:
    """Shapes are pure functions of a schema: answer each question once per schema.

    Keyed by the document's identity and the pointer (a ``Schema`` compares by pointer
    only, and the request and response views share pointers); the document is kept with
    the answer so a reused ``id`` after a reload can never return a stale one.
    """
    key = (id(schema.document), schema.pointer, question)
    hit = _memo.get(key)
    if hit is not None and hit[0] is schema.document:
        return hit[1]  # type: ignore[no-any-return]
    value = answer()
    if len(_memo) >= _MEMO_SIZE:
        _memo.clear()
    _memo[key] = (schema.document, value)
    return value


_LIST_NAMES = ("data", "items", "results", "content", "records", "entries", "values")


def resolve(schema: Schema, stop: Callable[[Schema], bool] | None = None) -> Schema:
    """Follow a ``$ref`` chain to the schema it names (the schema itself when none), or to
    the first schema on the way that ``stop`` says to keep."""
    for _ in range(_MAX_DEPTH):
        if stop is not None and stop(schema):
            break
        target = _follow(schema)
        if target is None:
            break
        schema = target
    return schema


def _follow(schema: Schema) -> Schema | None:
    """The schema a ``$ref`` names, one step (``None`` without one, or when it is broken)."""
    node = schema.node
    if not isinstance(node, Mapping) or not isinstance(node.get("$ref"), str):
        return None
    pointer = node["$ref"].removeprefix("#")
    try:
        target = schema.document.resolve(pointer)
    except (KeyError, IndexError, ValueError, TypeError):
        return None
    return Schema(pointer, target, schema.document)


def child(schema: Schema, *tokens: str | int) -> Schema:
    """The subschema at ``tokens`` below ``schema`` (``"properties", "id"``), with its pointer."""
    node: Any = schema.node
    for token in tokens:
        node = node[token]
    pointer = schema.pointer + "".join(f"/{escape_pointer_token(str(t))}" for t in tokens)
    return Schema(pointer, node, schema.document)


def _branches(schema: Schema, depth: int = 0) -> list[Schema]:
    """The schema and every ``allOf`` branch below it, resolved."""
    schema = resolve(schema)
    found = [schema]
    node = schema.node
    if depth < _MAX_DEPTH and isinstance(node, Mapping) and isinstance(node.get("allOf"), list):
        for index in range(len(node["allOf"])):
            found.extend(_branches(child(schema, "allOf", index), depth + 1))
    return found


def properties(schema: Schema) -> Mapping[str, Schema]:
    """The declared properties of an object schema, ``allOf`` branches merged."""
    return _remembered(schema, "properties", lambda: _properties(schema))


def _properties(schema: Schema) -> dict[str, Schema]:
    found: dict[str, Schema] = {}
    for branch in _branches(schema):
        declared = branch.node.get("properties") if isinstance(branch.node, Mapping) else None
        if isinstance(declared, Mapping):
            for name in declared:
                found.setdefault(str(name), child(branch, "properties", name))
    return found


def types(schema: Schema) -> set[str]:
    found: set[str] = set()
    for branch in _branches(schema):
        declared = branch.node.get("type") if isinstance(branch.node, Mapping) else None
        found.update([declared] if isinstance(declared, str) else declared or ())
    return found


def keyword(schema: Schema, name: str) -> Any:
    """A keyword's value, looked up on the schema and its ``allOf`` branches (first wins)."""
    node = schema.node
    if isinstance(node, Mapping) and name in node:
        return node[name]
    for branch in _branches(schema):
        if isinstance(branch.node, Mapping) and name in branch.node:
            return branch.node[name]
    return None


def flagged(schema: Schema, flag: str) -> frozenset[str]:
    """Names of the properties marked ``readOnly`` or ``writeOnly`` (``flag``)."""
    return _remembered(
        schema,
        f"flagged:{flag}",
        lambda: frozenset(
            name for name, prop in properties(schema).items() if keyword(prop, flag) is True
        ),
    )


def array_items(schema: Schema) -> Schema | None:
    """The ``items`` schema of an array schema, else ``None``."""
    return _remembered(schema, "items", lambda: _array_items(schema))


def _array_items(schema: Schema) -> Schema | None:
    for branch in _branches(schema):
        node = branch.node
        if isinstance(node, Mapping) and isinstance(node.get("items"), Mapping | bool):
            return child(branch, "items")
    return None


def envelope(schema: Schema, collection: str) -> tuple[str, Schema] | None:
    """The array property of a list envelope (``{"data": [...], "total": 3}``), else None.

    With several array properties, a conventional name (``data``, ``items``, ...) or the
    collection's own name (``pets``) decides; otherwise the shape is not guessed.
    """
    arrays = {
        name: items
        for name, prop in properties(schema).items()
        if (items := array_items(prop)) is not None
    }
    if len(arrays) == 1:
        name, items = next(iter(arrays.items()))
        return name, items
    for name in (*_LIST_NAMES, collection):
        if name in arrays:
            return name, arrays[name]
    return None
