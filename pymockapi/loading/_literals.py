"""Which values in a document are data (examples, defaults) rather than spec to follow.

A ``$ref`` inside an example value is part of the example: it must not be fetched,
refused or rewritten.
"""

from __future__ import annotations

from typing import Any

# Keys whose values are data, not spec (a "$ref" inside an example is part of the example)...
_LITERALS = frozenset({"example", "default", "enum", "const"})
_EXAMPLE_OBJECT_LITERALS = frozenset({"value", *_LITERALS})
# ...unless they are names in a map of names (a property, a schema, a status named "default").
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "schemas",
        "paths",
        "responses",
        "parameters",
        "headers",
        "content",
        "encoding",
        "requestBodies",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
        "webhooks",
        "variables",
        "mapping",
    }
)


def literal_keys(entry: tuple[Any, Any, str, int]) -> frozenset[str]:
    """Keys of the dict at ``entry`` whose values hold data, not references to follow."""
    token, parent = entry[2], entry[1]
    if parent is None or token in _NAME_MAPS:
        return frozenset()
    if token == "examples" and isinstance(entry[0], dict):
        return frozenset()  # a map of Example objects (which may be $refs)
    if parent[2] == "examples" and isinstance(parent[0], dict):
        return _EXAMPLE_OBJECT_LITERALS  # an Example object: its value is data
    return _LITERALS
