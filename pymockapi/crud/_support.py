"""What creating and changing items share: who owns which field, bodies, caps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pymockapi.crud._bodies import request_body
from pymockapi.crud._shapes import flagged, properties, resolve
from pymockapi.exchange import HttpResponse
from pymockapi.model import MISSING, Operation
from pymockapi.problems import problem

if TYPE_CHECKING:
    from pymockapi.crud.responder import Call

MAX_ITEMS = 10_000
"""Items one collection of one session may hold: memory stays bounded whatever clients do."""


def documents(operation: Operation, status: int) -> bool:
    return any(response.status == str(status) for response in operation.responses)


def server_owned(call: Call) -> set[str]:
    """Properties the client may not set: readOnly in the item or the request schema."""
    schema = call.resource.item_schema
    owned = set(flagged(schema, "readOnly")) if schema is not None else set()
    body = call.context.operation.request_body
    for media in body.content if body is not None else ():
        if media.schema is not None:
            owned |= flagged(media.schema, "readOnly")
    return owned


def unsendable(call: Call) -> set[str]:
    """Item properties the request schema cannot carry: a replace keeps them as they are."""
    schema, body = call.resource.item_schema, call.context.operation.request_body
    if schema is None or body is None:
        return set()
    sendable: set[str] = set()
    for media in body.content:
        if media.schema is None:
            return set()
        node = resolve(media.schema).node
        if isinstance(node, Mapping) and node.get("additionalProperties", False) is not False:
            return set()
        sendable |= set(properties(media.schema))
    return set(properties(schema)) - sendable if sendable else set()


def at_capacity(call: Call) -> HttpResponse | None:
    """A 507 problem when the collection is at its cap, else None."""
    if call.store.count_items(call.session, call.collection) < MAX_ITEMS:
        return None
    return problem(
        507,
        "state-full",
        f"{call.collection} already holds {MAX_ITEMS} items, the most PyMockAPI keeps per "
        "collection and session: delete some, or POST /__pymockapi/state/reset.",
    )


def object_body(call: Call) -> dict[str, Any] | None:
    body = request_body(call.context)
    if body is MISSING:
        return {}
    return body if isinstance(body, dict) else None


def with_parents(call: Call, item: dict[str, Any]) -> dict[str, Any]:
    """A nested item remembers its parents (``/users/{id}/posts``: ``userId``)."""
    validated = call.context.validated
    params = call.binding.params[: call.resource.depth]
    for param, name in zip(params, call.resource.parent_properties, strict=False):
        if name is not None and validated is not None and param in validated.path:
            item[name] = validated.path[param]
    return item


def generated_item(call: Call, key: str) -> dict[str, Any]:
    """A generated item: what the server fills in where the client said nothing."""
    schema = call.resource.item_schema
    if schema is None:
        return {}
    value = call.conformance.generate(schema, call.seed(key), call.context.path_params)
    return dict(value) if isinstance(value, dict) else {}
