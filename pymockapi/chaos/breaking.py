"""Transport faults: what a client sees when the network or the server misbehaves.

- ``reset``: a TCP RST before any byte (the client gets "connection reset by peer");
- ``empty``: the connection closes with no response ("remote end closed connection");
- ``malformed``: a status line and headers announcing a chunked body, then a chunk whose
  size line is garbage, then close (a protocol error in the client);
- ``random``: random bytes instead of a status line, then close (a protocol error);
- ``stall``: the status line, headers and half of the body, then nothing until the stall
  ends (the client times out reading) and the connection is dropped. Stalls are bounded in
  number (over the cap a stall closes at once) and in length.
"""

from __future__ import annotations

import asyncio
import contextlib
from http import HTTPStatus

from pymockapi.chaos.transport import Connection
from pymockapi.exchange import HttpResponse

_SKIPPED = frozenset(("content-length", "transfer-encoding", "connection"))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _head(response: HttpResponse, extra: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {response.status} {_phrase(response.status)}"]
    lines += [f"{k}: {v}" for k, v in response.headers if k.lower() not in _SKIPPED]
    lines += [f"{k}: {v}" for k, v in extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def reset(connection: Connection) -> None:
    connection.reset()
    await connection.wait_closed()


async def empty(connection: Connection) -> None:
    connection.close()
    await connection.wait_closed()


async def malformed(connection: Connection, response: HttpResponse) -> None:
    head = _head(response, [("Transfer-Encoding", "chunked"), ("Connection", "close")])
    connection.write(head + b"zz-not-a-chunk-size\r\n" + response.body[:64] + b"\r\n")
    connection.close()
    await connection.wait_closed()


async def random_data(connection: Connection, data: bytes) -> None:
    connection.write(data)
    connection.close()
    await connection.wait_closed()


class Stalls:
    """At most ``cap`` stalled connections at once, each for at most ``longest`` seconds."""

    def __init__(self, cap: int, longest: float) -> None:
        self.cap = cap
        self.longest = longest
        self.active = 0

    async def stall(self, connection: Connection, response: HttpResponse) -> bool:
        """Start the response, then hang; ``False`` when over the cap (closed at once)."""
        head = _head(
            response, [("Content-Length", str(len(response.body))), ("Connection", "close")]
        )
        if response.body:
            connection.write(head + response.body[: len(response.body) // 2])
        if self.active >= self.cap:
            connection.reset()
            await connection.wait_closed()
            return False
        self.active += 1
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(connection.closed.wait(), self.longest)
            connection.reset()
            await connection.wait_closed()
        finally:
            self.active -= 1
        return True
