"""``pymockapi from-spec --scenarios ... --scenario NAME`` as a user runs it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("pymockapi")
SPEC = ROOT / "specs" / "petstore.yaml"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command(port: int, *options: str) -> list[str]:
    return [str(EXE), "from-spec", str(SPEC), "--port", str(port), "--no-journal", *options]


def _wait(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.get(base + "/__pymockapi/health", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)


def test_bundled_scenarios_with_one_switched_on(tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    options = ("--scenarios", str(ROOT / "scenarios"), "--scenario", "empty-store")
    with subprocess.Popen(
        _command(port, *options), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
    ) as process:
        try:
            _wait(base, process)
            assert process.poll() is None, process.stderr.read() if process.stderr else b""
            assert httpx.get(base + "/v2/pets").json() == []
            flaky = {"X-PyMockAPI-Scenario": "flaky", "X-PyMockAPI-Session": "e2e"}
            statuses = [
                httpx.get(base + "/v2/pets", headers=flaky, timeout=10).status_code
                for _ in range(3)
            ]
            assert statuses == [200, 200, 500]
            active = httpx.get(base + "/__pymockapi/scenario").json()["active"]
            assert active == ["default", "empty-store"]
        finally:
            process.kill()
            process.communicate(timeout=15)


def test_a_broken_scenario_file_stops_startup_naming_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "scenarios:\n  default:\n    rules:\n      - operation: getPet\n"
        "        respond: {status: 200, body: {id: not-a-number}}\n",
        encoding="utf-8",
    )
    with subprocess.Popen(
        _command(_free_port(), "--scenario", str(broken)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    ) as process:
        try:
            _, err = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate(timeout=15)
    assert process.returncode == 2
    assert f"{broken}:5:" in err.decode()
