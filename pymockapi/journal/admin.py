"""``/__pymockapi/requests``: list, inspect, count, export and clear the journal.

Every read first waits (bounded) for the writer to commit what was already recorded, so a
test that has received its response can assert on the journal right away.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from pymockapi._admin import problem_response
from pymockapi.engine import MockEngine
from pymockapi.journal import query
from pymockapi.journal.entry import as_dict
from pymockapi.journal.har import har_chunks
from pymockapi.journal.journal import Journal
from pymockapi.journal.nearmiss import explain

FLUSH_TIMEOUT = 5.0
_PATTERN_BODY = {
    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}}
}


def _engine(request: Request) -> MockEngine | None:
    """The engine serving now: the mock app's, or one an admin app put in ``state.engine``."""
    state = request.app.state
    mock_app = getattr(state, "mock_app", None)
    if mock_app is not None:
        engine: MockEngine = mock_app.runtime.engine
        return engine
    found = getattr(state, "engine", None)
    return found if isinstance(found, MockEngine) else None


def build_router(journal: Journal) -> APIRouter:
    router = APIRouter(tags=["journal"])

    def counters() -> dict[str, Any]:
        return {key: journal.info[key] for key in ("dropped", "failed", "pending")}

    @router.get("/requests")
    def list_requests(
        operation: str | None = None,
        method: str | None = None,
        path: Annotated[str | None, Query(description="exact, or a glob such as /pets/*")] = None,
        status: Annotated[str | None, Query(description="404, or a class such as 4xx")] = None,
        session: str | None = None,
        scenario: str | None = None,
        source: str | None = None,
        since: Annotated[str | None, Query(description="ISO 8601 time or epoch seconds")] = None,
        has_violations: bool | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
        cursor: Annotated[int | None, Query(description="next_cursor of the previous page")] = None,
        bodies: bool = False,
    ) -> Response:
        journal.flush(FLUSH_TIMEOUT)
        try:
            filters = query.Filters(
                operation=operation,
                method=method,
                path=path,
                status=status,
                session=session,
                scenario=scenario,
                source=source,
                since=since,
                has_violations=has_violations,
                before_id=cursor,
            )
            found = journal.page(filters, limit=limit, offset=offset, bodies=bodies)
        except query.FilterError as error:
            return problem_response(400, "bad-filter", str(error))
        return JSONResponse(
            {
                "requests": found.entries,
                "total": found.total,
                "next_cursor": found.next_cursor,
                **counters(),
            }
        )

    @router.post("/requests/count", openapi_extra={"requestBody": _PATTERN_BODY})
    async def count_requests(request: Request) -> Response:
        """Body: a JSON pattern (any content type, so a bare ``curl -d`` works)."""
        raw = await request.body()
        try:
            pattern = orjson.loads(raw) if raw.strip() else {}
        except orjson.JSONDecodeError as error:
            return problem_response(400, "bad-pattern", f"the pattern is not JSON: {error}")
        if not isinstance(pattern, dict):
            return problem_response(400, "bad-pattern", "the pattern must be a JSON object")

        def count() -> int:
            journal.flush(FLUSH_TIMEOUT)
            return journal.count(query.Filters.from_pattern(pattern))

        try:
            found = await asyncio.to_thread(count)
        except query.FilterError as error:
            return problem_response(400, "bad-pattern", str(error))
        return JSONResponse({"count": found, **counters()})

    @router.post("/requests/flush")
    def flush_requests() -> dict[str, Any]:
        flushed = journal.flush(FLUSH_TIMEOUT)
        return {"flushed": flushed, **journal.info}

    @router.get("/requests/unmatched")
    @router.get("/requests/near-misses", include_in_schema=False)
    def near_misses(
        request: Request,
        session: str | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> dict[str, Any]:
        journal.flush(FLUSH_TIMEOUT)
        engine = _engine(request)
        with journal.reader() as connection:
            rows = connection.execute(
                "SELECT * FROM requests_with_bodies WHERE operation IS NULL AND source != 'cors'"
                + (" AND session = ?" if session else "")
                + " ORDER BY id DESC LIMIT ?",
                [*([session] if session else []), limit],
            ).fetchall()
        items = []
        for row in rows:
            item = as_dict(row, bodies=False)
            item["near_misses"] = explain(engine, row["method"], row["path"]) if engine else None
            items.append(item)
        return {"requests": items}

    @router.get("/requests.har")
    def export_har(session: str | None = None, operation: str | None = None) -> Response:
        journal.flush(FLUSH_TIMEOUT)
        rows = query.stream(journal.path, query.Filters(session=session, operation=operation))
        return StreamingResponse(
            har_chunks(rows),
            media_type="application/json",
            headers={"content-disposition": 'attachment; filename="pymockapi.har"'},
        )

    @router.get("/requests/{entry_id}")
    def get_request(entry_id: int) -> Response:
        journal.flush(FLUSH_TIMEOUT)
        found = journal.get(entry_id)
        if found is None:
            return problem_response(
                404, "no-such-request", f"The journal has no request {entry_id}."
            )
        return JSONResponse(found)

    @router.delete("/requests")
    def delete_requests(session: str | None = None) -> dict[str, Any]:
        journal.flush(FLUSH_TIMEOUT)
        return {"deleted": journal.delete(query.Filters(session=session))}

    return router
