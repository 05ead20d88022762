"""The bare reference: a raw ASGI app answering every request with one fixed 157-byte JSON.

Served with ``uvicorn --loop uvloop --http httptools --workers 1`` it is the ceiling of
what any Python mock on uvicorn can reach on this machine; every figure in the benchmark
is reported as a ratio to it, measured in the same run.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

PET = {
    "id": 1,
    "name": "Rex",
    "species": "dog",
    "status": "available",
    "tags": ["friendly"],
    "createdAt": "2024-05-01T10:00:00Z",
    "owner": {"firstName": "Ada", "lastName": "Li"},
}
BODY = json.dumps(PET, separators=(",", ":")).encode()
assert len(BODY) == 157, len(BODY)

START = {
    "type": "http.response.start",
    "status": 200,
    "headers": [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(BODY)).encode()),
    ],
}
RESPONSE = {"type": "http.response.body", "body": BODY}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]


async def app(
    scope: Scope,
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    more = True
    while more:  # drain the request body, if any
        message = await receive()
        more = message.get("more_body", False)
    await send(START)
    await send(RESPONSE)
