"""Start the real ``pymockapi from-spec`` process on a free port, as a user would."""

from __future__ import annotations

import os
import signal
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"server exited early: {process.stderr.read() if process.stderr else ''!r}"
            )
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with subprocess.Popen(
        [str(EXE), "from-spec", str(ROOT / "specs" / "petstore.yaml"), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    ) as process:
        try:
            wait_until_up(base + "/__pymockapi/health", process)
            yield base, process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_serves_the_bundled_example_on_loopback(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    """The bundled example is stateful: what is created can be read back, and only that."""
    base, _ = server
    key = {"X-API-Key": "k"}
    assert httpx.get(base + "/pets/7").status_code == 404
    created = httpx.post(base + "/pets", json={"name": "Rex", "species": "dog"}, headers=key)
    assert created.status_code == 201
    fetched = httpx.get(base + created.headers["location"])
    assert fetched.status_code == 200
    assert fetched.json()["name"] == "Rex"
    assert fetched.json()["id"] == created.json()["id"]
    assert httpx.get(base + "/pets?limit=0").status_code == 400


def test_ctrl_c_stops_cleanly_and_startup_prints_routes(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    _base, process = server
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    text = out.decode()
    assert "http://127.0.0.1:" in text
    assert "/pets/{petId}" in text
    assert b"Traceback" not in err


def test_binds_loopback_only_by_default(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, _process = server
    port = int(base.rsplit(":", 1)[1])
    addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    outside = [a for a in addresses if not a.startswith("127.")]
    for address in outside:
        with socket.socket() as sock, pytest.raises(OSError):
            sock.settimeout(1)
            sock.connect((address, port))


def test_invalid_spec_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("swagger: '1.0'\npaths: {}\n")
    result = subprocess.run(
        [str(EXE), "from-spec", str(spec), "--port", str(free_port())],
        capture_output=True,
        timeout=60,
        env={**os.environ},
    )
    assert result.returncode == 2
    assert b"broken.yaml" in result.stderr
    assert b"Traceback" not in result.stderr
