"""Schemathesis' stateful checks against the bundled example, served by the real process.

Schemathesis pins a newer Hypothesis than this project can use (hypothesis-jsonschema
0.23.1 breaks past 6.140), so it lives in its own virtual environment under the ignored
``.cache/`` folder, created once (under a file lock) from PyPI by the test itself.
"""

from __future__ import annotations

import fcntl
import os
import re
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
SCHEMATHESIS = "schemathesis==4.32.5"
VENV = ROOT / ".cache" / "schemathesis-venv"
CHECKS = "use_after_free,ensure_resource_availability,not_a_server_error"


def _schemathesis() -> Path:
    """The ``st`` command of the isolated environment, installed on first use."""
    VENV.parent.mkdir(parents=True, exist_ok=True)
    done = VENV / f".installed-{SCHEMATHESIS}"
    with (VENV.parent / "schemathesis-venv.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
            installed = subprocess.run(
                [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", SCHEMATHESIS],
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
            if installed.returncode != 0:
                pytest.fail(f"could not install {SCHEMATHESIS}:\n{installed.stderr[-3000:]}")
            done.touch()
    return VENV / "bin" / "st"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = tmp_path / "server.log"
    command = [str(EXE), "from-spec", str(PETSTORE), "--port", str(port), "--stateful"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--no-watch", "--no-journal"],
            stdout=subprocess.DEVNULL,
            stderr=output,
            cwd=tmp_path,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"server exited early: {log.read_text()}"
            assert time.monotonic() < deadline, "server did not start"
            try:
                httpx.get(base + "/__pymockapi/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_use_after_free_and_resource_availability_pass(server: str, tmp_path: Path) -> None:
    st = _schemathesis()
    environment = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    result = subprocess.run(
        [
            str(st),
            "run",
            str(PETSTORE),
            "--url",
            server,
            "--phases",
            "stateful",
            "--checks",
            CHECKS,
            "--max-examples",
            "40",
            "--seed",
            "1",
            "--workers",
            "1",
            "--header",
            "X-API-Key: schemathesis",
            "--generation-database",
            "none",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
        env=environment,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert re.search(r"Stateful \(in ", output), output[-3000:]
    scenarios = re.search(r"Scenarios:\s+(\d+)", output)
    links = re.search(r"API Links:\s+(\d+) covered", output)
    assert scenarios is not None and int(scenarios.group(1)) > 0, output[-3000:]
    assert links is not None and int(links.group(1)) > 0, output[-3000:]
    assert "No issues found" in output
