"""Walking normalized schema nodes: following ``$ref``s and finding a property's schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymockapi.model import SchemaDocument, unescape_pointer_token

Node = Mapping[str, Any]
EMPTY: Node = {}


def resolve(node: Any, document: SchemaDocument) -> tuple[Node, str | None]:
    """Follow ``$ref``s: the target node and the last ``#/components/schemas`` name seen."""
    name = None
    for _ in range(32):
        if not isinstance(node, Mapping) or "$ref" not in node:
            break
        ref = node["$ref"]
        if ref.startswith("#/components/schemas/") or ref.startswith("#/definitions/"):
            name = unescape_pointer_token(ref.rsplit("/", 1)[1])
        node = document.resolve(ref)
    return (node if isinstance(node, Mapping) else EMPTY), name


def property_schema(node: Node, key: str, document: SchemaDocument, depth: int = 0) -> Any:
    """The subschema for ``key`` of an object schema, looking into ``allOf``/``oneOf``/``anyOf``."""
    properties = node.get("properties")
    if isinstance(properties, Mapping) and key in properties:
        return properties[key]
    if depth < 8:
        for keyword in ("allOf", "oneOf", "anyOf"):
            for part in node.get(keyword, ()):
                found = property_schema(resolve(part, document)[0], key, document, depth + 1)
                if found is not None:
                    return found
    extra = node.get("additionalProperties")
    return extra if isinstance(extra, Mapping) and depth == 0 else None
