"""Normalize schemas in place to JSON Schema 2020-12 (plus the OpenAPI vocabulary).

Only schemas reachable from where they are used are visited, each once, iteratively (so
circular schemas and thousand-operation documents are fine). A schema that cannot be used
is recorded in ``broken``; operations that reach it are skipped by the importer.
"""

from __future__ import annotations

from typing import Any

from pymockapi.importing._keywords import bad_keyword, subschemas
from pymockapi.importing.adapters import JSON_TYPES, Adapter
from pymockapi.loading import LoadedDocument

COMPONENT_SCHEMAS = "#/components/schemas/"
# Kept on the outer schema when ``nullable`` wraps the rest in ``anyOf``.
_OUTSIDE_ANY_OF = frozenset(
    {"readOnly", "writeOnly", "description", "title", "deprecated", "default", "example", "xml"}
)


class SchemaNormalizer:
    def __init__(self, adapter: Adapter, document: LoadedDocument) -> None:
        self.adapter = adapter
        self.document = document
        self.done: set[int] = set()
        self.broken: dict[int, tuple[str, str]] = {}
        """id(node) -> (pointer, message) for every schema that cannot be used."""
        self.objects: list[tuple[str, dict[str, Any]]] = []
        """(pointer, node) of every object schema with ``required`` (for the views)."""

    def normalize(self, node: Any, pointer: str) -> str | None:
        """Normalize ``node`` (found at ``pointer``) and everything it reaches.

        Returns why ``node`` itself cannot be a schema (a string, or ``true`` in 3.0), if so.
        A subschema that cannot be used marks the object that holds it as broken.
        """
        if not isinstance(node, dict):
            return self._not_an_object(node, pointer)
        stack: list[tuple[Any, str]] = [(node, pointer)]
        while stack:
            node, pointer = stack.pop()
            if id(node) in self.done:
                continue
            self.done.add(id(node))
            try:
                children = self._one(node, pointer)
            except _Invalid as exc:
                self.broken[id(node)] = (pointer, str(exc))
                continue
            for child, at in children:
                if isinstance(child, dict):
                    stack.append((child, at))
                elif (problem := self._not_an_object(child, at)) is not None:
                    self.broken.setdefault(id(node), (at, problem))
        return None

    def _not_an_object(self, node: Any, pointer: str) -> str | None:
        if isinstance(node, bool):
            if self.adapter.boolean_schemas or pointer.endswith("/additionalProperties"):
                return None
            return "a schema must be an object (boolean schemas need OpenAPI 3.1)"
        return f"a schema must be an object, not {type(node).__name__}"

    def _one(self, node: dict[str, Any], pointer: str) -> list[tuple[Any, str]]:
        self._nullable(node)
        for key in self.adapter.dropped:
            node.pop(key, None)
        ref = node.get("$ref")
        targets: list[tuple[Any, str]] = []
        if isinstance(ref, str):
            kept = self.adapter.ref_siblings_kept
            if kept is not None:
                for key in [k for k in node if k != "$ref" and k not in kept]:
                    del node[key]
            targets.append((self._target(ref), ref.removeprefix("#")))
        elif "$ref" in node:
            raise _Invalid("$ref must be a string")
        self._types(node)
        self._bounds(node)
        if (problem := bad_keyword(node)) is not None:
            raise _Invalid(problem)
        if self.adapter.tuple_items and isinstance(node.get("items"), list):
            node["prefixItems"] = node.pop("items")
        self._discriminator(node)
        if isinstance(node.get("required"), list) and isinstance(node.get("properties"), dict):
            self.objects.append((pointer, node))
        return targets + list(subschemas(node, pointer))

    def _target(self, ref: str) -> Any:
        try:
            return self.document.resolve(ref)
        except KeyError:
            reason = self.document.dangling.get(ref, "no such location in the document")
            raise _Invalid(f"$ref '{ref}' cannot be resolved: {reason}") from None

    def _nullable(self, node: dict[str, Any]) -> None:
        nullable = False
        for keyword in self.adapter.nullable_keywords:
            nullable = node.pop(keyword, False) is True or nullable
        if not nullable:
            return
        kind = node.get("type")
        if kind is None and self.adapter.nullable_needs_type:
            return  # no type to add "null" to: the rest of the schema decides
        if kind is None:
            rest = {k: v for k, v in node.items() if k not in _OUTSIDE_ANY_OF}
            for key in rest:
                del node[key]
            node["anyOf"] = [rest, {"type": "null"}]
            return
        kinds = kind if isinstance(kind, list) else [kind]
        if "null" not in kinds:
            node["type"] = [*kinds, "null"]
        enum = node.get("enum")
        if self.adapter.nullable_extends_enum and isinstance(enum, list) and None not in enum:
            node["enum"] = [*enum, None]

    def _types(self, node: dict[str, Any]) -> None:
        if "type" not in node:
            return
        kind = node["type"]
        kinds = kind if isinstance(kind, list) else [kind]
        fixed: list[str] = []
        for item in kinds:
            if isinstance(item, str) and item in self.adapter.type_aliases:
                item, fmt = self.adapter.type_aliases[item]
                if fmt is not None:
                    node.setdefault("format", fmt)
            if not isinstance(item, str) or item not in JSON_TYPES:
                raise _Invalid(f"invalid schema type {item!r}")
            fixed.append(item)
        node["type"] = fixed if isinstance(kind, list) else fixed[0]

    def _bounds(self, node: dict[str, Any]) -> None:
        if not self.adapter.boolean_exclusive_bounds:
            return
        for exclusive, inclusive in (
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ):
            flag = node.get(exclusive)
            if flag is True and inclusive in node:
                node[exclusive] = node.pop(inclusive)
            elif isinstance(flag, bool):
                del node[exclusive]

    def _discriminator(self, node: dict[str, Any]) -> None:
        discriminator = node.get("discriminator")
        if isinstance(discriminator, str) and self.adapter.string_discriminator:
            node["discriminator"] = discriminator = {"propertyName": discriminator}
        if not isinstance(discriminator, dict):
            return
        mapping = discriminator.get("mapping")
        if isinstance(mapping, dict):
            discriminator["mapping"] = {
                key: value if value.startswith("#") else COMPONENT_SCHEMAS + value
                for key, value in mapping.items()
                if isinstance(value, str)
            }

    def first_broken(self, node: Any) -> tuple[str, str] | None:
        """The first unusable schema that ``node`` reaches (cheap when nothing is broken)."""
        if not self.broken:
            return None
        seen: set[int] = set()
        stack: list[Any] = [node]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if id(node) in self.broken:
                return self.broken[id(node)]
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str):
                    stack.append(self.document.resolve(ref))
                stack.extend(child for child, _ in subschemas(node, ""))
        return None


class _Invalid(Exception):
    pass
