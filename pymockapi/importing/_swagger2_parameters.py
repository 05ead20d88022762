"""Swagger 2.0 parameters -> OpenAPI 3.0 parameters and request bodies."""

from __future__ import annotations

import copy
from typing import Any

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Keywords a 2.0 non-body parameter (or header, or items) carries that belong in a schema.
SCHEMA_KEYS = (
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
)
# collectionFormat -> (style for query/cookie, style for path/header, explode)
COLLECTION_FORMATS: dict[str, tuple[str, str, bool]] = {
    "csv": ("form", "simple", False),
    "ssv": ("spaceDelimited", "simple", False),
    "pipes": ("pipeDelimited", "simple", False),
    "tsv": ("form", "simple", False),  # no 3.0 equivalent; read as csv
    "multi": ("form", "simple", True),
}


def schema_of(node: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema described by a 2.0 parameter, header or ``items`` object."""
    schema = {key: node[key] for key in SCHEMA_KEYS if key in node}
    if isinstance(schema.get("items"), dict):
        schema["items"] = schema_of(schema["items"])
    if schema.get("type") == "file":
        schema.update(type="string", format="binary")
    return schema


def parameter(node: dict[str, Any]) -> dict[str, Any]:
    """A non-body, non-form 2.0 parameter in the 3.0 shape."""
    out: dict[str, Any] = {
        key: node[key]
        for key in ("name", "in", "description", "required", "allowEmptyValue", "deprecated")
        if key in node
    }
    out.update({k: v for k, v in node.items() if isinstance(k, str) and k.startswith("x-")})
    out["schema"] = schema_of(node)
    if "x-example" in node:
        out["example"] = node["x-example"]
    if node.get("type") == "array":
        query_style, simple_style, explode = COLLECTION_FORMATS.get(
            str(node.get("collectionFormat", "csv")), COLLECTION_FORMATS["csv"]
        )
        out["style"] = query_style if node.get("in") in ("query", "cookie") else simple_style
        out["explode"] = explode
    return out


def body(node: dict[str, Any], consumes: list[str]) -> dict[str, Any]:
    """A ``body`` parameter -> a request body with one entry per consumed media type."""
    examples = node.get("x-examples")
    examples = examples if isinstance(examples, dict) else {}
    content: dict[str, Any] = {}
    for index, media_type in enumerate(consumes):
        media: dict[str, Any] = {}
        if "schema" in node:
            media["schema"] = node["schema"] if index == 0 else copy.deepcopy(node["schema"])
        if media_type in examples:
            media["example"] = examples[media_type]
        content[media_type] = media
    out: dict[str, Any] = {"content": content, "required": node.get("required") is True}
    if "description" in node:
        out["description"] = node["description"]
    return out


def form_body(fields: list[dict[str, Any]], consumes: list[str]) -> dict[str, Any]:
    """``formData`` parameters -> one object schema, urlencoded or multipart."""
    properties: dict[str, Any] = {}
    required = []
    for field in fields:
        field_schema = schema_of(field)
        if "description" in field:
            field_schema["description"] = field["description"]
        properties[str(field.get("name"))] = field_schema
        if field.get("required") is True:
            required.append(str(field.get("name")))
    media_types = [m for m in consumes if m in FORM_TYPES]
    if not media_types:
        has_file = any(f.get("type") == "file" for f in fields)
        media_types = ["multipart/form-data" if has_file else "application/x-www-form-urlencoded"]
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    content = {
        m: {"schema": copy.deepcopy(schema) if i else schema} for i, m in enumerate(media_types)
    }
    return {"content": content, "required": bool(required)}
