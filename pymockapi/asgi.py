"""Plain ASGI helpers (no framework): types, reading a body, sending a response.

Shared by the mock server, the proxy and the replay server; standard library only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from pymockapi.exchange import HttpRequest, HttpResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or ``None`` once it grows past ``limit``."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def raw_target(scope: Scope) -> str:
    """The request target as sent: a path, or an absolute URI (servers that keep it)."""
    raw = scope.get("raw_path")
    return raw.decode("latin-1") if raw else str(scope.get("path", "/"))


def header_pairs(scope: Scope) -> list[tuple[str, str]]:
    return [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope["headers"]]


def http_request(scope: Scope, body: bytes) -> HttpRequest:
    """The request of ``scope`` (with its ``body``, already read) for the engine."""
    return HttpRequest(
        method=scope["method"].upper(),
        path=raw_target(scope),
        query_string=scope.get("query_string", b"").decode("latin-1"),
        headers=header_pairs(scope),
        body=body,
        client=(scope.get("client") or ("", 0))[0],
    )


def encode_headers(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]


def response_headers(response: HttpResponse) -> list[tuple[bytes, bytes]]:
    """The response's headers for ``http.response.start``, with ``content-length``."""
    headers = encode_headers(response.headers)
    if not any(k == b"content-length" for k, _ in headers):
        headers.append((b"content-length", str(len(response.body)).encode()))
    return headers


async def send_response(send: Send, response: HttpResponse) -> None:
    """Send a whole :class:`HttpResponse` at once."""
    headers = response_headers(response)
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})
