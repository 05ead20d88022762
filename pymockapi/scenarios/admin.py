"""Admin routes: ``GET /scenarios``, ``GET /scenario``, ``PUT /scenario``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from pymockapi._admin import problem_response
from pymockapi.scenarios.model import DEFAULT

if TYPE_CHECKING:
    from pymockapi.scenarios.feature import ScenarioHolder


def build_router(holder: ScenarioHolder) -> APIRouter:
    router = APIRouter(tags=["scenarios"])

    def active() -> dict[str, Any]:
        return {
            "active": [DEFAULT, *holder.active],
            "available": list(holder.current.names),
            "header": "X-PyMockAPI-Scenario",
        }

    @router.get("/scenarios")
    def list_scenarios() -> dict[str, Any]:
        """Files, scenarios and their rules, and the last load errors."""
        return holder.describe()

    @router.get("/scenario")
    def get_active() -> dict[str, Any]:
        """The globally active scenarios (``default`` is always active)."""
        return active()

    @router.put("/scenario")
    async def set_active(request: Request) -> Response:
        """Body ``{"active": ["name", ...]}``: switch these scenarios on globally."""
        try:
            payload = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return problem_response(
                400, "bad-request", 'Send JSON such as {"active": ["empty-store"]}.'
            )
        names = payload.get("active") if isinstance(payload, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            return problem_response(
                400, "bad-request", '"active" must be a list of scenario names.'
            )
        unknown = holder.activate(names)
        if unknown:
            known = ", ".join(holder.current.names)
            return problem_response(
                422,
                "unknown-scenario",
                f"Unknown scenario(s) {', '.join(unknown)}; known: {known}.",
            )
        return JSONResponse(active())

    return router
