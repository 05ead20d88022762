"""Read HAR files as browsers (Chrome, Firefox, Safari), proxies and PyMockAPI write them."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from pymockapi.errors import Violation
from pymockapi.har.model import Headers, RecordedExchange

MAX_HAR_BYTES = 512 * 1024 * 1024
# Recorded bodies were decoded already: these would describe bytes that are not there.
_STALE = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class HarError(ValueError):
    """A file that is not a usable HAR document; the message says why, for a person."""


def _headers(raw: Any) -> Headers:
    pairs: Headers = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, Mapping):
            continue
        name, value = str(item.get("name", "")), item.get("value", "")
        if name and not name.startswith(":"):  # HTTP/2 pseudo-headers (Chrome)
            pairs.append((name, "" if value is None else str(value)))
    return pairs


def _text(holder: Mapping[str, Any]) -> bytes:
    text = holder.get("text")
    if not isinstance(text, str):
        return b""
    if str(holder.get("encoding", "")).lower() == "base64":
        try:
            return base64.b64decode(text, validate=False)
        except (binascii.Error, ValueError):
            return text.encode("utf-8")
    return text.encode("utf-8")


def _post_body(request: Mapping[str, Any]) -> bytes:
    post = request.get("postData")
    if not isinstance(post, Mapping):
        return b""
    if isinstance(post.get("text"), str):
        return _text(post)
    params = post.get("params")
    if isinstance(params, list):  # some tools keep only the parsed form fields
        return urlencode(
            [
                (str(p.get("name", "")), str(p.get("value", "")))
                for p in params
                if isinstance(p, Mapping)
            ]
        ).encode()
    return b""


def _started(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.fromtimestamp(0, UTC)


def _violations(ours: Any) -> list[Violation]:
    items = ours.get("violations") if isinstance(ours, Mapping) else None
    return [
        Violation(str(v.get("location", "")), str(v.get("message", "")))
        for v in items or []
        if isinstance(v, Mapping)
    ]


def _exchange(entry: Mapping[str, Any]) -> RecordedExchange | None:
    request, response = entry.get("request"), entry.get("response")
    if not isinstance(request, Mapping) or not isinstance(response, Mapping):
        return None
    try:
        status = int(response.get("status") or 0)
    except (TypeError, ValueError):
        return None
    url = request.get("url")
    if status < 100 or not isinstance(url, str) or not url:
        return None  # blocked or failed requests carry status 0: nothing to replay
    content = response.get("content")
    ours = entry.get("_pymockapi")
    request_headers = _headers(request.get("headers"))
    body = _post_body(request)
    post = request.get("postData")
    has_type = any(k.lower() == "content-type" for k, _ in request_headers)
    if body and isinstance(post, Mapping) and post.get("mimeType") and not has_type:
        request_headers.append(("content-type", str(post["mimeType"])))
    try:
        duration = float(entry.get("time") or 0)
    except (TypeError, ValueError):
        duration = 0.0
    return RecordedExchange(
        method=str(request.get("method", "GET")).upper(),
        url=url,
        request_headers=request_headers,
        request_body=body,
        status=status,
        response_headers=[
            (k, v) for k, v in _headers(response.get("headers")) if k.lower() not in _STALE
        ],
        response_body=_text(content) if isinstance(content, Mapping) else b"",
        started=_started(entry.get("startedDateTime")),
        duration_ms=max(duration, 0.0),
        operation=ours.get("operation") if isinstance(ours, Mapping) else None,
        violations=_violations(ours),
    )


def parse_har(document: Any, source: str = "HAR") -> list[RecordedExchange]:
    """The exchanges of a parsed HAR document, in file order; unusable entries are skipped."""
    log = document.get("log") if isinstance(document, Mapping) else None
    entries = log.get("entries") if isinstance(log, Mapping) else None
    if not isinstance(entries, list):
        raise HarError(f"{source}: not a HAR file (no log.entries list)")
    found = [_exchange(e) for e in entries if isinstance(e, Mapping)]
    return [e for e in found if e is not None]


def read_har(path: str | Path) -> list[RecordedExchange]:
    """Read a HAR file (UTF-8, optionally with a BOM, as some browsers write it)."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_HAR_BYTES:
            raise HarError(f"{file}: larger than {MAX_HAR_BYTES // (1024 * 1024)} MiB")
        document = json.loads(file.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise HarError(f"{file}: {error.strerror or error}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise HarError(f"{file}: not valid JSON ({error})") from error
    return parse_har(document, str(file))
