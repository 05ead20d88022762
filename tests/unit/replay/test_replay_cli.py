"""The replay-test and replay commands as a user runs them (typer's CliRunner)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from pymockapi.cli import app
from pymockapi.config import EngineConfig
from pymockapi.har import RecordedExchange, read_har, write_har
from pymockapi.replay import create_replay
from pymockapi.server import create_app
from tests.support.loopback_upstream import Upstream, loopback_upstream

JSON = [("Content-Type", "application/json")]


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    with loopback_upstream() as backend:
        yield backend


def har_of(tmp_path: Path, *exchanges: RecordedExchange) -> Path:
    path = tmp_path / "rec.har"
    write_har(exchanges, path)
    return path


def test_replay_test_passes_when_the_server_answers_as_recorded(
    upstream: Upstream, tmp_path: Path
) -> None:
    har = har_of(
        tmp_path,
        RecordedExchange("GET", "http://x/pets/1", [], b"", 200, JSON, b'{"name":"Rex","id":1}'),
    )
    result = CliRunner().invoke(app, ["replay-test", str(har), "--against", upstream.url])
    assert result.exit_code == 0, result.output
    assert "ok      1  GET /pets/1  200" in result.output


def test_replay_test_prints_a_diff_and_fails_on_differences(
    upstream: Upstream, tmp_path: Path
) -> None:
    har = har_of(
        tmp_path,
        RecordedExchange("GET", "http://x/pets/1", [], b"", 200, JSON, b'{"id":1,"name":"Max"}'),
        RecordedExchange("GET", "http://x/pets/9", [], b"", 200, JSON, b"{}"),
    )
    result = CliRunner().invoke(app, ["replay-test", str(har), "--against", upstream.url])
    assert result.exit_code == 1
    assert '$.name: expected "Max", got "Rex"' in result.output
    assert "status: expected 200, got 404" in result.output
    assert "2 exchange(s): 0 same, 2 different" in result.output
    ignored = CliRunner().invoke(
        app, ["replay-test", str(har), "--against", upstream.url, "--ignore", "$.name"]
    )
    assert "1 same, 1 different" in ignored.output


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--ignore", "$.items["], id="bad-jsonpath"),
        pytest.param([], id="missing-file"),
    ],
)
def test_replay_test_exits_2_on_unusable_input(tmp_path: Path, args: list[str]) -> None:
    har = tmp_path / "missing.har"
    if args:
        write_har([], har)
    result = CliRunner().invoke(
        app, ["replay-test", str(har), "--against", "http://127.0.0.1:9", *args]
    )
    assert result.exit_code == 2
    assert "error:" in result.output


def test_the_journal_exported_as_har_replays_the_same_answers(tmp_path: Path) -> None:
    journal = pytest.importorskip("pymockapi.journal")
    petstore = Path(__file__).resolve().parents[3] / "specs" / "petstore.yaml"
    feature = journal.setup(path=tmp_path / "journal.sqlite3")
    mock = create_app(petstore, EngineConfig(dynamic=True, seed="7"), features=[feature])
    targets = ["/pets?limit=3", "/pets/4", "/pets/does-not-exist"]
    with TestClient(mock, base_url="http://127.0.0.1:4010") as client:
        served = [client.get(target) for target in targets]
        exported = client.get("/__pymockapi/requests.har")
    assert exported.status_code == 200
    har = tmp_path / "journal.har"
    har.write_bytes(exported.content)
    assert len(read_har(har)) == len(targets)
    with TestClient(create_replay(har), base_url="http://127.0.0.1:4010") as replayed:
        for target, original in zip(targets, served, strict=True):
            again = replayed.get(target)
            assert (again.status_code, again.content) == (original.status_code, original.content)
            assert again.headers["content-type"] == original.headers["content-type"]
