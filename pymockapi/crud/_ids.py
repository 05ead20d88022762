"""Item ids: reading them from paths and bodies, and assigning new ones on creation."""

from __future__ import annotations

import math
import uuid
from typing import Any

from pymockapi.crud import _shapes
from pymockapi.model import MISSING, Schema


def key_of(value: Any) -> str | None:
    """The store key for an id value: ``7`` and ``7.0`` and ``"7"`` from a path all give "7"."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value
    return None


def candidate(schema: Schema | None, counter: int, seed: bytes) -> Any:
    """A new server-assigned id for the ``counter``-th item (``MISSING``: generate one).

    Integers count up from the schema's minimum; uuid strings are drawn from the seed (so
    they are the same on every run); other strings are the counter's digits.
    """
    if schema is None:
        return counter
    kinds = _shapes.types(schema)
    if kinds & {"integer", "number"}:
        return counter + _offset(schema)
    if "string" in kinds or not kinds:
        if _shapes.keyword(schema, "format") == "uuid":
            return str(uuid.UUID(bytes=seed[:16], version=4))
        return str(counter)
    return MISSING


def _offset(schema: Schema) -> int:
    """How far the first id is from 1, so that it meets ``minimum``/``exclusiveMinimum``."""
    first = 1
    minimum = _shapes.keyword(schema, "minimum")
    if isinstance(minimum, int | float) and not isinstance(minimum, bool):
        first = max(first, math.ceil(minimum)) if minimum > 0 else 1
    exclusive = _shapes.keyword(schema, "exclusiveMinimum")
    if isinstance(exclusive, int | float) and not isinstance(exclusive, bool):
        first = max(first, math.floor(exclusive) + 1)
    return first - 1
