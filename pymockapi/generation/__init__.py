"""Schema-driven example generation: compile a schema once, draw values many times.

Contract (the response stage relies on it):

- ``compile_generator(schema)`` is called once per schema at load time (or lazily, then
  cached). It never raises for an odd schema: problems are collected in
  ``generator.problems`` (each a :class:`pymockapi.errors.Problem` naming the pointer).
- ``generator.generate(seed, path_params=...)`` returns a JSON-compatible value valid
  against the schema (in the schema's direction: no ``readOnly`` properties in requests, no
  ``writeOnly`` ones in responses); the same ``seed`` gives the same value. It raises
  :class:`GenerationError` only for a schema reported as unsatisfiable.

This first version is deliberately simple; the generator issue replaces its internals
behind the same interface.
"""

from __future__ import annotations

from pymockapi.generation._interim import GenerationError, Generator, compile_generator

__all__ = ["GenerationError", "Generator", "compile_generator"]
