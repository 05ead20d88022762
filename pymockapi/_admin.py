"""What every admin router shares: problem+json answers in the same shape as the mock's."""

from __future__ import annotations

from starlette.responses import Response

from pymockapi.problems import PROBLEM_JSON, problem


def problem_response(status: int, kind: str, detail: str) -> Response:
    """An RFC 9457 problem for the admin API (``type`` is ``urn:pymockapi:problem:<kind>``)."""
    built = problem(status, kind, detail)
    return Response(built.body, status_code=status, media_type=PROBLEM_JSON)
