"""The public generator: compile once, then ``generate(seed, path_params)`` many times."""

from __future__ import annotations

import random
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from pymockapi.errors import ErrorKind, Problem
from pymockapi.generation._compiler import Compiler, Unit
from pymockapi.generation._context import Gen, GenerationError
from pymockapi.generation._echo import Echo
from pymockapi.model import Schema, SchemaDocument

DEFAULT_LOCALE = "en_US"
_COMPILERS: OrderedDict[tuple[int, str], tuple[SchemaDocument, Compiler]] = OrderedDict()
_KEEP = 8
_LOCK = threading.RLock()


def _compiler(document: SchemaDocument, locale: str) -> Compiler:
    """One compiler (and its cache of compiled refs) per document view and locale."""
    key = (id(document), locale)
    with _LOCK:
        found = _COMPILERS.get(key)
        if found is None or found[0] is not document:
            found = (document, Compiler(document, locale))
            _COMPILERS[key] = found
            while len(_COMPILERS) > _KEEP:
                _COMPILERS.popitem(last=False)
        _COMPILERS.move_to_end(key)
        return found[1]


class Generator:
    """Draws values for one schema; ``problems`` lists what cannot be satisfied in it."""

    def __init__(self, schema: Schema, locale: str = DEFAULT_LOCALE) -> None:
        self.schema = schema
        self.locale = locale
        self._compiler = _compiler(schema.document, locale)
        self._compiled: tuple[Gen, Unit] | None = None
        self._echo = Echo(self._compiler, schema.node)
        self._problems: tuple[Problem, ...] | None = None

    def generate(self, seed: bytes, path_params: Mapping[str, str] | None = None) -> Any:
        """A value valid against the schema, the same for the same ``seed`` and params."""
        rng = random.Random(seed)
        try:
            with _LOCK:
                value = self._root()[0](rng, 0)
        except RecursionError as error:
            raise GenerationError("recursion does not terminate", self.schema.pointer) from error
        if path_params:
            value = self._echo.apply(value, path_params)
        return value

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every unsatisfiable part reachable from the schema (compiles all of it once)."""
        if self._problems is None:
            with _LOCK:
                self._problems = self._collect()
        return self._problems

    def _root(self) -> tuple[Gen, Unit]:
        """The compiled root, built on first use (startup stays cheap for big specs)."""
        if self._compiled is None:
            self._compiled = self._compiler.unit(self.schema.node, self.schema.pointer)
        return self._compiled

    def _collect(self) -> tuple[Problem, ...]:
        found: dict[tuple[str, str], Problem] = {}
        pending, seen = [self._root()[1]], set[str]()
        while pending:
            unit = pending.pop()
            for problem in unit.problems:
                found.setdefault((problem.pointer, problem.message), problem)
            for pointer in sorted(unit.refs - seen):
                seen.add(pointer)
                self._compiler.target(pointer)
                pending.append(self._compiler.units.get(pointer, Unit()))
        if not found:
            self._trial(found)
        return tuple(found.values())

    def _trial(self, found: dict[tuple[str, str], Problem]) -> None:
        """Draw once with a fixed seed: catches recursion and retry exhaustion."""
        try:
            self.generate(b"pymockapi-trial")
        except GenerationError as error:
            pointer = error.pointer or self.schema.pointer
            problem = Problem("", pointer, error.reason, ErrorKind.SCHEMA_UNSATISFIABLE)
            found[(pointer, error.reason)] = problem


def compile_generator(schema: Schema, *, locale: str = DEFAULT_LOCALE) -> Generator:
    """Compile ``schema`` (its ``$ref`` targets lazily, shared per document and locale)."""
    return Generator(schema, locale)
