"""Shared fixtures: small specs written inline, loaded through the real importer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from pymockapi.model import Spec


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[..., Path]:
    """Write a document (dict or YAML text) as ``openapi.yaml`` (or ``name``) in a temp dir."""

    def write(document: dict[str, Any] | str, name: str = "openapi.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(document, str):
            path.write_text(document, encoding="utf-8")
        elif name.endswith(".json"):
            path.write_text(json.dumps(document), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_spec(write_spec: Callable[..., Path]) -> Callable[..., Spec]:
    """Build a :class:`Spec` from an inline document, through the real loader and importer."""

    def make(document: dict[str, Any] | str, **options: Any) -> Spec:
        from pymockapi.importing import load_spec

        return load_spec(write_spec(document), **options)

    return make


def openapi(paths: dict[str, Any], *, version: str = "3.0.3", **extra: Any) -> dict[str, Any]:
    """A minimal valid OpenAPI document around ``paths``."""
    document: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "Test API", "version": "1.0.0"},
        "paths": paths,
    }
    document.update(extra)
    return document
