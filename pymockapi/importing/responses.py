"""Responses, in document order, with their headers and content."""

from __future__ import annotations

import re
from typing import Any

from pymockapi.importing._context import Context, text
from pymockapi.importing._errors import Broken
from pymockapi.importing.content import headers, media_types
from pymockapi.model import Direction, Response, escape_pointer_token

_STATUS = re.compile(r"^[1-5](?:\d\d|XX)$")


def build_responses(ctx: Context, raw: Any, pointer: str) -> tuple[Response, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise Broken(pointer, "responses must be an object keyed by status code")
    found = []
    for key, value in raw.items():
        status = str(key).strip()
        if status.startswith("x-"):
            continue
        status = status if status == "default" else status.upper()
        at = f"{pointer}/{escape_pointer_token(str(key))}"
        if not (status == "default" or _STATUS.match(status)):
            raise Broken(at, f"{status!r} is not a status code, a range such as 2XX, or default")
        node, at = ctx.mapping(value, at, "a response")
        found.append(
            Response(
                status=status,
                description=text(node, "description"),
                headers=headers(ctx, node.get("headers"), f"{at}/headers", Direction.RESPONSE),
                content=media_types(ctx, node.get("content"), f"{at}/content", Direction.RESPONSE),
            )
        )
    return tuple(found)
