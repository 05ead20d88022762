"""The stateful CRUD responder: answers the operations inference bound to a resource.

It runs after the scenarios responder (a scenario rule wins) and steps aside whenever the
client asked for something specific (``Prefer: code=...``, ``example=...``): the spec's
own answer is then what the client wants.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from pymockapi._accept import is_json
from pymockapi.crud import _ids
from pymockapi.crud._bodies import without
from pymockapi.crud._shapes import flagged
from pymockapi.crud.conformance import Conformance
from pymockapi.crud.inference import Binding, Resource, Role, infer
from pymockapi.engine import MockEngine, RequestContext
from pymockapi.exchange import HttpResponse
from pymockapi.model import MISSING
from pymockapi.negotiation import Decision, NegotiationError
from pymockapi.problems import problem
from pymockapi.responses import NO_BODY_STATUSES
from pymockapi.seeds import derive_seed
from pymockapi.serializers import EncodedJson
from pymockapi.state import StateStore


@dataclass(slots=True)
class Call:
    """One request to a resource: where it points, and how to answer it."""

    context: RequestContext
    binding: Binding
    store: StateStore
    conformance: Conformance
    parent_ids: tuple[str, ...]
    key: str | None
    """The item's id (``None`` for the collection itself)."""

    @property
    def resource(self) -> Resource:
        return self.binding.resource

    @property
    def session(self) -> str:
        return self.context.session

    @property
    def collection(self) -> str:
        return self.resource.collection(self.parent_ids)

    def seed(self, key: str) -> bytes:
        """The seed of everything generated for one item: stable across requests and runs."""
        controls, config = self.context.controls, self.context.engine.config
        base = controls.seed if controls.seed is not None else config.seed
        return derive_seed(base, "crud", self.collection, key)

    def parents_exist(self) -> bool:
        resource, ids = self.resource.parent, self.parent_ids
        while resource is not None:
            depth = resource.depth
            collection = resource.collection(ids[:depth])
            if self.store.get_item(self.session, collection, ids[depth]) is None:
                return False
            resource, ids = resource.parent, ids[:depth]
        return True

    def get(self) -> Any | None:
        if self.key is None or not self.parents_exist():
            return None
        return self.store.get_item(self.session, self.collection, self.key)

    def not_found(self) -> HttpResponse:
        """The documented 404 (or a problem+json 404 when the spec documents none)."""
        noun = self.resource.name
        detail = f"No item with id {self.key!r} in {noun}." if self.key else f"No {noun} here."
        try:
            decision = self.context.decide(404)
        except NegotiationError:
            return problem(404, "not-found", detail)
        return self.context.render(decision, message=detail)

    def serve(
        self, decision: Decision, item: Any, key: str, *, before: Any = MISSING
    ) -> HttpResponse:
        """``item`` as the body of ``decision``, made to fit the response's schema.

        ``before``: the stored item a write changed (its checks then cover the changes).
        """
        media = decision.media
        if media is None or media.schema is None or decision.status in NO_BODY_STATUSES:
            return self.context.render(decision)
        hidden = flagged(media.schema, "writeOnly")
        value = self.conformance.fit(
            without(item, hidden),
            media.schema,
            self.seed(key),
            self.context.path_params,
            without(before, hidden),
        )
        return self.context.render(decision, value=value)

    def serve_json(self, decision: Decision, encoded: bytes) -> HttpResponse | None:
        """The stored bytes as the body, when they are known to fit as they are: a read of
        a 17 kB item then neither parses nor encodes it. ``None``: serve the parsed item."""
        media = decision.media
        if media is None or media.schema is None or decision.status in NO_BODY_STATUSES:
            return None
        if decision.content_type is None or not is_json(decision.content_type):
            return None
        if _mentions(encoded, flagged(media.schema, "writeOnly")):
            return None  # a writeOnly property to leave out: parse after all
        if not self.conformance.known(encoded, media.schema):
            return None
        return self.context.render(decision, value=EncodedJson(encoded))


Action = Callable[[Call], HttpResponse | None]


class CrudResponder:
    """Answers from the state store, per session; one per engine (so per spec version)."""

    name = "state"

    def __init__(self, engine: MockEngine, store: StateStore) -> None:
        from pymockapi.crud import _actions, _create, _list

        self.store = store
        self.bindings = infer(engine.spec)
        self.conformance = Conformance()
        self._actions: dict[Role, Action] = {
            Role.LIST: _list.list_items,
            Role.CREATE: _create.create,
            Role.READ: _actions.read,
            Role.REPLACE: _actions.replace,
            Role.MERGE: _actions.merge,
            Role.DELETE: _actions.delete,
            Role.BELOW: _actions.below,
        }

    def respond(self, context: RequestContext) -> HttpResponse | None:
        controls = context.controls
        if controls.code is not None or controls.example is not None:
            return None  # the client asked the spec for a specific answer
        operation = context.operation
        binding = self.bindings.get((operation.method, operation.path))
        if binding is None:
            return None
        ids = [_path_key(context, name) for name in binding.params]
        if any(key is None for key in ids):
            return None
        depth = binding.resource.depth
        call = Call(
            context,
            binding,
            self.store,
            self.conformance,
            tuple(key for key in ids[:depth] if key is not None),
            ids[depth] if len(ids) > depth else None,
        )
        try:
            return self._actions[binding.role](call)
        except NegotiationError:
            return None  # e.g. an Accept only the spec's own answer can refuse properly


def _mentions(encoded: bytes, names: frozenset[str]) -> bool:
    """Whether compact JSON has any of ``names`` as a key, at any depth: a key is the only
    place an encoded string is followed by a colon."""
    return any(orjson.dumps(name) + b":" in encoded for name in names)


def _path_key(context: RequestContext, name: str) -> str | None:
    validated = context.validated
    if validated is not None and name in validated.path:
        found = _ids.key_of(validated.path[name])
        if found is not None:
            return found
    return context.path_params.get(name)
