"""Media types (schema, examples, encoding), request bodies and headers."""

from __future__ import annotations

from typing import Any

from pymockapi.importing._context import Context, example_of
from pymockapi.importing._errors import Broken
from pymockapi.model import (
    MISSING,
    Direction,
    Encoding,
    Header,
    MediaType,
    RequestBody,
    escape_pointer_token,
)


def media_types(
    ctx: Context, content: Any, pointer: str, direction: Direction
) -> tuple[MediaType, ...]:
    if content is None:
        return ()
    if not isinstance(content, dict):
        raise Broken(pointer, "content must be an object of media types")
    found = []
    for name, raw in content.items():
        media, at = ctx.mapping(raw, f"{pointer}/{escape_pointer_token(str(name))}", "a media type")
        schema = None
        if "schema" in media:
            schema = ctx.schema(media["schema"], f"{at}/schema", direction)
        found.append(
            MediaType(
                media_type=str(name),
                schema=schema,
                example=example_of(media),
                examples=ctx.examples(media, at),
                encoding=_encodings(ctx, media.get("encoding"), f"{at}/encoding"),
            )
        )
    return tuple(found)


def _encodings(ctx: Context, raw: Any, pointer: str) -> dict[str, Encoding]:
    if not isinstance(raw, dict):
        return {}
    found = {}
    for name, node in raw.items():
        at = f"{pointer}/{escape_pointer_token(str(name))}"
        if not isinstance(node, dict):
            raise Broken(at, "an encoding must be an object")
        explode = node.get("explode")
        found[str(name)] = Encoding(
            content_type=_optional_text(node.get("contentType")),
            style=_optional_text(node.get("style")),
            explode=explode if isinstance(explode, bool) else None,
            headers=headers(ctx, node.get("headers"), f"{at}/headers", Direction.REQUEST),
        )
    return found


def request_body(ctx: Context, raw: Any, pointer: str) -> RequestBody | None:
    if raw is None:
        return None
    node, at = ctx.mapping(raw, pointer, "a request body")
    content = media_types(ctx, node.get("content"), f"{at}/content", Direction.REQUEST)
    return RequestBody(content=content, required=node.get("required") is True)


def headers(ctx: Context, raw: Any, pointer: str, direction: Direction) -> tuple[Header, ...]:
    """Headers by name; ``Content-Type`` is skipped (the media type decides it)."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise Broken(pointer, "headers must be an object")
    found = []
    for name, value in raw.items():
        if str(name).lower() == "content-type":
            continue
        node, at = ctx.mapping(value, f"{pointer}/{escape_pointer_token(str(name))}", "a header")
        schema, example, examples = None, example_of(node), ctx.examples(node, at)
        if "schema" in node:
            schema = ctx.schema(node["schema"], f"{at}/schema", direction)
        elif isinstance(node.get("content"), dict) and node["content"]:
            media = media_types(ctx, node["content"], f"{at}/content", direction)[0]
            schema = media.schema
            example = media.example if example is MISSING else example
            examples = examples or media.examples
        found.append(
            Header(
                name=str(name),
                required=node.get("required") is True,
                schema=schema,
                example=example,
                examples=examples,
                deprecated=node.get("deprecated") is True,
            )
        )
    return tuple(found)


def _optional_text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
