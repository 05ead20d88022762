"""Admin endpoints for state: look at it, reset it (all, one session, one machine)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from pymockapi.state import StateStore

SESSION = Query(None, description="Only this session (X-PyMockAPI-Session value).")


def state_router(store: StateStore) -> APIRouter:
    router = APIRouter(tags=["state"])

    @router.get("/state")
    def snapshot(session: str | None = SESSION) -> dict[str, Any]:
        """Every session's state machines, resources and counters (or one session's)."""
        return {"sessions": store.snapshot(session)}

    @router.post("/state/reset")
    def reset(
        session: str | None = SESSION,
        machine: str | None = Query(None, description="Only this state machine."),
    ) -> dict[str, Any]:
        """Forget state: everything, one session, or one machine (back to ``started``)."""
        store.reset(session=session, machine=machine)
        return {"reset": True, "session": session, "machine": machine}

    return router
