"""PyMockAPI: serve any OpenAPI document as a contract-faithful, deterministic mock.

The few names users import live here. They are loaded on first use, so the command line
starts without importing the web stack it may not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "EngineConfig",
    "MockEngine",
    "PyMockApiError",
    "Spec",
    "ValidationMode",
    "__version__",
    "create_app",
    "load_spec",
]

_WHERE = {
    "EngineConfig": "pymockapi.config",
    "MockEngine": "pymockapi.engine",
    "PyMockApiError": "pymockapi.errors",
    "Spec": "pymockapi.model",
    "ValidationMode": "pymockapi.config",
    "create_app": "pymockapi.server",
    "load_spec": "pymockapi.importing",
}

if TYPE_CHECKING:
    from pymockapi.config import EngineConfig, ValidationMode
    from pymockapi.engine import MockEngine
    from pymockapi.errors import PyMockApiError
    from pymockapi.importing import load_spec
    from pymockapi.model import Spec
    from pymockapi.server import create_app


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'pymockapi' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
