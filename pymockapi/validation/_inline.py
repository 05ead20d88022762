"""Inline local ``$ref``s once at compile time, so validating a request follows no references.

jsonschema resolves a ``$ref`` on every validation (a lookup and a new validator each time),
which costs more than the checks themselves. Here every non-recursive ``#/...`` reference is
replaced by its target; a reference back to a schema that is still being inlined (a tree, a
linked list) becomes an absolute reference that the registry resolves at validation time.
Only schema positions are walked: ``example``, ``default``, ``enum`` and ``const`` values are
data and are left alone even if they hold a ``$ref`` key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymockapi.model import SchemaDocument

_ONE_SCHEMA = (
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "contentSchema",
)
_SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


class Inliner:
    """Inlines references of one document; shares the result for each pointer it expands."""

    def __init__(self, document: SchemaDocument, base_uri: str) -> None:
        self._document = document
        self._base_uri = base_uri
        self._done: dict[str, Any] = {}
        self._active: set[str] = set()

    def resolve(self, uri: str) -> Any:
        """The inlined schema an absolute reference emitted here names, or ``None``."""
        base, _, pointer = uri.partition("#")
        if base != self._base_uri:
            return None
        return self._done.get(pointer)

    def inline(self, node: Any, pointer: str | None = None) -> Any:
        if pointer is None:
            return self._walk(node)
        return self._expand(pointer, node)

    def _expand(self, pointer: str, node: Any) -> Any:
        if pointer in self._done:
            return self._done[pointer]
        if pointer in self._active:
            return {"$ref": f"{self._base_uri}#{pointer}"}
        self._active.add(pointer)
        try:
            result = self._walk(node)
        finally:
            self._active.discard(pointer)
        self._done[pointer] = result
        return result

    def _walk(self, node: Any) -> Any:
        if node is False:
            # Same meaning; jsonschema reports a ``false`` subschema without its path.
            return {"not": {}}
        if not isinstance(node, Mapping):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if isinstance(value, bool):
                out[key] = value  # ``additionalProperties: false`` keeps its own message
            elif key in _ONE_SCHEMA or key == "items":
                out[key] = self._walk(value) if not isinstance(value, list) else self._list(value)
            elif key in _SCHEMA_MAPS and isinstance(value, Mapping):
                out[key] = {name: self._walk(sub) for name, sub in value.items()}
            elif key in _SCHEMA_LISTS and isinstance(value, list):
                out[key] = self._list(value)
            elif key != "$ref":
                out[key] = value
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return out
        target = self._target(ref)
        if not out:
            return target
        # ``$ref`` with siblings: both apply, as in 2020-12.
        return {"allOf": [target, out]}

    def _list(self, items: list[Any]) -> list[Any]:
        return [self._walk(item) for item in items]

    def _target(self, ref: str) -> Any:
        if not ref.startswith("#"):
            return {"$ref": ref}  # not expected after bundling; leave it to the registry
        pointer = ref[1:]
        try:
            node = self._document.resolve(pointer)
        except (KeyError, IndexError, ValueError, TypeError):
            return {"$ref": f"{self._base_uri}#{pointer}"}  # reported by jsonschema
        return self._expand(pointer, node)
