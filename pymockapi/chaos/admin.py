"""``/__pymockapi/chaos``: see the chaos settings, replace them live, or turn all chaos off.

- ``GET``: whether chaos is on, the live settings, the scenario files' sections, the stalls;
- ``PUT``: replace the live settings (a ``chaos:`` section as JSON, ``operations`` allowed),
  turn chaos on again, and restart the seeded random sequence and the rate-limit buckets;
- ``DELETE``: turn every kind of chaos off (CLI, files, spec, client ``Prefer``) until ``PUT``.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from pymockapi._admin import problem_response
from pymockapi.chaos.controller import ChaosController
from pymockapi.chaos.layers import Live
from pymockapi.chaos.settings import ChaosSettingsError, parse_file_section


def chaos_router(controller: ChaosController) -> APIRouter:
    router = APIRouter(tags=["chaos"])

    @router.get("/chaos")
    def show() -> dict[str, Any]:
        return controller.describe()

    @router.put("/chaos")
    async def replace(request: Request) -> Response:
        try:
            section = orjson.loads(await request.body() or b"{}")
        except orjson.JSONDecodeError as error:
            return problem_response(400, "bad-json", f"The body is not JSON: {error}")
        try:
            settings, operations = parse_file_section(section, "chaos")
        except ChaosSettingsError as error:
            return problem_response(422, "bad-chaos", str(error))
        controller.replace(Live(settings, operations))
        return JSONResponse(controller.describe())

    @router.delete("/chaos")
    def disable() -> dict[str, Any]:
        controller.disable()
        return controller.describe()

    return router
