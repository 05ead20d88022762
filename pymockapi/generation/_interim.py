"""A small deterministic generator, a placeholder for the real one behind the same API."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from pymockapi.errors import Problem
from pymockapi.model import Direction, Schema, SchemaDocument
from pymockapi.seeds import rng_for


class GenerationError(Exception):
    """The schema cannot be satisfied; the message names its pointer."""


class Generator:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.problems: tuple[Problem, ...] = ()

    def generate(self, seed: bytes, path_params: Mapping[str, str] | None = None) -> Any:
        return _value(self.schema.node, self.schema.document, rng_for(seed), 0)


def compile_generator(schema: Schema) -> Generator:
    return Generator(schema)


def _value(node: Any, doc: SchemaDocument, rng: random.Random, depth: int) -> Any:
    if node is True or not isinstance(node, Mapping):
        return {}
    if "$ref" in node:
        return _value(doc.resolve(node["$ref"]), doc, rng, depth + 1)
    for key in ("example", "default", "const"):
        if key in node:
            return node[key]
    if "enum" in node:
        return node["enum"][0]
    for key in ("allOf", "oneOf", "anyOf"):
        if key in node and key != "allOf":
            return _value(node[key][0], doc, rng, depth + 1)
    kind = node.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "integer":
        return rng.randint(int(node.get("minimum", 0)), int(node.get("maximum", 1000)))
    if kind == "number":
        return float(rng.randint(int(node.get("minimum", 0)), int(node.get("maximum", 1000))))
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    if kind == "string":
        return "x" * max(int(node.get("minLength", 0)), 1)
    if kind == "array":
        if depth > 4:
            return []
        return [_value(node.get("items", {}), doc, rng, depth + 1)]
    skip = "readOnly" if doc.direction is Direction.REQUEST else "writeOnly"
    result: dict[str, Any] = {}
    if "allOf" in node:
        for part in node["allOf"]:
            sub = _value(part, doc, rng, depth + 1)
            if isinstance(sub, dict):
                result.update(sub)
    for name, sub in node.get("properties", {}).items():
        if isinstance(sub, Mapping) and sub.get(skip):
            continue
        if depth < 4 or name in node.get("required", ()):
            result[name] = _value(sub, doc, rng, depth + 1)
    return result
