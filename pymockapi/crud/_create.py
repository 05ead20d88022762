"""Creating an item: the request body laid over a generated item, with a fresh id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pymockapi.crud import _ids
from pymockapi.crud._bodies import without
from pymockapi.crud._support import (
    at_capacity,
    documents,
    generated_item,
    object_body,
    server_owned,
    with_parents,
)
from pymockapi.exchange import HttpResponse
from pymockapi.model import MISSING

if TYPE_CHECKING:
    from pymockapi.crud.responder import Call

_MAX_ID_TRIES = 64


def _new_id(call: Call) -> tuple[str, Any]:
    """A fresh key and id value: never one in use, nor one deleted before."""
    resource, store, session = call.resource, call.store, call.session
    id_schema = resource.id_schema()
    for _ in range(_MAX_ID_TRIES):
        counter = store.next_id(session, call.collection)
        seed = call.seed(f"#{counter}")
        value = _ids.candidate(id_schema, counter, seed)
        if id_schema is not None and (
            value is MISSING or not call.conformance.validator(id_schema).is_valid(value)
        ):
            value = call.conformance.generate(id_schema, seed, {})
        key = _ids.key_of(value)
        if key is not None and not _taken(call, key):
            return key, value
    raise RuntimeError(f"no free id left in {call.collection}")


def _taken(call: Call, key: str) -> bool:
    store, session, collection = call.store, call.session, call.collection
    found = store.get_item(session, collection, key) is not None
    return found or store.was_deleted(session, collection, key)


def create(call: Call) -> HttpResponse | None:
    context = call.context
    if not call.parents_exist():
        return call.not_found()
    decision = context.decide()
    body = object_body(call)
    if body is None or not 200 <= decision.status < 300:
        return None
    owned = server_owned(call)
    id_property = call.resource.id_property
    chosen = body.get(id_property, MISSING) if id_property and id_property not in owned else MISSING
    key = _ids.key_of(chosen) if chosen is not MISSING else None
    taken = key is not None and call.store.get_item(call.session, call.collection, key) is not None
    if taken and documents(context.operation, 409):
        return context.render(context.decide(409), message=f"{key!r} already exists.")
    refused = at_capacity(call)
    if refused is not None:
        return refused
    if key is None:
        key, chosen = _new_id(call)
    item = {**generated_item(call, key), **without(body, owned)}
    if id_property is not None:
        item[id_property] = chosen
    item = with_parents(call, item)
    call.store.put_item(call.session, call.collection, key, item)
    response = call.serve(decision, item, key)
    if any(header.name.lower() == "location" for header in decision.response.headers):
        response.set_header("Location", f"{context.request.path.rstrip('/')}/{quote(key, safe='')}")
    return response
