"""Swagger 2.0 responses -> OpenAPI 3.0 responses (one content entry per produced type)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pymockapi.importing._swagger2_parameters import schema_of


def convert_response(node: Any, produces: list[str], deref: Callable[[Any], Any]) -> Any:
    """``schema`` is served as every media type in ``produces``; ``examples`` by media type."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        if node["$ref"].startswith("#/responses/"):
            return node  # converted where it is defined, under components
        node = deref(node)
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {"description": node.get("description", "")}
    headers = node.get("headers")
    if isinstance(headers, dict):
        out["headers"] = {
            name: {"schema": schema_of(header), "description": header.get("description", "")}
            for name, header in headers.items()
            if isinstance(header, dict)
        }
    examples = node.get("examples")
    content: dict[str, Any] = {}
    if "schema" in node:
        for index, media_type in enumerate(produces):
            # Each media type gets its own copy, so that each one's pointer has its own node.
            schema = node["schema"] if index == 0 else copy.deepcopy(node["schema"])
            content[media_type] = {"schema": schema}
    if isinstance(examples, dict):
        for media_type, example in examples.items():
            content.setdefault(str(media_type), {})["example"] = example
    if content:
        out["content"] = content
    return out
