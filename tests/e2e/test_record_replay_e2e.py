"""Record a real backend, serve the recording, and diff a server against it: the real CLI."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import yaml

from pymockapi.har import REDACTED, read_har
from tests.support.loopback_upstream import PETS_SPEC, Upstream, loopback_upstream

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

EXE = Path(sys.executable).with_name("pymockapi")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(args: list[str], cwd: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (cwd / f"server-{port}.log").open("wb")
    process = subprocess.Popen(
        [str(EXE), *args, "--port", str(port), "--no-journal"], stdout=log, stderr=log, cwd=cwd
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (cwd / f"server-{port}.log").read_text()
            try:
                httpx.get(base + "/__pymockapi/health", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        yield base, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        log.close()


def raw_request(base: str, request: bytes) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(request)
        return sock.recv(65536)


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    with loopback_upstream() as backend:
        yield backend


def record_session(upstream: Upstream, tmp_path: Path) -> Path:
    spec = tmp_path / "pets.yaml"
    spec.write_text(yaml.safe_dump(PETS_SPEC))
    har = tmp_path / "session.har"
    with running(["record", upstream.url, "--spec", str(spec), "--out", str(har)], tmp_path) as (
        base,
        process,
    ):
        first = httpx.get(
            base + "/pets/1",
            params={"api_key": "q-s3cret"},
            headers={"Authorization": "Bearer s3cret"},
        )
        assert first.json() == {"id": 1, "name": "Rex"}
        assert [httpx.get(base + "/counter").json()["count"] for _ in range(2)] == [1, 2]
        assert httpx.post(base + "/pets", json={"name": "Tom"}).status_code == 201
        refused = raw_request(
            base, b"GET http://example.com/steal HTTP/1.1\r\nHost: example.com\r\n\r\n"
        )
        assert refused.startswith(b"HTTP/1.1 403")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
    assert upstream.count("/steal") == 0
    return har


def test_record_then_replay_then_replay_test(upstream: Upstream, tmp_path: Path) -> None:
    har = record_session(upstream, tmp_path)
    exchanges = read_har(har)
    assert [(e.method, e.path, e.status) for e in exchanges] == [
        ("GET", "/pets/1", 200),
        ("GET", "/counter", 200),
        ("GET", "/counter", 200),
        ("POST", "/pets", 201),
    ]
    assert exchanges[0].request_header("authorization") == REDACTED
    assert exchanges[0].query_string == "api_key=REDACTED"
    assert exchanges[0].operation == "getPet"
    assert "s3cret" not in har.read_text()

    with running(["replay", str(har)], tmp_path) as (base, _):
        assert httpx.get(base + "/pets/1").json() == {"id": 1, "name": "Rex"}
        with_key = httpx.get(base + "/pets/1", params={"api_key": "another"})
        assert with_key.json() == {"id": 1, "name": "Rex"}  # a redacted key matches any
        assert [httpx.get(base + "/counter").json()["count"] for _ in range(3)] == [1, 2, 2]
        missing = httpx.get(base + "/pets/5")
        assert missing.status_code == 404
        assert "GET /pets/1?api_key=REDACTED" in missing.json()["nearest"]

    with running(["replay", str(har)], tmp_path) as (base, _):
        same = subprocess.run(
            [str(EXE), "replay-test", str(har), "--against", base], capture_output=True, text=True
        )
    assert same.returncode == 0, same.stdout + same.stderr
    assert "4 exchange(s): 4 same, 0 different" in same.stdout

    # the live backend has moved on: its counter and creation time differ
    changed = subprocess.run(
        [str(EXE), "replay-test", str(har), "--against", upstream.url],
        capture_output=True,
        text=True,
    )
    assert changed.returncode == 1
    assert "$.count: expected 1, got 3" in changed.stdout
    assert "$.created: expected" in changed.stdout
    ignore = ["--ignore", "$.count", "--ignore", "$..created"]
    ignored = subprocess.run(
        [str(EXE), "replay-test", str(har), "--against", upstream.url, *ignore],
        capture_output=True,
        text=True,
    )
    assert ignored.returncode == 0, ignored.stdout


def test_validation_proxy_reports_and_refuses(upstream: Upstream, tmp_path: Path) -> None:
    spec = tmp_path / "pets.yaml"
    spec.write_text(yaml.safe_dump(PETS_SPEC))
    with running(["proxy", str(spec), upstream.url, "--errors"], tmp_path) as (base, _):
        broken = httpx.get(base + "/pets/2")
        assert broken.status_code == 502
        assert {v["location"] for v in broken.json()["violations"]} == {
            "response.header.X-Rate",
            "response.body.id",
        }
        invalid = httpx.get(base + "/pets?limit=500")
        assert invalid.status_code == 422
        assert json.loads(invalid.headers["x-pymockapi-violations"])[0]["location"] == "query.limit"
    assert upstream.count("/pets") == 0
    assert upstream.count("/pets/2") == 1


def test_a_metadata_upstream_is_refused_at_start(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(EXE), "record", "http://169.254.169.254/", "--no-journal"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--allow-link-local-upstream" in result.stderr
