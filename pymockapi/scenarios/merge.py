"""Deep merge of ``generate.overrides`` into a generated body."""

from __future__ import annotations

from typing import Any


def deep_merge(base: Any, overrides: Any) -> Any:
    """Objects merge key by key (recursively); anything else in ``overrides`` replaces."""
    if overrides is None:
        return base
    if isinstance(base, dict) and isinstance(overrides, dict):
        merged = dict(base)
        for key, value in overrides.items():
            merged[key] = (
                deep_merge(base[key], value) if key in base and value is not None else value
            )
        return merged
    return overrides
