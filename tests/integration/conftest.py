from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pymockapi.config import EngineConfig
from pymockapi.server import create_app

PETSTORE = Path(__file__).resolve().parents[2] / "specs" / "petstore.yaml"


@pytest.fixture(scope="module")
def petstore() -> Iterator[TestClient]:
    with TestClient(create_app(PETSTORE), base_url="http://127.0.0.1:4010") as client:
        yield client


@pytest.fixture
def serve(write_spec: Callable[..., Path]) -> Iterator[Callable[..., TestClient]]:
    """Serve an inline document: ``serve(doc, validation=ValidationMode.WARN)``."""
    clients: list[TestClient] = []

    def start(document: dict[str, Any] | str, **config: Any) -> TestClient:
        app_options = {
            k: config.pop(k) for k in ("admin_token", "watch", "admin_closed") if k in config
        }
        client = TestClient(
            create_app(write_spec(document), EngineConfig(**config), **app_options),
            base_url="http://127.0.0.1:4010",
        )
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)
