"""The only module of the generator that uses jsonschema: an oracle for the few keywords
that are checked rather than constructed (``not``, ``oneOf`` exclusivity, ``contains``
counts, leftover ``allOf`` parts) and for validating the spec's own examples."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

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
    """Validators over one document's root, built on first use and kept."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self._registry: Registry[Any] = Registry().with_resource(
            ROOT_URI, DRAFT202012.create_resource(root)
        )
        self._checks: dict[int, tuple[Any, Check]] = {}
        self._formats = Draft202012Validator.FORMAT_CHECKER

    def check(self, node: Any) -> Check:
        """A predicate telling whether a value is valid against ``node``."""
        found = self._checks.get(id(node))
        if found is None:
            validator = Draft202012Validator(
                absolutize(node), registry=self._registry, format_checker=self._formats
            )
            found = (node, validator.is_valid)
            self._checks[id(node)] = found
        return found[1]
