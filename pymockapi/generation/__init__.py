"""Schema-driven example generation: compile a schema once, draw values many times.

Contract (the response stage relies on it):

- ``compile_generator(schema, *, locale="en_US")`` is called once per schema at load time
  (its ``$ref`` targets compile lazily on first use, cached per document view, pointer and
  locale). It never raises for an odd schema: ``generator.problems`` lists each
  unsatisfiable part as a :class:`pymockapi.errors.Problem` naming its pointer (reading it
  compiles everything reachable, once).
- ``generator.generate(seed, path_params=...)`` returns a JSON-compatible value valid
  against the schema (in the schema's direction: no ``readOnly`` properties in requests, no
  ``writeOnly`` ones in responses); the same ``seed`` gives the same value. It raises
  :class:`GenerationError` only for a schema that cannot be satisfied.
- ``examples(spec, ...)`` lists generated examples per operation, status and media type.
"""

from __future__ import annotations

from pymockapi.generation._context import GenerationError
from pymockapi.generation._examples import GeneratedExample, examples
from pymockapi.generation._generator import Generator, compile_generator

__all__ = ["GeneratedExample", "GenerationError", "Generator", "compile_generator", "examples"]
