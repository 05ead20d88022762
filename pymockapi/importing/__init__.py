"""Importing: a bundled OpenAPI 3.0 / 3.1 / Swagger 2.0 document -> the route model.

Swagger 2.0 is first converted to the 3.0 shape; schemas are normalized to JSON Schema
2020-12 following one adapter table per version; one broken operation is skipped and
recorded in ``Spec.problems`` instead of failing the load.
"""

from __future__ import annotations

from pymockapi.importing.spec import load_spec

__all__ = ["load_spec"]
