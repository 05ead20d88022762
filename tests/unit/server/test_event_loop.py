"""The server's event loop: a burst of connections is accepted at once, not one per turn."""

from __future__ import annotations

import asyncio
import errno
import socket
import sys
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest

from pymockapi.server import loop as event_loop

BURST = 20


class Recorder(asyncio.Protocol):
    """Counts connections and answers every chunk it receives with ``ok``."""

    made: list[Recorder]

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        self.made.append(self)

    def data_received(self, data: bytes) -> None:
        self.transport.write(b"ok:" + data)


def recorder_factory() -> tuple[list[Recorder], Callable[[], Recorder]]:
    made: list[Recorder] = []

    def factory() -> Recorder:
        protocol = Recorder()
        protocol.made = made
        return protocol

    return made, factory


def close_all(running: asyncio.AbstractEventLoop, made: list[Recorder]) -> None:
    """Close what was accepted, so the loop itself can close."""
    for protocol in made:
        protocol.transport.close()
    running.run_until_complete(turns(5))
    running.close()


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    running = event_loop.new_event_loop()
    yield running
    close_all(running, [])


@pytest.fixture
def recorder(
    loop: asyncio.AbstractEventLoop,
) -> Iterator[tuple[list[Recorder], Callable[[], Recorder]]]:
    made, factory = recorder_factory()
    yield made, factory
    for protocol in made:
        protocol.transport.close()
    loop.run_until_complete(turns(5))


def connect_burst(port: int, count: int) -> list[socket.socket]:
    """``count`` clients connected at once (the kernel queues them until they are accepted)."""
    return [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]


async def turns(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


async def accepted_after(
    create: Callable[..., Any], factory: Callable[[], Recorder], made: list[Recorder], n: int
) -> int:
    server = await create(factory, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    clients = connect_burst(port, BURST)
    try:
        await turns(n)
        return len(made)
    finally:
        server.close()
        for client in clients:
            client.close()


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop does not run on Windows")
def test_a_burst_of_connections_is_accepted_within_a_few_turns(
    loop: asyncio.AbstractEventLoop, recorder: tuple[list[Recorder], Callable[[], Recorder]]
) -> None:
    made, factory = recorder
    accepted = loop.run_until_complete(accepted_after(loop.create_server, factory, made, 6))
    assert accepted == BURST


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop does not run on Windows")
def test_uvloops_own_accept_takes_one_connection_per_turn() -> None:
    """Why the loop exists: the same burst, served by uvloop's own create_server."""
    import uvloop

    plain = uvloop.new_event_loop()
    made, factory = recorder_factory()
    try:
        accepted = plain.run_until_complete(accepted_after(plain.create_server, factory, made, 6))
    finally:
        close_all(plain, made)
    assert accepted < BURST


def test_accepted_connections_carry_data_both_ways(
    loop: asyncio.AbstractEventLoop, recorder: tuple[list[Recorder], Callable[[], Recorder]]
) -> None:
    made, factory = recorder

    async def exchange() -> tuple[bytes, int]:
        server = await loop.create_server(factory, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"ping")
        answer = await asyncio.wait_for(reader.readexactly(7), 10)
        nodelay = (
            made[0]
            .transport.get_extra_info("socket")
            .getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        )
        writer.close()
        server.close()
        await server.wait_closed()
        return answer, nodelay

    answer, nodelay = loop.run_until_complete(exchange())
    assert answer == b"ok:ping"
    assert nodelay  # uvloop sets it: small answers leave at once, not after a delayed ACK


def test_a_closed_server_refuses_new_connections(
    loop: asyncio.AbstractEventLoop, recorder: tuple[list[Recorder], Callable[[], Recorder]]
) -> None:
    _, factory = recorder

    async def close() -> int:
        server = await loop.create_server(factory, "127.0.0.1", 0)
        port = int(server.sockets[0].getsockname()[1])
        assert server.is_serving()
        server.close()
        await asyncio.wait_for(server.wait_closed(), 10)
        assert not server.is_serving()
        return port

    port = loop.run_until_complete(close())
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)


def test_a_port_in_use_is_named_in_the_error(
    loop: asyncio.AbstractEventLoop, recorder: tuple[list[Recorder], Callable[[], Recorder]]
) -> None:
    _, factory = recorder
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError) as caught:
            loop.run_until_complete(loop.create_server(factory, "127.0.0.1", port))
    assert caught.value.errno == errno.EADDRINUSE
    assert f"('127.0.0.1', {port})" in str(caught.value)


def test_a_given_socket_is_served_as_is(loop: asyncio.AbstractEventLoop) -> None:
    """Several workers share one socket that uvicorn binds; the loop listens on it."""
    made, factory = recorder_factory()
    shared = socket.socket()
    shared.bind(("127.0.0.1", 0))

    async def serve() -> int:
        server = await loop.create_server(factory, sock=shared, backlog=16)
        clients = connect_burst(shared.getsockname()[1], 3)
        await turns(6)
        server.close()
        for client in clients:
            client.close()
        return len(made)

    assert loop.run_until_complete(serve()) == 3
    assert shared.fileno() == -1  # closing the server closed it


class OutOfDescriptors(socket.socket):
    """A listening socket whose accept() fails as when the process has no fd left."""

    failures = 1

    def accept(self) -> tuple[socket.socket, Any]:
        if self.failures:
            self.failures -= 1
            raise OSError(errno.EMFILE, "Too many open files")
        return super().accept()


def test_running_out_of_descriptors_pauses_accepting_then_resumes(
    loop: asyncio.AbstractEventLoop,
    recorder: tuple[list[Recorder], Callable[[], Recorder]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(event_loop, "_RETRY_AFTER_S", 0.05)
    made, factory = recorder
    listener = OutOfDescriptors()
    listener.bind(("127.0.0.1", 0))

    async def serve() -> int:
        server = await loop.create_server(factory, sock=listener)
        client = socket.create_connection(("127.0.0.1", listener.getsockname()[1]))
        try:
            for _ in range(400):  # the pause, then the retry accepts the waiting client
                if made:
                    break
                await asyncio.sleep(0.01)
            return len(made)
        finally:
            client.close()
            server.close()

    assert loop.run_until_complete(serve()) == 1
    assert listener.failures == 0


def test_without_uvloop_asyncios_loop_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import uvloop now fails
    fallback = event_loop.new_event_loop()
    try:
        assert type(fallback).__module__.startswith("asyncio")
    finally:
        fallback.close()
