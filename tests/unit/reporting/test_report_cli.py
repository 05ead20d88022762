"""``pymockapi report`` and ``pymockapi export-har`` as a CI job runs them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pymockapi.cli import app
from pymockapi.config import EngineConfig, ValidationMode
from pymockapi.engine import MockEngine
from pymockapi.exchange import HttpRequest
from pymockapi.journal import Journal
from tests.conftest import openapi

runner = CliRunner()
DOC = openapi(
    {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}
                ],
                "responses": {"200": {"description": "ok"}},
            }
        }
    }
)


@pytest.fixture
def run(tmp_path: Path, write_spec: Callable[..., Path]) -> Callable[[str], tuple[Path, Path]]:
    spec_file = write_spec(DOC)

    def make(query: str) -> tuple[Path, Path]:
        from pymockapi.importing import load_spec

        engine = MockEngine(load_spec(spec_file), EngineConfig(validation=ValidationMode.WARN))
        journal = Journal(tmp_path / "j.sqlite3")
        journal.start()
        journal.record(engine.handle(HttpRequest("GET", "/pets", query)))
        journal.close()
        return journal.path, spec_file

    return make


def test_fail_on_violations_exits_1_and_writes_junit(
    run: Callable[[str], tuple[Path, Path]], tmp_path: Path
) -> None:
    journal, spec = run("limit=0")
    junit = tmp_path / "out" / "junit.xml"
    junit.parent.mkdir()
    args = ["report", "--journal", str(journal), "--spec", str(spec), "--junit", str(junit)]
    result = runner.invoke(app, [*args, "--fail-on-violations"])
    assert result.exit_code == 1, result.output
    assert "query.limit" in result.output
    assert "1 request(s) broke the contract" in result.output
    assert ET.parse(junit).getroot().get("failures") == "1"
    assert runner.invoke(app, args).exit_code == 0  # without the flag it only reports


def test_a_clean_run_passes_and_json_is_machine_readable(
    run: Callable[[str], tuple[Path, Path]],
) -> None:
    journal, spec = run("limit=3")
    result = runner.invoke(
        app,
        [
            "report",
            "--journal",
            str(journal),
            "--spec",
            str(spec),
            "--json",
            "--fail-on-violations",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["coverage"]["operations"] == {"documented": 1, "exercised": 1, "percent": 100.0}
    assert data["violating_requests"] == 0


def test_a_missing_journal_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--journal", str(tmp_path / "none.sqlite3")])
    assert result.exit_code == 2
    assert "no journal here" in result.output


def test_export_har_writes_a_har_the_har_reader_accepts(
    run: Callable[[str], tuple[Path, Path]], tmp_path: Path
) -> None:
    from pymockapi.har import read_har

    journal, _ = run("limit=2")
    out = tmp_path / "run.har"
    result = runner.invoke(app, ["export-har", "--journal", str(journal), "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["log"]["version"] == "1.2"
    [entry] = document["log"]["entries"]
    assert entry["request"]["url"] == "http://localhost/pets?limit=2"
    assert entry["response"]["status"] == 200
    assert entry["_pymockapi"]["operation"] == "listPets"
    assert len(read_har(out)) == 1


def test_export_har_of_a_missing_journal_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "run.har"
    result = runner.invoke(
        app, ["export-har", "--journal", str(tmp_path / "none.sqlite3"), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert not out.exists()
