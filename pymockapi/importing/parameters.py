"""Parameters: path-level merged with operation-level, with OpenAPI's style defaults."""

from __future__ import annotations

from typing import Any

from pymockapi.importing._context import Context, example_of
from pymockapi.importing._errors import Broken
from pymockapi.model import (
    Direction,
    Example,
    Parameter,
    ParameterLocation,
    Schema,
    escape_pointer_token,
)

DEFAULT_STYLE = {
    ParameterLocation.QUERY: "form",
    ParameterLocation.COOKIE: "form",
    ParameterLocation.PATH: "simple",
    ParameterLocation.HEADER: "simple",
}
# OpenAPI: header parameters with these names SHALL be ignored (other fields describe them).
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def merged_parameters(
    ctx: Context, path_level: Any, path_pointer: str, op_level: Any, op_pointer: str
) -> tuple[Parameter, ...]:
    """Operation-level parameters override path-level ones with the same name and location."""
    merged: dict[tuple[str, ParameterLocation], Parameter] = {}
    for raw, pointer in ((path_level, path_pointer), (op_level, op_pointer)):
        if raw is None:
            continue
        if not isinstance(raw, list):
            raise Broken(pointer, "parameters must be a list")
        for index, node in enumerate(raw):
            parameter = build_parameter(ctx, node, f"{pointer}/{index}")
            if parameter is not None:
                merged[(parameter.name, parameter.location)] = parameter
    return tuple(merged.values())


def build_parameter(ctx: Context, node: Any, pointer: str) -> Parameter | None:
    node, pointer = ctx.mapping(node, pointer, "a parameter")
    name = node.get("name")
    if not isinstance(name, str) or not name:
        raise Broken(pointer, "a parameter needs a non-empty 'name'")
    try:
        location = ParameterLocation(node.get("in"))
    except ValueError:
        raise Broken(
            pointer,
            f"parameter {name!r}: 'in' must be path, query, header or cookie, not {node.get('in')!r}",
        ) from None
    if location is ParameterLocation.HEADER and name.lower() in IGNORED_HEADERS:
        return None
    style = node.get("style", DEFAULT_STYLE[location])
    if not isinstance(style, str):
        raise Broken(pointer, f"parameter {name!r}: 'style' must be a string")
    explode = node.get("explode", style == "form")
    schema, content_type, example, examples = _described(ctx, node, pointer)
    return Parameter(
        name=name,
        location=location,
        required=location is ParameterLocation.PATH or node.get("required") is True,
        style=style,
        explode=bool(explode),
        schema=schema,
        content_type=content_type,
        allow_empty_value=node.get("allowEmptyValue") is True,
        allow_reserved=node.get("allowReserved") is True,
        deprecated=node.get("deprecated") is True,
        example=example,
        examples=examples,
    )


def _described(
    ctx: Context, node: dict[str, Any], pointer: str
) -> tuple[Schema | None, str | None, Any, tuple[Example, ...]]:
    """(schema, content type, example, examples), from ``schema`` or the one ``content`` entry."""
    example, examples = example_of(node), ctx.examples(node, pointer)
    if "schema" in node:
        return (
            ctx.schema(node["schema"], f"{pointer}/schema", Direction.REQUEST),
            None,
            example,
            examples,
        )
    content = node.get("content")
    if not isinstance(content, dict) or not content:
        return None, None, example, examples
    content_type, raw = next(iter(content.items()))
    at = f"{pointer}/content/{escape_pointer_token(str(content_type))}"
    media, at = ctx.mapping(raw, at, "a media type")
    schema = (
        ctx.schema(media["schema"], f"{at}/schema", Direction.REQUEST)
        if "schema" in media
        else None
    )
    example = media.get("example", example)
    return schema, str(content_type), example, examples or ctx.examples(media, at)
