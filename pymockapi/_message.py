"""Put an error message into a response body without breaking its schema."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from pymockapi._nodes import property_schema, resolve
from pymockapi.model import Schema

MESSAGE_FIELDS = ("detail", "message", "error", "title", "description")
_CONSTRAINED = frozenset({"enum", "const", "pattern", "format", "$ref", "allOf", "anyOf", "oneOf"})


def inject_message(value: Any, schema: Schema | None, message: str) -> Any:
    """A copy of ``value`` with ``message`` in its first free-text field, or ``value`` itself.

    Only a top-level property named like :data:`MESSAGE_FIELDS` whose schema is a plain
    string qualifies; ``maxLength`` truncates, ``enum``/``pattern``/``format`` leave it alone.
    """
    if schema is None or not isinstance(value, Mapping):
        return value
    node, _ = resolve(schema.node, schema.document)
    for name in MESSAGE_FIELDS:
        raw = property_schema(node, name, schema.document)
        if raw is None or (name not in value and _not_declared_here(node, name)):
            continue
        field, _ = resolve(raw, schema.document)
        text = _fit(field, message)
        if text is not None:
            return {**value, name: text}
    return value


def _not_declared_here(node: Mapping[str, Any], name: str) -> bool:
    properties = node.get("properties")
    return not (isinstance(properties, Mapping) and name in properties)


def _fit(field: Mapping[str, Any], message: str) -> str | None:
    types = field.get("type")
    if "string" not in (types if isinstance(types, list) else [types]):
        return None
    if _CONSTRAINED & set(field):
        return None
    text = message
    if "maxLength" in field:
        text = text[: int(field["maxLength"])]
    if len(text) < int(field.get("minLength", 0)):
        return None
    return text


def align_problem(value: Any, schema: Schema | None, status: int) -> Any:
    """RFC 9457-shaped bodies say the status actually sent, and its standard title.

    A generated problem body would otherwise carry a random ``status`` (say 180) that
    contradicts the response; the change is kept only if the body still fits its schema.
    """
    if schema is None or not isinstance(value, Mapping):
        return value
    changed = dict(value)
    if isinstance(value.get("status"), int) and not isinstance(value.get("status"), bool):
        changed["status"] = status
    if isinstance(value.get("type"), str) and "about:blank" not in value["type"]:
        changed["type"] = "about:blank"  # RFC 9457's "no more than the status says"
    if "title" in value and isinstance(value.get("title"), str):
        with contextlib.suppress(ValueError):
            changed["title"] = HTTPStatus(status).phrase
    if changed == value:
        return value
    from pymockapi.validation.schemas import compile_schema_validator

    validator = compile_schema_validator(schema)
    if validator.is_valid(changed):
        return changed
    for key in ("type", "title"):
        if key in value:
            changed[key] = value[key]
            if validator.is_valid(changed):
                return changed
    return value
