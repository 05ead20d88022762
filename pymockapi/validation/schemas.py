"""The one module that wraps jsonschema: compile a model schema once, report violations.

Direction-neutral: request validation uses it now and response validation can use it later.
A validator is compiled once per (document, pointer); the document is registered as one
resource in a ``referencing.Registry`` so the few references left after inlining (recursive
ones) resolve inside it.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from pymockapi.errors import Violation
from pymockapi.model import Schema, SchemaDocument
from pymockapi.validation._fast import ANNOTATIONS, Resolve, compile_check
from pymockapi.validation._formats import format_checker
from pymockapi.validation._inline import Inliner
from pymockapi.validation._messages import join, violations_of

_BASE_URI = "urn:pymockapi:document"
_DOCUMENTS_KEPT = 8
"""Documents whose compiled validators stay cached (a hot reload brings a new document)."""


def _is_string(_checker: Any, instance: Any) -> bool:
    return isinstance(instance, str | bytes)  # uploaded files are bytes


def _pattern(
    validator: Any, pattern: str, instance: Any, _schema: Any
) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not re.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(
    Draft202012Validator,
    validators={"pattern": _pattern},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("string", _is_string),
)
_FORMATS = format_checker()


class SchemaValidator:
    """A compiled schema; ``violations`` returns every way a value breaks it."""

    __slots__ = ("_fast", "_validator", "schema")

    def __init__(
        self, schema: Schema, compiled: Any, registry: Registry[Any], resolve: Resolve
    ) -> None:
        self.schema = schema
        self._validator = _Validator(compiled, registry=registry, format_checker=_FORMATS)
        self._fast = compile_check(compiled, _FORMATS, resolve)

    def _fast_valid(self, value: Any) -> bool:
        if self._fast is None:
            return False
        try:
            return self._fast(value)
        except RecursionError:
            return False

    def is_valid(self, value: Any) -> bool:
        return self._fast_valid(value) or not self.violations(value, "")

    def violations(self, value: Any, location: str) -> list[Violation]:
        if self._fast_valid(value):
            return []
        found: dict[Violation, None] = {}
        try:
            errors = sorted(self._validator.iter_errors(value), key=_path_order)
        except RecursionError:
            return [Violation(location, "is nested too deeply to validate")]
        for error in errors:
            found.update(dict.fromkeys(violations_of(error, location)))
        return list(found)


def _path_order(error: ValidationError) -> tuple[tuple[int, int, str], ...]:
    """Errors by where they are (indices numerically), so the order never depends on hashing."""
    return tuple(
        (0, step, "") if isinstance(step, int) else (1, 0, str(step))
        for step in error.absolute_path
    )


class _DocumentValidators:
    def __init__(self, document: SchemaDocument) -> None:
        self.document = document
        resource = Resource.from_contents(document.root, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(_BASE_URI, resource)
        self.inliner = Inliner(document, _BASE_URI)
        self.by_pointer: dict[str, SchemaValidator] = {}

    def compile(self, schema: Schema) -> SchemaValidator:
        pointer = schema.pointer.removeprefix("#")
        cached = self.by_pointer.get(pointer)
        if cached is not None and cached.schema.node is schema.node:
            return cached
        compiled = self.inliner.inline(schema.node, pointer if self._points_at(schema) else None)
        validator = SchemaValidator(schema, compiled, self.registry, self.inliner.resolve)
        if pointer:
            self.by_pointer[pointer] = validator
        return validator

    def _points_at(self, schema: Schema) -> bool:
        try:
            return bool(self.document.resolve(schema.pointer) is schema.node)
        except (KeyError, IndexError, ValueError, TypeError):
            return False


_cache: OrderedDict[int, _DocumentValidators] = OrderedDict()
_lock = threading.Lock()


def compile_schema_validator(schema: Schema) -> SchemaValidator:
    """Compile ``schema`` (once per document and pointer) into a :class:`SchemaValidator`."""
    with _lock:
        entry = _cache.get(id(schema.document))
        if entry is None or entry.document is not schema.document:
            entry = _DocumentValidators(schema.document)
            _cache[id(schema.document)] = entry
            while len(_cache) > _DOCUMENTS_KEPT:
                _cache.popitem(last=False)
        _cache.move_to_end(id(schema.document))
        return entry.compile(schema)


__all__ = [
    "ANNOTATIONS",
    "SchemaValidator",
    "compile_check",
    "compile_schema_validator",
    "join",
]
