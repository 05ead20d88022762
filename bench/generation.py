"""Benchmark the generator: ``.venv/bin/python bench/generation.py``.

Reports the median time to generate a petstore ``Pet`` and the largest response schema of
GitHub's REST description (by size of its JSON), after a warm-up that compiles them.
Targets: Pet below 50 us, GitHub's largest below 2 ms. Not a test: numbers depend on the
machine.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pymockapi.generation import compile_generator
from pymockapi.model import Direction, Schema, SchemaDocument
from pymockapi.seeds import derive_seed

PETSTORE: dict[str, Any] = {
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id", "name", "photoUrls"],
                "properties": {
                    "id": {"type": "integer", "format": "int64"},
                    "category": {"$ref": "#/components/schemas/Category"},
                    "name": {"type": "string", "example": "doggie"},
                    "photoUrls": {"type": "array", "items": {"type": "string"}},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                    "status": {"type": "string", "enum": ["available", "pending", "sold"]},
                },
            },
            "Category": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer", "format": "int64"},
                    "name": {"type": "string"},
                },
            },
            "Tag": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer", "format": "int64"},
                    "name": {"type": "string"},
                },
            },
        }
    }
}


def median_us(schema: Schema, runs: int) -> float:
    generator = compile_generator(schema)
    seeds = [derive_seed(0, "bench", i) for i in range(runs)]
    for seed in seeds[:20]:
        generator.generate(seed)
    timings = []
    for seed in seeds:
        start = time.perf_counter()
        generator.generate(seed)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1e6


def largest_github_schema() -> Schema:
    from pymockapi.importing import load_spec
    from tests.support.corpus import github_description

    spec = load_spec(str(github_description()))
    best: tuple[int, Schema] | None = None
    for operation in spec.operations:
        for response in operation.responses:
            for media in response.content:
                if media.schema is None:
                    continue
                size = len(json.dumps(_expanded(media.schema.node, spec.response_document, 0)))
                if best is None or size > best[0]:
                    best = (size, media.schema)
    assert best is not None
    print(f"largest GitHub response schema: {best[1].pointer} ({best[0]} bytes expanded)")
    return best[1]


def _expanded(node: Any, document: SchemaDocument, depth: int) -> Any:
    if depth > 6:
        return None
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            return _expanded(document.resolve(node["$ref"]), document, depth + 1)
        return {k: _expanded(v, document, depth) for k, v in node.items()}
    if isinstance(node, list):
        return [_expanded(v, document, depth) for v in node]
    return node


def main() -> None:
    document = SchemaDocument(PETSTORE, Direction.RESPONSE)
    pet = Schema("/components/schemas/Pet", PETSTORE["components"]["schemas"]["Pet"], document)
    print(f"petstore Pet: median {median_us(pet, 5000):.1f} us (target < 50 us)")
    start = time.perf_counter()
    schema = largest_github_schema()
    print(f"  (loading and finding it took {time.perf_counter() - start:.1f} s)")
    print(f"GitHub largest: median {median_us(schema, 300) / 1000:.3f} ms (target < 2 ms)")


if __name__ == "__main__":
    main()
