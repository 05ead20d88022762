"""Naming conventions: which item property holds the id, and which holds a parent's id."""

from __future__ import annotations

import re

from pymockapi.crud import _shapes
from pymockapi.model import Schema

PARAM = re.compile(r"^\{([^{}]+)\}$")


def segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def id_property(schema: Schema | None, item_param: str, collection: str) -> str | None:
    """``petId`` (the path parameter's name), ``id``, ``pet_id``/``petId``, or a readOnly id."""
    if schema is None:
        return None
    names = _shapes.properties(schema)
    noun = _singular(segments(collection)[-1] if segments(collection) else "")
    for candidate in (item_param, "id", f"{noun}Id", f"{noun}_id", f"{noun}ID", "uuid", "key"):
        if candidate in names:
            return candidate
    lowered = {name.lower(): name for name in names}
    for candidate in (item_param.lower(), "id", f"{noun}id".lower()):
        if candidate in lowered:
            return lowered[candidate]
    read_only = sorted(_shapes.flagged(schema, "readOnly"))
    return next((name for name in read_only if name.lower().endswith("id")), None)


def parent_properties(
    schema: Schema | None, item_path: str, id_property: str | None
) -> tuple[str | None, ...]:
    """``/users/{id}/posts/{postId}`` with a ``userId`` property: ``("userId",)``."""
    names = set(_shapes.properties(schema)) - {id_property} if schema is not None else set()
    found: list[str | None] = []
    parts = segments(item_path)[:-1]
    for index, part in enumerate(parts):
        if (match := PARAM.match(part)) is None:
            continue
        noun = _singular(parts[index - 1]) if index else ""
        candidates = (match.group(1), f"{noun}Id", f"{noun}_id", f"{noun}ID")
        found.append(next((name for name in candidates if name in names), None))
    return tuple(found)
