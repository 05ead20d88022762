from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import yaml
from typer.testing import CliRunner

from pymockapi import __version__
from pymockapi.cli import app
from tests.conftest import openapi

runner = CliRunner()
PETSTORE = Path(__file__).resolve().parents[3] / "specs" / "petstore.yaml"


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_routes_table_lists_every_operation() -> None:
    result = runner.invoke(app, ["routes", str(PETSTORE)])
    assert result.exit_code == 0
    assert (
        "GET     /pets/{petId}" in result.output
        or "GET  /pets/{petId}" in result.output.replace("   ", "  ")
    )
    assert "createPet" in result.output
    assert "getInventory (deprecated)" in result.output


def test_check_passes_on_the_bundled_example() -> None:
    result = runner.invoke(app, ["check", str(PETSTORE)])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_check_reports_every_problem_and_fails(write_spec: Callable[..., Path]) -> None:
    doc = openapi(
        {
            "/bad": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "x",
                            "content": {"application/json": {"schema": {"$ref": "#/nope"}}},
                        }
                    }
                }
            },
            "/wrong-example": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "x",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "integer"},
                                    "example": "text",
                                }
                            },
                        }
                    }
                }
            },
            "/impossible": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "x",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "integer", "minimum": 10, "maximum": 1}
                                }
                            },
                        }
                    }
                }
            },
        }
    )
    result = runner.invoke(app, ["check", str(write_spec(doc))])
    assert result.exit_code == 1
    assert "/paths/~1bad/get" in result.output
    assert (
        "/paths/~1wrong-example/get/responses/200/content/application~1json/example"
        in result.output
    )
    assert "/paths/~1impossible/get" in result.output


def test_unusable_document_exits_2_without_traceback(write_spec: Callable[..., Path]) -> None:
    path = write_spec("openapi: 3.0.0\ninfo: {title: x\n")
    for command in (["check"], ["routes"], ["from-spec"]):
        result = runner.invoke(app, [*command, str(path)])
        assert result.exit_code == 2, command
        assert "openapi.yaml" in result.output
        assert "Traceback" not in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml" in result.output


def test_generate_prints_the_same_examples_for_the_same_seed() -> None:
    args = ["generate", str(PETSTORE), "--operation", "getPet", "--status", "200", "--seed", "3"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    records = json.loads(first.output)
    assert [(r["operation"], r["status"]) for r in records] == [("getPet", "200")] * 2  # json + xml
    assert {"id", "name", "species", "status", "createdAt"} <= set(records[0]["value"])
    assert runner.invoke(app, args).output == first.output
    other = runner.invoke(app, [*args[:-1], "4"])
    assert other.output != first.output


def test_generate_writes_fixture_files(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["generate", str(PETSTORE), "--out", str(tmp_path), "--format", "yaml", "--count", "2"]
    )
    assert result.exit_code == 0, result.output
    written = {path.name for path in tmp_path.iterdir()}
    assert "listPets.200.yaml" in written and "createPet.201.yaml" in written
    pets = yaml.safe_load((tmp_path / "getPet.200.yaml").read_text())
    assert isinstance(pets, list) and len(pets) == 4  # 2 media types x --count 2


def test_generate_locale_changes_realistic_values_and_unknown_locale_exits_2() -> None:
    base = ["generate", str(PETSTORE), "--operation", "getCurrentUser", "--status", "200"]
    english = runner.invoke(app, base)
    german = runner.invoke(app, [*base, "--locale", "de_DE"])
    assert english.exit_code == german.exit_code == 0
    assert english.output != german.output
    bad = runner.invoke(app, [*base, "--locale", "xx_YY"])
    assert bad.exit_code == 2
    assert "xx_YY" in bad.output
