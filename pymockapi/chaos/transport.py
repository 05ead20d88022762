"""The raw connection under an ASGI request: the one module that knows uvicorn's protocols.

ASGI hides the socket, but breaking a connection (reset, garbage, a stalled body) needs it.
:func:`http_protocol` returns a subclass of uvicorn's own HTTP protocol (httptools when it is
installed, as uvicorn's ``auto`` picks, else h11) that puts a :class:`Connection` into every
request's ``scope["extensions"]["pymockapi.transport"]``. It only overrides the public
``asyncio.Protocol`` callbacks and wraps the application it was given; uvicorn still parses
and answers every request. Under another server (or Starlette's TestClient) the extension
is absent and transport faults degrade to a 5xx answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, cast

EXTENSION = "pymockapi.transport"

_App = Callable[[MutableMapping[str, Any], Any, Any], Awaitable[None]]


class Connection:
    """One client connection: write raw bytes, close, reset, and know when it is gone."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.closed = asyncio.Event()

    def write(self, data: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(data)

    def close(self) -> None:
        """Close after flushing what was written (a FIN)."""
        self.transport.close()

    def reset(self) -> None:
        """Drop the connection with a TCP RST: linger 0, then close without flushing."""
        if self.transport.is_closing():
            return
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError, ValueError):  # already gone: nothing to reset
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()

    async def wait_closed(self, timeout: float = 5.0) -> None:
        """Until the server has let go of the connection (so uvicorn sends nothing more)."""
        try:
            await asyncio.wait_for(self.closed.wait(), timeout)
        except TimeoutError:
            self.transport.abort()


def connection_of(scope: MutableMapping[str, Any]) -> Connection | None:
    extensions = scope.get("extensions")
    return cast(Connection | None, extensions.get(EXTENSION)) if extensions else None


def _tagged(app: _App, protocol: Any) -> _App:
    def tag(scope: MutableMapping[str, Any], receive: Any, send: Any) -> Awaitable[None]:
        connection = protocol.pymockapi_connection
        if connection is not None and scope.get("type") == "http":
            scope.setdefault("extensions", {})[EXTENSION] = connection
        return app(scope, receive, send)  # the app's own coroutine: no extra frame per request

    return tag


def _with_connection(base: type[asyncio.Protocol]) -> type[asyncio.Protocol]:
    class WithConnection(base):  # type: ignore[valid-type,misc]
        pymockapi_connection: Connection | None = None

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.app: _App = _tagged(self.app, self)

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.pymockapi_connection = Connection(cast(asyncio.Transport, transport))
            super().connection_made(transport)

        def connection_lost(self, exc: Exception | None) -> None:
            if self.pymockapi_connection is not None:
                self.pymockapi_connection.closed.set()
            super().connection_lost(exc)

    WithConnection.__name__ = WithConnection.__qualname__ = f"PyMockAPI{base.__name__}"
    return WithConnection


def http_protocol(kind: str = "auto") -> type[asyncio.Protocol]:
    """The protocol class to pass as ``uvicorn.run(..., http=...)``: ``auto``, ``httptools``, ``h11``."""
    if kind in ("auto", "httptools"):
        try:
            from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
        except ImportError:
            if kind == "httptools":
                raise
        else:
            return _with_connection(HttpToolsProtocol)
    from uvicorn.protocols.http.h11_impl import H11Protocol

    return _with_connection(H11Protocol)


HTTP_PROTOCOL_PATH = "pymockapi.chaos.transport:AutoProtocol"
"""``uvicorn.run(..., http=HTTP_PROTOCOL_PATH)``: an import string survives the pickling
uvicorn does for ``--workers``, where a class built at run time would not."""


def __getattr__(name: str) -> Any:
    if name == "AutoProtocol":
        protocol = http_protocol("auto")
        globals()[name] = protocol
        return protocol
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
