"""The journal of the real process: complete under concurrent load, and durable on kill -9."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("pymockapi")
COUNT = "/__pymockapi/requests/count"

Server = tuple[str, subprocess.Popen[bytes]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    processes: list[subprocess.Popen[bytes]] = []

    def start(*options: str) -> Server:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        process = subprocess.Popen(
            [
                str(EXE),
                "from-spec",
                str(ROOT / "specs" / "petstore.yaml"),
                "--port",
                str(port),
                *options,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
        )
        processes.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read() if process.stderr else b""
            try:
                httpx.get(base + "/__pymockapi/health", timeout=1)
                return base, process
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError("server did not start")

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stderr:
            process.stderr.close()


def hammer(base: str, count: int) -> list[int]:
    """``count`` GETs of distinct pets from 16 threads; returns the ids the server answered."""

    def send(n: int) -> int | None:
        try:
            client.get(f"/pets/{n}")
        except httpx.TransportError:
            return None
        return n

    with httpx.Client(base_url=base, timeout=30) as client, ThreadPoolExecutor(16) as pool:
        return [n for n in pool.map(send, range(1, count + 1)) if n is not None]


def committed(base: str, expected: int) -> int:
    """Poll the admin count (bounded) until the journal holds ``expected`` getPet requests."""
    found = -1
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = httpx.post(base + COUNT, json={"operation": "getPet"}, timeout=10).json()["count"]
        if found >= expected:
            break
        time.sleep(0.1)
    return int(found)


def test_every_acknowledged_request_is_journaled_under_concurrent_load(
    serve: Callable[..., Server], tmp_path: Path
) -> None:
    base, _ = serve("--journal", str(tmp_path / "load.sqlite3"))
    acknowledged = hammer(base, 500)
    assert len(acknowledged) == 500
    assert committed(base, 500) == 500
    health = httpx.get(base + "/__pymockapi/health").json()["features"]["journal"]
    assert health["dropped"] == 0 and health["failed"] == 0


def test_committed_entries_survive_kill_9(serve: Callable[..., Server], tmp_path: Path) -> None:
    file = tmp_path / "kill.sqlite3"
    base, process = serve("--journal", str(file))
    acknowledged = hammer(base, 300)
    assert committed(base, len(acknowledged)) == len(acknowledged)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL

    with sqlite3.connect(file) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        paths = {row[0] for row in connection.execute("SELECT path FROM requests")}
    assert {f"/pets/{n}" for n in acknowledged} <= paths


def test_the_default_journal_lives_under_dot_pymockapi_and_can_be_turned_off(
    serve: Callable[..., Server], tmp_path: Path
) -> None:
    base, _ = serve("--journal-cap", "2", "--redact", "X-Secret")
    for n in (1, 2, 3):
        httpx.get(f"{base}/pets/{n}", headers={"X-Secret": "hunter2"})
    listing = httpx.get(base + "/__pymockapi/requests", params={"bodies": "true"}).json()
    assert [e["request"]["path"] for e in listing["requests"]] == ["/pets/3", "/pets/2"]
    headers = {h["name"]: h["value"] for h in listing["requests"][0]["request"]["headers"]}
    assert headers["x-secret"] == "REDACTED"
    assert (tmp_path / ".pymockapi" / "journal.sqlite3").is_file()

    other, _ = serve("--no-journal")
    assert httpx.get(other + "/__pymockapi/requests").status_code == 404
    assert "journal" not in httpx.get(other + "/__pymockapi/health").json()["features"]
