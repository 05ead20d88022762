"""A small spec and a client serving it with scenario files written inline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from pymockapi.features import Feature
from pymockapi.importing import load_spec
from pymockapi.model import Spec
from pymockapi.scenarios import setup
from pymockapi.server import create_app
from pymockapi.state import MemoryStore

PROBLEM = {
    "type": "object",
    "required": ["title"],
    "properties": {"title": {"type": "string"}, "status": {"type": "integer"}},
}
ITEM = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "name": {"type": "string", "maxLength": 20},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


def _json(schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"application/json": {"schema": schema, **extra}}


SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Items", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "X-Tenant", "in": "header", "schema": {"type": "string"}},
                    {"name": "sid", "in": "cookie", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": _json(
                            {"type": "array", "items": ITEM},
                            examples={
                                "full": {"value": [{"id": 1, "name": "one"}]},
                                "empty": {"value": []},
                            },
                        ),
                    },
                    "500": {"description": "broken", "content": _json(PROBLEM)},
                },
            },
            "post": {
                "operationId": "createItem",
                "requestBody": {"required": True, "content": _json(ITEM)},
                "responses": {
                    "201": {"description": "created", "content": _json(ITEM)},
                    "409": {"description": "duplicate", "content": _json(PROBLEM)},
                },
            },
        },
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": _json(ITEM, example={"id": 1, "name": "spec"}),
                    },
                    "404": {"description": "missing", "content": _json(PROBLEM)},
                },
            }
        },
    },
}


def make(
    tmp_path: Path,
    scenarios: str | dict[str, str],
    *,
    store: Any = None,
    activate: tuple[str, ...] = (),
    allow_off_contract: bool = False,
    seed: str = "0",
) -> tuple[Spec, Feature]:
    """Write the spec and scenario file(s) under ``tmp_path``; set the feature up."""
    import yaml

    tmp_path.mkdir(parents=True, exist_ok=True)
    spec_path = tmp_path / "openapi.yaml"
    spec_path.write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    files = scenarios if isinstance(scenarios, dict) else {"main.yaml": scenarios}
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    spec = load_spec(spec_path)
    feature = setup(
        spec,
        paths=[folder],
        activate=list(activate),
        store=store if store is not None else MemoryStore(),
        seed=seed,
        allow_off_contract=allow_off_contract,
    )
    return spec, feature


def client(tmp_path: Path, scenarios: str | dict[str, str], **options: Any) -> TestClient:
    spec, feature = make(tmp_path, scenarios, **options)
    return TestClient(create_app(spec, features=[feature]), base_url="http://127.0.0.1:4010")


Get = Callable[..., Any]
