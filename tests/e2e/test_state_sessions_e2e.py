"""The real process: two sessions never see each other's state; ``--state`` survives restarts."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("pymockapi")
PETSTORE = ROOT / "specs" / "petstore.yaml"
AUTH = {"X-API-Key": "test-key"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited early: {log.read_text()!r}")
        try:
            httpx.get(base + "/__pymockapi/health", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Servers:
    """Start ``pymockapi from-spec`` on the bundled example; stop them all at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, *options: str) -> str:
        port = _free_port()
        command = [str(EXE), "from-spec", str(PETSTORE), "--port", str(port), *options]
        log = self.folder / f"server-{port}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [*command, "--no-watch", "--no-journal"],
                stdout=subprocess.DEVNULL,
                stderr=output,
                cwd=self.folder,
            )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, process, log)
        return base

    def stop_all(self) -> None:
        for process in self.processes:
            _stop(process)


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    running = Servers(tmp_path)
    yield running
    running.stop_all()


def _session(name: str) -> dict[str, str]:
    return {**AUTH, "X-PyMockAPI-Session": name}


def test_two_sessions_are_isolated_from_each_other(servers: Servers) -> None:
    base = servers.start()  # the bundled example is stateful by default
    with httpx.Client(base_url=base, timeout=10) as client:
        rex = client.post("/pets", json={"name": "Rex", "species": "dog"}, headers=_session("a"))
        assert rex.status_code == 201
        tom = client.post("/pets", json={"name": "Tom", "species": "cat"}, headers=_session("b"))
        assert tom.status_code == 201
        assert rex.json()["id"] == tom.json()["id"] == 1  # each session counts its own ids

        assert [p["name"] for p in client.get("/pets", headers=_session("a")).json()] == ["Rex"]
        assert [p["name"] for p in client.get("/pets", headers=_session("b")).json()] == ["Tom"]
        assert client.get("/pets").json() == []  # the default session saw neither

        assert client.delete("/pets/1", headers=_session("a")).status_code == 204
        assert client.get("/pets/1", headers=_session("a")).status_code == 404
        assert client.get("/pets/1", headers=_session("b")).json()["name"] == "Tom"

        state = client.get("/__pymockapi/state").json()["sessions"]
        assert sorted(state) == ["a", "b"]
        client.post("/__pymockapi/state/reset", params={"session": "b"})
        assert client.get("/pets/1", headers=_session("b")).status_code == 404


def test_no_stateful_serves_the_plain_mock(servers: Servers) -> None:
    base = servers.start("--no-stateful")
    response = httpx.get(base + "/pets/7", timeout=10)
    assert response.status_code == 200
    assert response.json()["id"] == 7


def test_state_file_survives_a_restart(servers: Servers, tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    base = servers.start("--state", str(state))
    created = httpx.post(
        base + "/pets", json={"name": "Rex", "species": "dog"}, headers=AUTH, timeout=10
    )
    assert created.status_code == 201
    servers.stop_all()

    again = servers.start("--state", str(state))
    response = httpx.get(f"{again}/pets/{created.json()['id']}", timeout=10)
    assert response.status_code == 200
    assert response.json() == created.json()


def test_an_unusable_state_file_is_refused_with_a_message(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(EXE), "from-spec", str(PETSTORE), "--state", str(tmp_path / "no" / "s.db")],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert b"does not exist" in result.stderr
