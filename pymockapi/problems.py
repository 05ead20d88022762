"""RFC 9457 problem details: the one shape every error takes at the HTTP edge."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import orjson

from pymockapi.errors import Violation
from pymockapi.exchange import HttpResponse

PROBLEM_JSON = "application/problem+json"
VIOLATIONS_HEADER = "X-PyMockAPI-Violations"
_HEADER_BUDGET = 4096
_FIELD_BUDGET = 300

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(
    status: int,
    kind: str,
    detail: str,
    violations: Sequence[Violation] = (),
    *,
    headers: Iterable[tuple[str, str]] = (),
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A problem+json response; ``kind`` becomes the stable ``type`` URN clients can test."""
    body: dict[str, Any] = {
        "type": f"urn:pymockapi:problem:{kind}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if violations:
        body["violations"] = [violation.as_dict() for violation in violations]
    if extra:
        body.update(extra)
    response = HttpResponse(
        status=status,
        headers=[("content-type", PROBLEM_JSON)],
        body=orjson.dumps(body),
    )
    response.add_headers(headers)
    return response


def summarize(violations: Sequence[Violation]) -> str:
    """One human sentence listing every violation, for ``detail``-like fields."""
    return "; ".join(f"{v.location}: {v.message}" for v in violations)


def violations_header(violations: Sequence[Violation]) -> str:
    """The violations as compact ASCII JSON that fits a header, truncated safely.

    Long messages are shortened, whole entries are dropped from the end (never cut
    mid-string), and a final entry says how many were left out, so the header always
    parses as JSON.
    """
    parts = [
        json.dumps(
            {"location": v.location[:_FIELD_BUDGET], "message": v.message[:_FIELD_BUDGET]},
            ensure_ascii=True,
            separators=(",", ":"),
        )
        for v in violations
    ]
    kept: list[str] = []
    used = 2 + 40  # the brackets, and room for the "N more" entry
    for part in parts:
        if used + len(part) + 1 > _HEADER_BUDGET:
            break
        kept.append(part)
        used += len(part) + 1
    if len(kept) < len(parts):
        kept.append(json.dumps({"location": "", "message": f"{len(parts) - len(kept)} more"}))
    return "[" + ",".join(kept) + "]"
