"""Build model objects by hand (and from small OpenAPI 3.0 dicts) for the validation tests."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from pymockapi.exchange import HttpRequest
from pymockapi.model import (
    Direction,
    Encoding,
    MediaType,
    Operation,
    Parameter,
    ParameterLocation,
    RequestBody,
    Schema,
    SchemaDocument,
    SecurityRequirement,
    SecurityScheme,
    SecuritySchemeType,
)
from pymockapi.validation import ValidatedRequest, compile_request_validator


class Doc:
    """One schema document; each inline schema gets its own pointer under ``/inline``."""

    def __init__(self, components: Mapping[str, Any] | None = None) -> None:
        self.root: dict[str, Any] = {
            "components": {"schemas": dict(components or {})},
            "inline": {},
        }
        self.document = SchemaDocument(root=self.root, direction=Direction.REQUEST)

    def schema(self, node: Any) -> Schema:
        key = str(len(self.root["inline"]))
        self.root["inline"][key] = node
        return Schema(f"/inline/{key}", node, self.document)


def param(
    doc: Doc,
    name: str,
    location: str,
    schema: Any = None,
    **options: Any,
) -> Parameter:
    return Parameter(
        name=name,
        location=ParameterLocation(location),
        schema=doc.schema(schema) if schema is not None else None,
        **options,
    )


def body(doc: Doc, content: Mapping[str, Any], required: bool = True) -> RequestBody:
    media = []
    for media_type, node in content.items():
        encoding: dict[str, Encoding] = {}
        if isinstance(node, tuple):
            node, encoding = node
        media.append(
            MediaType(
                media_type, schema=doc.schema(node) if node is not None else None, encoding=encoding
            )
        )
    return RequestBody(content=tuple(media), required=required)


def operation(
    *parameters: Parameter,
    request_body: RequestBody | None = None,
    security: tuple[SecurityRequirement, ...] = (),
) -> Operation:
    return Operation(
        method="POST",
        path="/things",
        pointer="/paths/~1things/post",
        parameters=parameters,
        request_body=request_body,
        security=security,
    )


def request(
    query: str = "",
    headers: Mapping[str, str] | list[tuple[str, str]] = (),  # type: ignore[assignment]
    body: bytes = b"",
    content_type: str | None = None,
) -> HttpRequest:
    pairs = list(headers.items()) if isinstance(headers, Mapping) else list(headers)
    pairs = [(k.lower(), v) for k, v in pairs]
    if content_type is not None:
        pairs.append(("content-type", content_type))
    return HttpRequest(method="POST", path="/things", query_string=query, headers=pairs, body=body)


def validate(
    op: Operation,
    req: HttpRequest,
    path: Mapping[str, str] | None = None,
    schemes: Mapping[str, SecurityScheme] | None = None,
) -> ValidatedRequest:
    return compile_request_validator(op, schemes or {}).validate(req, path or {})


def messages(result: ValidatedRequest) -> list[tuple[str, str]]:
    return [(v.location, v.message) for v in result.violations]


def basic(user_pass: str) -> str:
    return "Basic " + base64.b64encode(user_pass.encode()).decode()


def from_openapi(
    spec: Mapping[str, Any], path: str, method: str
) -> tuple[Operation, dict[str, SecurityScheme]]:
    """A tiny OpenAPI 3.0 -> model translation for specs whose schemas are already 2020-12."""
    document = SchemaDocument(root=spec, direction=Direction.REQUEST)
    base = f"/paths/{path.replace('/', '~1')}"
    item = spec["paths"][path]
    raw = item[method]

    def schema_at(pointer: str, node: Any) -> Schema:
        return Schema(pointer, node, document)

    parameters = []
    for index, p in enumerate(raw.get("parameters", [])):
        location = ParameterLocation(p["in"])
        default_style = (
            "form" if location in (ParameterLocation.QUERY, ParameterLocation.COOKIE) else "simple"
        )
        style = p.get("style", default_style)
        parameters.append(
            Parameter(
                name=p["name"],
                location=location,
                required=p.get("required", False),
                style=style,
                explode=p.get("explode", style == "form"),
                schema=schema_at(f"{base}/{method}/parameters/{index}/schema", p["schema"]),
            )
        )
    request_body = None
    if "requestBody" in raw:
        rb = raw["requestBody"]
        media = tuple(
            MediaType(
                name,
                schema=schema_at(
                    f"{base}/{method}/requestBody/content/{name.replace('/', '~1')}/schema",
                    m["schema"],
                ),
            )
            for name, m in rb["content"].items()
        )
        request_body = RequestBody(content=media, required=rb.get("required", False))
    schemes = {}
    for name, s in spec.get("components", {}).get("securitySchemes", {}).items():
        schemes[name] = SecurityScheme(
            name=name,
            type=SecuritySchemeType(s["type"]),
            scheme=s.get("scheme", "").lower(),
            location=ParameterLocation(s["in"]) if "in" in s else None,
            parameter_name=s.get("name", ""),
        )
    security = tuple(
        SecurityRequirement(schemes=tuple((k, tuple(v)) for k, v in req.items()))
        for req in raw.get("security", spec.get("security", []))
    )
    op = Operation(
        method=method.upper(),
        path=path,
        pointer=f"{base}/{method}",
        parameters=tuple(parameters),
        request_body=request_body,
        security=security,
    )
    return op, schemes


def q(value: str) -> str:
    return quote(value, safe="")
