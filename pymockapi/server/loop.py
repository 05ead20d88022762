"""The event loop the mock server runs on: uvloop, accepting every waiting connection at once.

uvloop (libuv 1.52) accepts one connection per turn of the loop. A turn answers every
request that is ready, so when a test suite opens 50 connections at once against a mock
busy with slow answers (a 17 kB CRUD item, about a millisecond each), the last one is
accepted after 49 turns of up to 50 answers each: its first request waits about a second,
while the connections already accepted are answered over and over. Measured with wrk, 50
connections, an app that spends 0.8 ms per answer: p99 555 ms with uvloop's own accept,
86 ms with this one, the same throughput.

:class:`EagerLoop` is uvloop with ``create_server`` replaced: the listening socket is read
by a reader callback that accepts until the kernel's queue is empty, and each connection is
handed to uvloop (``connect_accepted_socket``) as libuv would. Serving is otherwise
uvloop's own. Without uvloop (Windows), asyncio's loop is used; it already accepts in
batches.

Only for one worker: several workers share one listening socket, and accepting everything
at once would hand a burst of connections to whichever worker woke first.
"""

from __future__ import annotations

import asyncio
import errno
import functools
import logging
import socket
from collections.abc import Callable
from typing import Any

log = logging.getLogger("pymockapi.server")

LOOP_PATH = "pymockapi.server.loop:new_event_loop"
"""``uvicorn.run(..., loop=LOOP_PATH)``: uvicorn imports the loop factory by name."""

_RETRY_AFTER_S = 1.0
"""How long accepting pauses when the process is out of file descriptors (as asyncio)."""

_PASSING = frozenset({errno.ECONNABORTED, errno.EPROTO, errno.EPERM})
"""accept() errors about one connection only: skip it, accept the next."""


def new_event_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:  # no uvloop on this platform: asyncio accepts in batches already
        return asyncio.new_event_loop()
    return _eager_loop_class(uvloop.Loop)()


@functools.cache
def _eager_loop_class(base: type[asyncio.AbstractEventLoop]) -> type[asyncio.AbstractEventLoop]:
    class EagerLoop(base):  # type: ignore[valid-type,misc]
        """uvloop, with listening sockets that accept every waiting connection at once."""

        async def create_server(
            self,
            protocol_factory: Callable[[], asyncio.BaseProtocol],
            host: str | None = None,
            port: int | None = None,
            *,
            sock: socket.socket | None = None,
            backlog: int = 100,
            **options: Any,
        ) -> asyncio.AbstractServer:
            if any(value is not None for value in options.values()):  # TLS and the like
                return await super().create_server(  # type: ignore[no-any-return]
                    protocol_factory, host, port, sock=sock, backlog=backlog, **options
                )
            sockets = [sock] if sock is not None else bind(host, port)
            return EagerServer(self, sockets, protocol_factory, backlog)

    return EagerLoop


def bind(host: str | None, port: int | None) -> list[socket.socket]:
    """Sockets bound to every address of ``host`` (as asyncio's ``create_server`` binds)."""
    infos = socket.getaddrinfo(
        host, port, family=socket.AF_UNSPEC, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )
    sockets: list[socket.socket] = []
    seen = set()
    try:
        for family, kind, proto, _, address in infos:
            if address in seen:
                continue
            seen.add(address)
            listener = socket.socket(family, kind, proto)
            sockets.append(listener)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                listener.bind(address)
            except OSError as error:
                reason = (error.strerror or str(error)).lower()
                raise OSError(
                    error.errno, f"error while attempting to bind on address {address!r}: {reason}"
                ) from None
    except BaseException:
        for listener in sockets:
            listener.close()
        raise
    return sockets


class EagerServer(asyncio.AbstractServer):
    """Listening sockets whose waiting connections are all accepted on each wake-up."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sockets: list[socket.socket],
        protocol_factory: Callable[[], asyncio.BaseProtocol],
        backlog: int,
    ) -> None:
        self._loop = loop
        self._sockets = sockets
        self._protocol_factory = protocol_factory
        self._batch = max(backlog, 1)
        self._handovers: set[asyncio.Task[None]] = set()
        self._closed: asyncio.Future[None] = loop.create_future()
        for listener in sockets:
            listener.listen(backlog)
            listener.setblocking(False)
            loop.add_reader(listener.fileno(), self._accept, listener)

    @property
    def sockets(self) -> tuple[socket.socket, ...]:
        return tuple(self._sockets)

    def _accept(self, listener: socket.socket) -> None:
        for _ in range(self._batch):
            try:
                connection, _ = listener.accept()
            except (BlockingIOError, InterruptedError):
                return  # the queue is empty
            except OSError as error:
                if error.errno in _PASSING:
                    continue
                # Out of file descriptors (or worse): stop listening a moment, as asyncio does,
                # rather than spin on a socket that stays readable.
                log.error("accepting a connection failed: %s", error)
                self._loop.remove_reader(listener.fileno())
                self._loop.call_later(_RETRY_AFTER_S, self._resume, listener)
                return
            connection.setblocking(False)
            handover = self._loop.create_task(self._hand_over(connection))
            self._handovers.add(handover)
            handover.add_done_callback(self._handovers.discard)

    def _resume(self, listener: socket.socket) -> None:
        if not self._closed.done() and listener.fileno() != -1:
            self._loop.add_reader(listener.fileno(), self._accept, listener)

    async def _hand_over(self, connection: socket.socket) -> None:
        try:
            await self._loop.connect_accepted_socket(self._protocol_factory, connection)
        except OSError:  # the client left before the connection was set up
            connection.close()

    def close(self) -> None:
        if self._closed.done():
            return
        self._closed.set_result(None)
        for listener in self._sockets:
            if listener.fileno() != -1:
                self._loop.remove_reader(listener.fileno())
                listener.close()

    def get_loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    def is_serving(self) -> bool:
        return not self._closed.done()

    async def start_serving(self) -> None:
        """Serving starts when the server is made."""

    async def serve_forever(self) -> None:
        await asyncio.shield(self._closed)

    async def wait_closed(self) -> None:
        await asyncio.shield(self._closed)
        if self._handovers:
            await asyncio.gather(*self._handovers, return_exceptions=True)
