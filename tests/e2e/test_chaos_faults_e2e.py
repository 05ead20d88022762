"""Each fault as a real client sees it, against the real ``pymockapi`` process.

As WireMock's fault acceptance tests: reset is a connection reset, empty a remote
disconnect, a malformed chunk and random data are protocol errors, a stall a read timeout.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("pymockapi")
PETSTORE = ROOT / "specs" / "petstore.yaml"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    def connection(self, timeout: float = 5.0) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def open_fds(self) -> int:
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))


def _launch(cwd: Path, *options: str) -> Server:
    port = _free_port()
    command = [str(EXE), "from-spec", str(PETSTORE), "--port", str(port)]
    watch = [] if "--watch" in options else ["--no-watch"]
    process = subprocess.Popen(
        [*command, *watch, *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, err = process.communicate()
            raise AssertionError(f"server exited: {err!r}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/__pymockapi/health", timeout=1)
            return Server(process, port)
        except httpx.TransportError:
            time.sleep(0.1)
    _stop(process)
    raise AssertionError("server did not start")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.communicate()


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server without declared chaos: each test asks for its fault with ``Prefer``."""
    server = _launch(tmp_path_factory.mktemp("plain"))
    yield server
    _stop(server.process)


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def run(*options: str) -> Server:
        servers.append(_launch(tmp_path, *options))
        return servers[-1]

    yield run
    for server in servers:
        _stop(server.process)


