"""Helpers for the generator tests: inline schemas, validators, draws (no importer needed)."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from pymockapi.generation import Generator, compile_generator
from pymockapi.model import Direction, Schema, SchemaDocument

URI = "urn:test:document"


def schema_of(
    node: Any, components: dict[str, Any] | None = None, direction: Direction = Direction.RESPONSE
) -> Schema:
    """The schema ``node`` placed at ``/x`` in a document with ``components.schemas``."""
    root = {"x": node, "components": {"schemas": components or {}}}
    return Schema("/x", node, SchemaDocument(root, direction))


def validator_for(schema: Schema) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resource(
        URI, DRAFT202012.create_resource(schema.document.root)
    )
    return Draft202012Validator(
        {"$ref": f"{URI}#{schema.pointer}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def generator(node: Any, components: dict[str, Any] | None = None, **options: Any) -> Generator:
    return compile_generator(schema_of(node, components, **options))


def assert_valid(schema: Schema, values: list[Any]) -> None:
    validator = validator_for(schema)
    for value in values:
        errors = [e.message for e in validator.iter_errors(value)]
        assert not errors, (value, errors)


def draw(generator: Generator, count: int = 30) -> list[Any]:
    return [generator.generate(i.to_bytes(4, "big")) for i in range(count)]
