"""Request bodies as CRUD reads them, and the ways they change a stored item."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from pymockapi.engine import RequestContext
from pymockapi.model import MISSING


def request_body(context: RequestContext) -> Any:
    """The parsed request body (``MISSING`` when there is none or it is not JSON-like)."""
    validated = context.validated
    if validated is not None and validated.body is not MISSING:
        return validated.body
    raw = context.request.body
    base = (context.request.content_type or "").split(";")[0].strip().lower()
    if raw and (base == "application/json" or base.endswith("+json")):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            return MISSING
    return MISSING


def without(value: Any, names: Iterable[str]) -> Any:
    """``value`` without the properties ``names`` (readOnly ones sent by a client, say).

    ``value`` itself when it has none of them: callers build new items, never change it.
    """
    if not isinstance(value, dict):
        return value
    dropped = set(names)
    if dropped.isdisjoint(value):
        return value
    return {key: item for key, item in value.items() if key not in dropped}


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON Merge Patch: ``null`` removes, objects merge, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def is_merge_patch(context: RequestContext) -> bool:
    validated = context.validated
    media = validated.media_type if validated is not None else None
    media = media or context.request.content_type or ""
    return media.split(";")[0].strip().lower() == "application/merge-patch+json"