def _get(server: Server | int, prefer: str, timeout: float = 5.0) -> http.client.HTTPResponse:
    port = server if isinstance(server, int) else server.port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/pets/7", headers={"Prefer": prefer})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        pytest.param("reset", ConnectionResetError, id="reset"),
        pytest.param("empty", http.client.RemoteDisconnected, id="empty"),
        pytest.param("malformed", http.client.IncompleteRead, id="malformed"),
        pytest.param("random", http.client.BadStatusLine, id="random"),
        pytest.param("stall", TimeoutError, id="stall"),
    ],
)
def test_each_fault_as_http_client_sees_it(
    plain: Server, fault: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        _get(plain, f"fault={fault}", timeout=1.0)
    assert _get(plain, "code=200").status == 200


def _chain(error: BaseException) -> list[BaseException]:
    """The error and what caused it, through httpx's and httpcore's wrappers."""
    found, todo = [], [error]
    while todo and len(found) < 20:
        current = todo.pop()
        found.append(current)
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        todo += [a for a in current.args if isinstance(a, BaseException)]
    return found


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        pytest.param("reset", httpx.ReadError, id="reset"),
        pytest.param("empty", httpx.RemoteProtocolError, id="empty"),
        pytest.param("malformed", httpx.RemoteProtocolError, id="malformed"),
        pytest.param("random", httpx.RemoteProtocolError, id="random"),
        pytest.param("stall", httpx.ReadTimeout, id="stall"),
    ],
)
def test_each_fault_as_httpx_sees_it(plain: Server, fault: str, error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        httpx.get(plain.base + "/pets/7", headers={"Prefer": f"fault={fault}"}, timeout=1.0)
    if fault == "reset":
        assert any(isinstance(e, ConnectionResetError) for e in _chain(caught.value))
    assert httpx.get(plain.base + "/pets/7", headers={"Prefer": "code=200"}).status_code == 200


def test_declared_faults_break_connections_as_asked_ones_do(start: Callable[..., Server]) -> None:
    server = start("--faults", "empty", "--fault-rate", "1")
    with pytest.raises(http.client.RemoteDisconnected):
        _get(server, "delay=1")
    assert _get(server, "fault=none, code=200").status == 200


@pytest.mark.parametrize("kind", ["h11", "httptools"])
def test_both_uvicorn_protocols_reach_the_socket(kind: str) -> None:
    import threading

    import uvicorn

    from pymockapi.chaos import http_protocol, setup
    from pymockapi.server import create_app

    port = _free_port()
    app = create_app(PETSTORE, features=[setup()])
    config = uvicorn.Config(app, port=port, http=http_protocol(kind), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (
            http_protocol(kind).__name__
            == f"PyMockAPI{'H11' if kind == 'h11' else 'HttpTools'}Protocol"
        )
        with pytest.raises(ConnectionResetError):
            _get(port, "fault=reset")
        with pytest.raises(http.client.RemoteDisconnected):
            _get(port, "fault=empty")
        with pytest.raises(http.client.IncompleteRead):
            _get(port, "fault=malformed")
        assert _get(port, "delay=1").getheader("x-pymockapi-chaos") == "delay=1ms"
    finally:
        server.should_exit = True
        thread.join(10)


def test_file_descriptors_return_after_a_thousand_resets(plain: Server) -> None:
    server = plain
    assert _get(server, "code=200").status == 200
    before = server.open_fds()
    request = b"GET /pets/7 HTTP/1.1\r\nHost: x\r\nPrefer: fault=reset\r\n\r\n"
    resets = 0
    for _ in range(1000):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(request)
            try:
                sock.recv(1024)
            except ConnectionResetError:
                resets += 1
    assert resets == 1000
    deadline = time.monotonic() + 10
    while server.open_fds() > before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.open_fds() <= before


def test_the_same_seed_replays_the_same_chaos(start: Callable[..., Server]) -> None:
    options = (
        "--seed", "42", "--latency", "uniform:min=1ms,max=30ms",
        "--fault-rate", "0.3", "--faults", "error,503",
    )  # fmt: skip

    def run(*extra: str) -> list[str]:
        server = start(*options, *extra)
        with httpx.Client(base_url=server.base) as client:
            return [
                client.get(f"/pets/{i}").headers.get("x-pymockapi-chaos", "") for i in range(40)
            ]

    first = run()
    assert any("fault=" in notes for notes in first)
    assert any("fault=" not in notes for notes in first)
    assert run() == first


def _wait_for_stalls(server: Server, count: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if httpx.get(server.base + "/__pymockapi/chaos").json()["stalls"]["active"] == count:
            return
        time.sleep(0.05)
    raise AssertionError(f"never {count} stalled connection(s)")


def test_stalls_over_the_cap_are_dropped_at_once(start: Callable[..., Server]) -> None:
    server = start("--stall-cap", "1", "--stall-max", "60s")
    held = server.connection(timeout=30)
    held.request("GET", "/pets/7", headers={"Prefer": "fault=stall"})
    _wait_for_stalls(server, 1)
    with pytest.raises(ConnectionError):  # not a TimeoutError: it is not held
        _get(server, "fault=stall", timeout=20)
    held.close()  # the client going away ends its stall
    _wait_for_stalls(server, 0)


def test_a_stall_ends_by_itself_after_its_maximum(start: Callable[..., Server]) -> None:
    server = start("--stall-max", "1s")
    connection = server.connection(timeout=30)
    connection.request("GET", "/pets/7", headers={"Prefer": "fault=stall, code=200"})
    response = connection.getresponse()  # the status line and headers come at once
    assert response.status == 200
    with pytest.raises((ConnectionError, http.client.IncompleteRead)):
        response.read()


SCENARIO = """
scenarios:
  default:
    rules:
      - operation: getPet
        when: {path: {petId: {equals: "42"}}}
        respond: {status: 200}
        chaos: {latency: 30ms, fault: empty}
chaos:
  latency: 5ms
  operations:
    listPets: {fault: 503}
"""


def test_scenario_file_chaos_applies_and_reloads(
    start: Callable[..., Server], tmp_path: Path
) -> None:
    scenario = tmp_path / "chaos.yaml"
    scenario.write_text(SCENARIO)
    server = start("--scenario", str(scenario), "--watch")
    listed = httpx.get(server.base + "/pets")
    assert (listed.status_code, listed.headers["x-pymockapi-chaos"]) == (
        503,
        "delay=5ms, fault=503",
    )
    assert httpx.get(server.base + "/pets/7").headers["x-pymockapi-chaos"] == "delay=5ms"
    connection = server.connection()
    try:
        connection.request("GET", "/pets/42")
        with pytest.raises(http.client.RemoteDisconnected):  # the rule's own chaos
            connection.getresponse()
    finally:
        connection.close()
    scenario.write_text(SCENARIO.replace("latency: 5ms", "latency: 7ms"))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if httpx.get(server.base + "/pets/7").headers["x-pymockapi-chaos"] == "delay=7ms":
            return
        time.sleep(0.2)
    raise AssertionError("the edited chaos section was not picked up")


@pytest.mark.parametrize(("option", "value"), [("--latency", "gamma:k=2"), ("--faults", "explode")])
def test_bad_options_exit_2_naming_the_option(option: str, value: str) -> None:
    extra = ["--fault-rate", "0.1"] if option == "--faults" else []
    result = subprocess.run(
        [str(EXE), "from-spec", str(PETSTORE), "--port", str(_free_port()), option, value, *extra],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"error: {option}:".encode() in result.stderr
    assert b"Traceback" not in result.stderr
