"""Stateful CRUD inferred from the spec: what a client creates, it can read, list and delete.

``setup(spec, store=..., stateful=..., seed=...)`` returns the :class:`Feature` that adds
the responder (when ``stateful``) and the admin endpoints ``GET /__pymockapi/state`` and
``POST /__pymockapi/state/reset`` (always: scenario state machines live in the same store).
A spec turns stateful mode on by default with the root extension
``x-pymockapi: {stateful: true}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pymockapi.features import Feature
from pymockapi.model import Spec
from pymockapi.state import StateStore

if TYPE_CHECKING:
    from pymockapi.engine import MockEngine, Responder

EXTENSION = "x-pymockapi"


def spec_wants_stateful(spec: Spec) -> bool:
    """Whether the document asks for stateful mode (``x-pymockapi: {stateful: true}``)."""
    settings = spec.request_document.root.get(EXTENSION)
    return isinstance(settings, Mapping) and settings.get("stateful") is True


def setup(spec: Spec, *, store: StateStore, stateful: bool, seed: str) -> Feature:
    """The state feature: admin endpoints always, the CRUD responder when ``stateful``."""

    def responder(engine: MockEngine) -> Responder:
        from pymockapi.crud.responder import CrudResponder

        return CrudResponder(engine, store)

    info: dict[str, Any] = {"stateful": stateful, "store": type(store).__name__, "seed": seed}
    if stateful:
        from pymockapi.crud.inference import infer

        resources = {binding.resource.name for binding in infer(spec).values()}
        info["resources"] = sorted(resources)
    return Feature(
        name="state",
        responders=[responder] if stateful else [],
        admin_routers=[_admin_router(store)],
        on_shutdown=[store.close],
        info=info,
    )


def _admin_router(store: StateStore) -> Callable[[], Any]:
    """``/__pymockapi/state``, built with the admin app (its module imports FastAPI)."""

    def build() -> Any:
        from pymockapi.crud.admin import state_router

        return state_router(store)

    return build


__all__ = ["EXTENSION", "setup", "spec_wants_stateful"]
