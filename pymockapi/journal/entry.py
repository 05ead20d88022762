"""One journal entry: a :class:`ServeEvent` flattened into a row, and a row as JSON.

Bodies are bounded (a larger body is cut and flagged, with its real size kept) and secret
headers and query parameters are redacted before anything is written.
"""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from pymockapi.engine import ServeEvent
from pymockapi.har.model import redact, redact_query

DEFAULT_MAX_BODY = 64 * 1024

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class EntryLimits:
    max_body: int = DEFAULT_MAX_BODY
    redact: frozenset[str] = frozenset()


def _headers(pairs: Sequence[tuple[str, str]], names: frozenset[str]) -> str:
    return orjson.dumps(redact(pairs, names)).decode()


def _url(event: ServeEvent, query: str) -> str:
    request = event.request
    if "://" in request.path:  # an absolute-form target (a proxy): keep it as sent
        base = request.path
    else:
        base = f"http://{request.header('host') or 'localhost'}{request.path}"
    return f"{base}?{query}" if query else base


def kept_body(body: bytes, limits: EntryLimits) -> bytes:
    """What is stored of a body: at most ``max_body`` bytes."""
    return body[: limits.max_body]


def to_row(event: ServeEvent, wall_time: float, limits: EntryLimits, body_id: int) -> Row:
    """The values for :data:`pymockapi.journal._schema.INSERT`, in column order.

    ``body_id`` is the row in ``bodies`` holding :func:`kept_body` of the response.
    """
    request, response = event.request, event.response
    operation = event.operation
    cut = limits.max_body
    query = redact_query(request.query_string, limits.redact)
    return (
        wall_time,
        request.method,
        _url(event, query),
        request.path,
        query,
        _headers(request.headers, limits.redact),
        kept_body(request.body, limits),
        len(request.body),
        int(len(request.body) > cut),
        operation.key if operation else None,
        operation.path if operation else None,
        orjson.dumps(event.path_params).decode(),
        event.session,
        event.scenario,
        event.source,
        response.status,
        _headers(response.headers, limits.redact),
        body_id,
        len(response.body),
        int(len(response.body) > cut),
        orjson.dumps([violation.as_dict() for violation in event.violations]).decode(),
        len(event.violations),
        orjson.dumps(list(event.chaos)).decode(),
        round(event.duration * 1000, 3),
        request.client,
    )


def iso_time(epoch: float) -> str:
    return (
        datetime.fromtimestamp(epoch, UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    )


def _body(data: bytes) -> dict[str, Any]:
    try:
        return {"body": data.decode("utf-8"), "body_encoding": "utf-8"}
    except UnicodeDecodeError:
        return {"body": base64.b64encode(data).decode("ascii"), "body_encoding": "base64"}


def _pairs(text: str) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in orjson.loads(text)]


def as_dict(row: sqlite3.Row, *, bodies: bool = True) -> dict[str, Any]:
    """A row as the admin API shows it (``bodies=False``: the summary used in listings)."""
    request: dict[str, Any] = {
        "method": row["method"],
        "url": row["url"],
        "path": row["path"],
        "query": row["query"],
        "client": row["client"],
    }
    response: dict[str, Any] = {"status": row["status"]}
    if bodies:
        request["headers"] = _pairs(row["request_headers"])
        request.update(_body(row["request_body"]))
        request["body_size"] = row["request_body_size"]
        request["body_truncated"] = bool(row["request_truncated"])
        response["headers"] = _pairs(row["response_headers"])
        response.update(_body(row["response_body"]))
        response["body_size"] = row["response_body_size"]
        response["body_truncated"] = bool(row["response_truncated"])
    return {
        "id": row["id"],
        "time": iso_time(row["time"]),
        "timestamp": row["time"],
        "request": request,
        "response": response,
        "operation": row["operation"],
        "operation_path": row["operation_path"],
        "path_params": orjson.loads(row["path_params"]),
        "session": row["session"],
        "scenario": row["scenario"],
        "source": row["source"],
        "violations": orjson.loads(row["violations"]),
        "chaos": orjson.loads(row["chaos"]),
        "duration_ms": row["duration_ms"],
    }
