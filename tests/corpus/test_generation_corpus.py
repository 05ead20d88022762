"""Real-world corpora: every response schema generates values valid against it (20 seeds),
or is reported as unsatisfiable by ``generator.problems``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from pymockapi.generation import GenerationError, compile_generator
from pymockapi.model import Schema, Spec
from pymockapi.seeds import derive_seed
from tests.support.corpus import github_description, readme_examples

pytestmark = pytest.mark.corpus
SEEDS = 20
GITHUB_SHARDS = 4
URI = "urn:corpus:document"


def response_schemas(spec: Spec) -> list[Schema]:
    """Each distinct response schema once (a bare ``$ref`` counts as its target)."""
    found: dict[str, Schema] = {}
    for operation in spec.operations:
        for response in operation.responses:
            for media in response.content:
                schema = media.schema
                if schema is None:
                    continue
                node: Any = schema.node
                key = (
                    node["$ref"]
                    if isinstance(node, dict) and list(node) == ["$ref"]
                    else schema.pointer
                )
                found.setdefault(key, schema)
    return list(found.values())


def check(spec: Spec, schemas: list[Schema]) -> tuple[int, list[str]]:
    """(number of schemas reported unsatisfiable, failures)."""
    registry: Registry[Any] = Registry().with_resource(
        URI, DRAFT202012.create_resource(spec.response_document.root)
    )
    failures: list[str] = []
    reported = 0
    for schema in schemas:
        validator = Draft202012Validator(
            {"$ref": f"{URI}#{schema.pointer}"},
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        generator = compile_generator(schema)
        for index in range(SEEDS):
            try:
                value = generator.generate(derive_seed(0, schema.pointer, index))
            except GenerationError as error:
                if not generator.problems:
                    failures.append(f"{schema.pointer}: unreported {error}")
                reported += 1
                break
            error = next(iter(validator.iter_errors(value)), None)
            if error is not None:
                failures.append(f"{schema.pointer} seed {index}: {error.message[:200]}")
                break
    return reported, failures


def _load(path: Path) -> Spec:
    from pymockapi.importing import load_spec

    return load_spec(str(path))


def test_readme_examples_generate_valid_values() -> None:
    total = reported = 0
    failures: list[str] = []
    for path in readme_examples():
        try:
            spec = _load(path)
        except Exception as error:  # the importer's business; nothing to generate
            print(f"skipped {path.name}: {error}")
            continue
        schemas = response_schemas(spec)
        found, failed = check(spec, schemas)
        total, reported = total + len(schemas), reported + found
        failures += [f"{path.name} {f}" for f in failed]
    assert not failures, "\n".join(failures[:30])
    assert reported <= total // 20, f"{reported} of {total} schemas reported unsatisfiable"


@pytest.mark.parametrize("shard", range(GITHUB_SHARDS))
def test_github_description_generates_valid_values(shard: int) -> None:
    spec = _load(github_description())
    schemas = response_schemas(spec)[shard::GITHUB_SHARDS]
    reported, failures = check(spec, schemas)
    assert not failures, "\n".join(failures[:30])
    assert reported <= len(schemas) // 50
