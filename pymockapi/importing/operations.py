"""One operation object -> one :class:`model.Operation`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pymockapi.importing._context import Context, text
from pymockapi.importing._errors import Broken, Report
from pymockapi.importing.content import request_body
from pymockapi.importing.parameters import merged_parameters
from pymockapi.importing.responses import build_responses
from pymockapi.importing.security import requirements
from pymockapi.importing.servers import build_servers
from pymockapi.model import Operation, SecurityRequirement, Server, escape_pointer_token

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True, slots=True)
class Defaults:
    """What an operation inherits from the document."""

    security: tuple[SecurityRequirement, ...]
    servers: tuple[Server, ...]


@dataclass(frozen=True, slots=True)
class RawOperation:
    path: str
    method: str
    node: Any
    pointer: str
    path_item: dict[str, Any]
    path_pointer: str


def raw_operations(ctx: Context, problem: Report) -> Iterator[RawOperation]:
    """Every operation under ``paths``; a broken path item is reported and skipped."""
    paths = ctx.document.root.get("paths")
    if paths is None:
        return
    if not isinstance(paths, dict):
        problem("/paths", "paths must be an object")
        return
    for path, raw_item in paths.items():
        if str(path).startswith("x-"):
            continue
        at = f"/paths/{escape_pointer_token(str(path))}"
        try:
            item, item_pointer = ctx.mapping(raw_item, at, "a path item")
        except Broken as exc:
            problem(exc.pointer, exc.message)
            continue
        for method in METHODS:
            if method in item:
                yield RawOperation(
                    str(path), method, item[method], f"{at}/{method}", item, item_pointer
                )


def build_operation(ctx: Context, raw: RawOperation, defaults: Defaults) -> Operation:
    node, pointer = raw.node, raw.pointer
    if not isinstance(node, dict):
        raise Broken(pointer, "an operation must be an object")
    item = raw.path_item
    security = defaults.security
    if "security" in node:
        security = requirements(node["security"], f"{pointer}/security")
    operation_id = node.get("operationId")
    tags = node.get("tags")
    return Operation(
        method=raw.method.upper(),
        path=raw.path,
        pointer=pointer,
        operation_id=str(operation_id) if operation_id is not None else None,
        summary=text(node, "summary") or text(item, "summary"),
        tags=tuple(str(tag) for tag in tags) if isinstance(tags, list) else (),
        parameters=merged_parameters(
            ctx,
            item.get("parameters"),
            f"{raw.path_pointer}/parameters",
            node.get("parameters"),
            f"{pointer}/parameters",
        ),
        request_body=request_body(ctx, node.get("requestBody"), f"{pointer}/requestBody"),
        responses=build_responses(ctx, node.get("responses"), f"{pointer}/responses"),
        security=security,
        servers=build_servers(node.get("servers"))
        or build_servers(item.get("servers"))
        or defaults.servers,
        deprecated=node.get("deprecated") is True,
        extensions={k: v for k, v in node.items() if isinstance(k, str) and k.startswith("x-")},
    )
