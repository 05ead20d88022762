from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
