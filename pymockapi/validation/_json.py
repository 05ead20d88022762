"""Parse JSON text with orjson; broken or absurdly deep input becomes :class:`Malformed`."""

from __future__ import annotations

from typing import Any

import orjson

from pymockapi.validation._styles import Malformed


def parse_json(data: bytes | str) -> Any:
    """The parsed value, or :class:`Malformed` (orjson refuses nesting deeper than 1024)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as error:
        return Malformed(f"not valid JSON ({error})")


def is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")
