"""Servers and the base path the mock serves every route under."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pymockapi.model import Spec
from tests.conftest import openapi

MakeSpec = Callable[..., Spec]
NO_CONTENT = {"204": {"description": "none"}}


@pytest.mark.parametrize(
    ("server", "base_path"),
    [
        pytest.param({"url": "https://api.example.com/v1/"}, "/v1", id="trailing-slash"),
        pytest.param({"url": "https://api.example.com"}, "", id="no-path"),
        pytest.param({"url": "/"}, "", id="root"),
        pytest.param({"url": "/v2"}, "/v2", id="relative"),
        pytest.param(
            {
                "url": "{scheme}://{host}/api/{version}",
                "variables": {
                    "scheme": {"default": "https"},
                    "host": {"default": "x.io"},
                    "version": {"default": "v3", "enum": ["v3", "v4"]},
                },
            },
            "/api/v3",
            id="variables-take-defaults",
        ),
    ],
)
def test_base_paths(make_spec: MakeSpec, server: dict[str, Any], base_path: str) -> None:
    spec = make_spec(openapi({"/x": {"get": {"responses": NO_CONTENT}}}, servers=[server]))

    assert [s.base_path for s in spec.servers] == [base_path]
    assert spec.operations[0].servers == spec.servers


def test_without_servers_routes_are_served_at_the_root(make_spec: MakeSpec) -> None:
    spec = make_spec(openapi({"/x": {"get": {"responses": NO_CONTENT}}}))

    assert [(s.url, s.base_path) for s in spec.servers] == [("/", "")]


def test_path_and_operation_servers_override_the_document_servers(make_spec: MakeSpec) -> None:
    paths = {
        "/a": {
            "servers": [{"url": "/path-level"}],
            "get": {"responses": NO_CONTENT},
            "put": {
                "servers": [{"url": "https://op.example.com/op-level/"}],
                "responses": NO_CONTENT,
            },
        },
        "/b": {"get": {"responses": NO_CONTENT}},
    }

    spec = make_spec(openapi(paths, servers=[{"url": "/doc-level"}]))

    assert [op.servers[0].base_path for op in spec.operations] == [
        "/path-level",
        "/op-level",
        "/doc-level",
    ]
