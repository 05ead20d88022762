"""Read, replace, merge and delete one item of a resource."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pymockapi.crud._bodies import is_merge_patch, merge_patch, request_body, without
from pymockapi.crud._patch import PatchError, apply_patch
from pymockapi.crud._support import (
    at_capacity,
    documents,
    generated_item,
    object_body,
    server_owned,
    unsendable,
    with_parents,
)
from pymockapi.exchange import HttpResponse
from pymockapi.problems import problem

if TYPE_CHECKING:
    from pymockapi.crud.responder import Call


def read(call: Call) -> HttpResponse | None:
    key = call.key
    if key is None or not call.parents_exist():
        return call.not_found()
    where = (call.session, call.collection, key)
    encoded = call.store.get_item_json(*where)
    if encoded is not None:
        served = call.serve_json(call.context.decide(), encoded)
        if served is not None:
            return served
    item = call.store.get_item(*where)
    if item is None:
        return call.not_found()
    return call.serve(call.context.decide(), item, key)


def replace(call: Call) -> HttpResponse | None:
    context, key = call.context, call.key
    if key is None:
        return None
    existing = call.get()
    status = None
    if existing is None:
        upsert = documents(context.operation, 201) or not call.resource.creatable
        if not upsert or not call.parents_exist():
            return call.not_found()
        refused = at_capacity(call)
        if refused is not None:
            return refused
        status = 201 if documents(context.operation, 201) else None
        existing = generated_item(call, key)
    body = object_body(call)
    if body is None:
        return None
    kept = server_owned(call) | unsendable(call)
    item = {name: value for name, value in existing.items() if name in kept}
    item.update(without(body, kept))
    item = {**{name: item[name] for name in existing if name in item}, **item}
    _keep_id(call, existing, item)
    item = with_parents(call, item)
    call.store.put_item(call.session, call.collection, key, item)
    return call.serve(context.decide(status), item, key, before=existing)


def _keep_id(call: Call, existing: dict[str, Any], item: dict[str, Any]) -> None:
    """The id stays what the path says, whatever the body claims."""
    id_property = call.resource.id_property
    if id_property is None:
        return
    if id_property in existing:
        item[id_property] = existing[id_property]
        return
    validated = call.context.validated
    param = call.resource.item_param
    if validated is not None and param in validated.path:
        item[id_property] = validated.path[param]
    elif call.key is not None:
        item[id_property] = call.key


def merge(call: Call) -> HttpResponse | None:
    """``PATCH``: JSON Merge Patch, JSON Patch (RFC 6902), or a plain object's fields."""
    existing, key = call.get(), call.key
    if existing is None or key is None:
        return call.not_found()
    patch = request_body(call.context)
    owned = server_owned(call) | {call.resource.id_property or ""}
    if isinstance(patch, list) and isinstance(existing, dict):
        try:
            changed = apply_patch(existing, patch)
        except PatchError as error:
            return _unprocessable(call, f"The JSON Patch cannot be applied: {error}.")
        if not isinstance(changed, dict):
            return _unprocessable(call, "The JSON Patch must leave an object.")
        item = {**without(changed, owned), **{k: v for k, v in existing.items() if k in owned}}
    elif isinstance(patch, dict):
        patch = without(patch, owned)
        item = (
            merge_patch(existing, patch) if is_merge_patch(call.context) else {**existing, **patch}
        )
    else:
        return None
    _keep_id(call, existing, item)
    call.store.put_item(call.session, call.collection, key, item)
    return call.serve(call.context.decide(), item, key, before=existing)


def _unprocessable(call: Call, detail: str) -> HttpResponse:
    """The documented 409 or 422 for a patch that does not apply, else a 422 problem."""
    for status in (409, 422):
        if documents(call.context.operation, status):
            return call.context.render(call.context.decide(status), message=detail)
    return problem(422, "patch-failed", detail)


def delete(call: Call) -> HttpResponse | None:
    existing, key = call.get(), call.key
    if existing is None or key is None:
        return call.not_found()
    call.store.delete_item(call.session, call.collection, key)
    return call.serve(call.context.decide(), existing, key)


def below(call: Call) -> HttpResponse | None:
    """``/pets/{petId}/photo`` while the pet does not exist: 404.

    A read always gets it (a deleted pet's photo must not come back); another method only
    when its 404 is documented, else the spec answers as usual.
    """
    if call.get() is not None:
        return None
    operation = call.context.operation
    if operation.method in ("GET", "HEAD") or documents(operation, 404):
        return call.not_found()
    return None
