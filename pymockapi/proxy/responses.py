"""Check a real response against what the spec documents for its operation and status.

The request side is the engine's validator; this is the other half: the status must be
documented, required headers present and well-typed, the media type documented, and a
JSON (or plain text) body valid against its schema. Locations read like
``response.status``, ``response.header.X-Rate`` or ``response.body.items[0].id``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pymockapi._accept import essence, is_json
from pymockapi.errors import Violation
from pymockapi.model import Header, MediaType, Operation, Response
from pymockapi.validation import compile_schema_validator

_NO_BODY = frozenset({204, 205, 304})


def documented_response(operation: Operation, status: int) -> Response | None:
    """The response object covering ``status``: exact code, then ``2XX``-style range, then default."""
    for wanted in (str(status), f"{str(status)[0]}XX", "default"):
        for response in operation.responses:
            if response.status.upper() == wanted:
                return response
    return None


def validate_response(
    operation: Operation,
    status: int,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    *,
    head: bool = False,
) -> list[Violation]:
    """Every way this response breaks the contract of ``operation`` (empty when it keeps it)."""
    documented = documented_response(operation, status)
    if documented is None:
        codes = ", ".join(r.status for r in operation.responses) or "none"
        return [Violation("response.status", f"{status} is not documented (documented: {codes})")]
    found: list[Violation] = []
    for header in documented.headers:
        if header.name.lower() != "content-type":
            found.extend(_check_header(header, _value(headers, header.name)))
    if documented.content and not head and status not in _NO_BODY:
        found.extend(_check_body(documented, status, _value(headers, "content-type"), body))
    return found


def _value(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    lowered = name.lower()
    return next((v for k, v in headers if k.lower() == lowered), None)


def _check_header(header: Header, value: str | None) -> list[Violation]:
    location = f"response.header.{header.name}"
    if value is None:
        return [Violation(location, "is required but missing")] if header.required else []
    if header.schema is None:
        return []
    return compile_schema_validator(header.schema).violations(_typed(value), location)


def _typed(text: str) -> Any:
    """Header text as JSON when it reads as a number or boolean, else the string."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, int | float | bool) else text


def _media(content: Sequence[MediaType], content_type: str) -> MediaType | None:
    wanted = essence(content_type)
    for exact in (True, False):
        for media in content:
            offered = essence(media.media_type)
            if exact and offered == wanted:
                return media
            if not exact and offered[0] in ("*", wanted[0]) and offered[1] in ("*", wanted[1]):
                return media
    return None


def _check_body(
    documented: Response, status: int, content_type: str | None, body: bytes
) -> list[Violation]:
    offered = ", ".join(m.media_type for m in documented.content)
    if content_type is None:
        if not body:
            return [Violation("response.body", f"is empty; the spec documents {offered}")]
        return [Violation("response.header.Content-Type", f"is missing; expected {offered}")]
    media = _media(documented.content, content_type)
    if media is None:
        return [
            Violation(
                "response.header.Content-Type",
                f"{content_type!r} is not documented for {status} (documented: {offered})",
            )
        ]
    if media.schema is None:
        return []
    if is_json(content_type):
        try:
            value = json.loads(body)
        except ValueError as error:
            return [Violation("response.body", f"is not valid JSON ({error})")]
    elif essence(content_type)[0] == "text":
        value = body.decode("utf-8", errors="replace")
    else:
        return []  # XML and binary bodies are not checked against schemas
    return compile_schema_validator(media.schema).violations(value, "response.body")
