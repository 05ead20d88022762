"""Same spec + seed + request = the same bytes, across processes; and ``examples()``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pymockapi.generation import GeneratedExample, examples
from pymockapi.model import Spec
from tests.conftest import openapi

PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "name": {"type": "string"},
        "email": {"type": "string", "format": "email"},
        "createdAt": {"type": "string", "format": "date-time"},
        "uuid": {"type": "string", "format": "uuid"},
        "price": {"type": "number", "minimum": 1, "maximum": 99},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        "code": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2}$"},
    },
}
DOCUMENT = openapi(
    {
        "/pets/{petId}": {
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": PET}}},
                    "404": {
                        "description": "missing",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"message": {"type": "string"}},
                                }
                            }
                        },
                    },
                },
            }
        }
    }
)
SCRIPT = """
import json, sys
from pymockapi.importing import load_spec
from pymockapi.generation import examples
found = examples(load_spec(sys.argv[1]), seed=7, count=5)
print(json.dumps([[e.operation, e.status, e.media_type, e.value] for e in found]))
"""


def run(path: Path, hash_seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)],
        capture_output=True,
        check=True,
        env=env,
        timeout=120,
    )
    return done.stdout


def test_two_processes_produce_identical_bytes(write_spec: Callable[..., Path]) -> None:
    path = write_spec(DOCUMENT)
    first, second = run(path, "1"), run(path, "2")
    assert first == second
    assert b"getPet" in first


def test_examples_lists_operations_statuses_and_media_types(make_spec: Callable[..., Spec]) -> None:
    spec = make_spec(DOCUMENT)
    found = examples(spec, count=2)
    assert [(e.status, e.media_type) for e in found] == [("200", "application/json")] * 2 + [
        ("404", "application/json")
    ] * 2
    assert all(isinstance(e, GeneratedExample) and e.operation == "getPet" for e in found)
    only: list[Any] = [e.value for e in examples(spec, operation_id="getPet", status="200", seed=3)]
    assert only == [e.value for e in examples(spec, operation_id="getPet", status="200", seed=3)]
    assert only != [e.value for e in examples(spec, operation_id="getPet", status="200", seed=4)]
    assert examples(spec, operation_id="nope") == []
