"""The admin API of the proxy and the spec-less replay server: health plus features' routers
(the journal's ``/__pymockapi/requests``), under the same token rules as the mock's."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from pymockapi import __version__
from pymockapi.features import Feature
from pymockapi.problems import problem

PREFIX = "/__pymockapi"


def _refusal(token: str | None, closed: bool, request: Request) -> Response | None:
    if closed:
        detail = "Bound beyond loopback without --admin-token: the admin API is closed."
        answer = problem(403, "admin-closed", detail)
    elif token:
        given = request.headers.get("x-pymockapi-admin-token", "")
        bearer = request.headers.get("authorization", "")
        if bearer.lower().startswith("bearer "):
            given = given or bearer[7:].strip()
        if hmac.compare_digest(given.encode(), token.encode()):
            return None
        answer = problem(401, "admin-token-required", "The admin API needs the --admin-token.")
        answer.set_header("www-authenticate", 'Bearer realm="pymockapi-admin"')
    else:
        return None
    return Response(answer.body, answer.status, dict(answer.headers))


def _info(feature: Feature) -> Any:
    info: Any = feature.info
    return info() if callable(info) else info


def build_admin(
    features: Sequence[Feature],
    health: Callable[[], dict[str, Any]],
    *,
    token: str | None = None,
    closed: bool = False,
) -> FastAPI:
    admin = FastAPI(title="PyMockAPI admin", version=__version__, docs_url=None, redoc_url=None)

    @admin.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        refused = _refusal(token, closed, request)
        if refused is not None:
            return refused
        result: Response = await call_next(request)
        return result

    @admin.get(f"{PREFIX}/health")
    def get_health() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            **health(),
            "features": {feature.name: _info(feature) for feature in features},
        }

    for feature in features:
        for router in feature.routers():
            admin.include_router(router, prefix=PREFIX)
    return admin
