"""The only module of the generator that uses jsonschema: an oracle for the few keywords
that are checked rather than constructed (``not``, ``oneOf`` exclusivity, ``contains``
counts, leftover ``allOf`` parts), for validating the spec's own examples, and for the
path-parameter echo of every generated answer.

Each check first asks the validator's compiled fast check (one call instead of jsonschema's
walk, about 25 µs for a small schema), which answers exactly as jsonschema does for the
values the generator makes (it differs only in taking ``bytes`` for strings, and generated
values are never bytes). ``check`` still has jsonschema confirm a no; ``accepts`` does not,
for callers to whom a wrong no would cost nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from pymockapi.model import SchemaDocument
from pymockapi.validation.schemas import compile_check

ROOT_URI = "urn:pymockapi:document"
_DATA_KEYWORDS = frozenset({"const", "enum", "default", "example", "examples"})

Check = Callable[[Any], bool]


def absolutize(node: Any) -> Any:
    """A copy of ``node`` whose local ``$ref`` point into the registered root document."""
    if isinstance(node, Mapping):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#"):
                out[key] = ROOT_URI + value
            elif key in _DATA_KEYWORDS:
                out[key] = value
            elif key in ("properties", "patternProperties", "$defs", "dependentSchemas"):
                out[key] = (
                    {k: absolutize(v) for k, v in value.items()}
                    if isinstance(value, Mapping)
                    else value
                )
            else:
                out[key] = absolutize(value)
        return out
    if isinstance(node, list):
        return [absolutize(item) for item in node]
    return node


class Oracle:
    """Validators over one document, built on first use and kept."""

    def __init__(self, document: SchemaDocument) -> None:
        self._document = document
        self._registry: Registry[Any] = Registry().with_resource(
            ROOT_URI, DRAFT202012.create_resource(document.root)
        )
        self._checks: dict[int, tuple[Any, Check | None, Check]] = {}
        self._formats = Draft202012Validator.FORMAT_CHECKER

    def check(self, node: Any) -> Check:
        """A predicate telling whether a value is valid against ``node``."""
        fast, slow = self._compiled(node)
        if fast is None:
            return slow
        return lambda value: fast(value) or slow(value)

    def accepts(self, node: Any) -> Check:
        """Like :meth:`check`, with the fast check's no taken as it is (jsonschema is asked
        only where the fast check cannot compile ``node``)."""
        fast, slow = self._compiled(node)
        return slow if fast is None else fast

    def _compiled(self, node: Any) -> tuple[Check | None, Check]:
        found = self._checks.get(id(node))
        if found is None:
            absolute = absolutize(node)
            validator = Draft202012Validator(
                absolute, registry=self._registry, format_checker=self._formats
            )
            fast = compile_check(absolute, self._formats, self._resolve)
            found = (node, fast, validator.is_valid)
            self._checks[id(node)] = found
        return found[1], found[2]

    def _resolve(self, uri: str) -> Any:
        """A ``$ref`` (absolute or local) to its node in the document, or ``None``."""
        _, _, pointer = uri.partition("#")
        try:
            return self._document.resolve(pointer)
        except (KeyError, IndexError, ValueError, TypeError):
            return None
