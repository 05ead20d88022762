"""Several worker processes answer as one server when they share a SQLite state store."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_process import free_port, wait_until_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("pymockapi")


def test_two_workers_share_what_clients_create(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        str(EXE), "from-spec", str(ROOT / "specs" / "petstore.yaml"), "--port", str(port),
        "--workers", "2", "--state", str(tmp_path / "state.sqlite3"), "--no-journal",
        "--no-watch",
    ]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        try:
            wait_until_up(base + "/__pymockapi/health", process)
            created = httpx.post(
                base + "/pets", json={"name": "Rex", "species": "dog"}, headers={"X-API-Key": "k"}
            )
            assert created.status_code == 201
            location = created.headers["location"]
            # New connections each time, so the kernel spreads them over both workers.
            statuses = {httpx.get(base + location).status_code for _ in range(20)}
            assert statuses == {200}
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
            assert process.returncode == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
