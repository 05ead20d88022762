"""PyMockAPI: serve any OpenAPI document as a contract-faithful, deterministic mock."""

__version__ = "0.1.0"
