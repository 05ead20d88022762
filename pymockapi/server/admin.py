"""The admin API under ``/__pymockapi/`` (FastAPI: it is not on the hot path)."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response

from pymockapi import __version__
from pymockapi._admin import problem_response

if TYPE_CHECKING:
    from pymockapi.server.app import MockApp

PREFIX = "/__pymockapi"


def build_admin(app: MockApp) -> FastAPI:
    admin = FastAPI(
        title="PyMockAPI admin",
        version=__version__,
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        openapi_url=f"{PREFIX}/openapi.json",
    )
    admin.state.mock_app = app  # feature routers reach the runtime via request.app.state

    @admin.middleware("http")
    async def require_token(request: Request, call_next: Any) -> Response:
        if app.admin_closed:
            return problem_response(
                403,
                "admin-closed",
                "The server is bound beyond loopback without --admin-token, so the admin "
                "API is closed. Restart with --admin-token to use it.",
            )
        token = app.admin_token
        if token:
            given = request.headers.get("x-pymockapi-admin-token", "")
            bearer = request.headers.get("authorization", "")
            if bearer.lower().startswith("bearer "):
                given = given or bearer[7:].strip()
            if not hmac.compare_digest(given.encode(), token.encode()):
                response = problem_response(
                    401,
                    "admin-token-required",
                    "The admin API needs the token given with --admin-token "
                    "(header 'Authorization: Bearer <token>' or 'X-PyMockAPI-Admin-Token').",
                )
                response.headers["www-authenticate"] = 'Bearer realm="pymockapi-admin"'
                return response
        result: Response = await call_next(request)
        return result

    @admin.get(f"{PREFIX}/health")
    def health() -> dict[str, Any]:
        spec = app.runtime.engine.spec
        return {
            "status": "ok",
            "version": __version__,
            "spec": {"source": spec.source, "title": spec.title, "version": spec.api_version},
            "operations": len(spec.operations),
            "skipped": [str(item) for item in spec.problems],
            "reload": app.runtime.status.as_dict(),
            "answers_remembered": app.memo.describe(),
            "features": {feature.name: feature.info for feature in app.features},
        }

    @admin.get(f"{PREFIX}/routes")
    def routes() -> list[dict[str, Any]]:
        return [
            {
                "method": op.method,
                "path": op.path,
                "operationId": op.operation_id,
                "summary": op.summary,
                "deprecated": op.deprecated,
                "responses": [response.status for response in op.responses],
            }
            for op in app.runtime.engine.spec.operations
        ]

    @admin.post(f"{PREFIX}/reload")
    def reload() -> Response:
        spec_ok = app.runtime.reload()
        errors = app.reload_features()
        if not spec_ok:
            errors.insert(0, str(app.runtime.status.last_error))
        if not errors:
            return JSONResponse({"reloaded": True, **app.runtime.status.as_dict()})
        return problem_response(
            422,
            "reload-failed",
            "; ".join(errors) + " (the previous version is still served)",
        )

    @admin.get(f"{PREFIX}/logs")
    def logs(limit: int = Query(100, ge=1, le=500)) -> list[dict[str, Any]]:
        return app.runtime.recent.latest(limit)

    for feature in app.features:
        for router in feature.routers():
            admin.include_router(router, prefix=PREFIX)
    return admin
