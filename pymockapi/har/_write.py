"""Build HAR 1.2 entries and documents (http://www.softwareishard.com/blog/har-12-spec/)."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pymockapi.errors import Violation
from pymockapi.har.model import DEFAULT_REDACT, RecordedExchange, redact, redact_url

HAR_VERSION = "1.2"


def _creator() -> dict[str, str]:
    from pymockapi import __version__

    return {"name": "PyMockAPI", "version": __version__}


def _header_list(headers: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in headers]


def _find(headers: Sequence[tuple[str, str]], name: str) -> str:
    return next((v for k, v in headers if k.lower() == name), "")


def _content(body: bytes, mime: str) -> dict[str, Any]:
    """``text`` when the body is UTF-8, else base64 with ``encoding`` (as browsers do)."""
    try:
        return {"text": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"text": base64.b64encode(body).decode("ascii"), "encoding": "base64"}


def har_entry(
    method: str,
    url: str,
    request_headers: Sequence[tuple[str, str]],
    request_body: bytes,
    status: int,
    response_headers: Sequence[tuple[str, str]],
    response_body: bytes,
    started: datetime,
    duration_ms: float,
    *,
    operation: str | None = None,
    violations: Sequence[Violation] = (),
    redact_headers: Iterable[str] = DEFAULT_REDACT,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One HAR entry; the named headers and query parameters are redacted, PyMockAPI's own
    data goes in ``_pymockapi``."""
    names = tuple(redact_headers)
    req_headers = redact(request_headers, names)
    res_headers = redact(response_headers, names)
    url = redact_url(url, names)
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    request: dict[str, Any] = {
        "method": method.upper(),
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _header_list(req_headers),
        "queryString": _header_list(parse_qsl(urlsplit(url).query, keep_blank_values=True)),
        "headersSize": -1,
        "bodySize": len(request_body),
    }
    if request_body:
        mime = _find(req_headers, "content-type") or "application/octet-stream"
        request["postData"] = {"mimeType": mime, **_content(request_body, mime)}
    mime = _find(res_headers, "content-type")
    try:
        status_text = HTTPStatus(status).phrase
    except ValueError:
        status_text = ""
    response: dict[str, Any] = {
        "status": status,
        "statusText": status_text,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _header_list(res_headers),
        "content": {"size": len(response_body), "mimeType": mime, **_content(response_body, mime)},
        "redirectURL": _find(res_headers, "location"),
        "headersSize": -1,
        "bodySize": len(response_body),
    }
    entry: dict[str, Any] = {
        "startedDateTime": started.isoformat(timespec="milliseconds"),
        "time": round(duration_ms, 3),
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": 0, "wait": round(duration_ms, 3), "receive": 0},
    }
    ours: dict[str, Any] = dict(extra or {})
    if operation:
        ours["operation"] = operation
    if violations:
        ours["violations"] = [v.as_dict() for v in violations]
    if ours:
        entry["_pymockapi"] = ours
    return entry


def exchange_entry(
    exchange: RecordedExchange, redact_headers: Iterable[str] = DEFAULT_REDACT
) -> dict[str, Any]:
    return har_entry(
        exchange.method,
        exchange.url,
        exchange.request_headers,
        exchange.request_body,
        exchange.status,
        exchange.response_headers,
        exchange.response_body,
        exchange.started,
        exchange.duration_ms,
        operation=exchange.operation,
        violations=exchange.violations,
        redact_headers=redact_headers,
    )


def har_document(
    entries: Iterable[dict[str, Any]], *, creator: dict[str, str] | None = None
) -> dict[str, Any]:
    """The whole HAR document around ready-made entries (see :func:`har_entry`)."""
    return {
        "log": {
            "version": HAR_VERSION,
            "creator": creator or _creator(),
            "pages": [],
            "entries": list(entries),
        }
    }
