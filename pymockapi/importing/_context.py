"""What every importer step needs: the bundled document and how to turn a node into a Schema."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pymockapi.importing._errors import Broken
from pymockapi.loading import LoadedDocument
from pymockapi.model import MISSING, Direction, Example, Schema, escape_pointer_token

SchemaFactory = Callable[[Any, str, Direction], Schema]
"""(schema node, its pointer in the bundle, view) -> Schema."""

_MAX_HOPS = 32


@dataclass(frozen=True, slots=True)
class Context:
    document: LoadedDocument
    schema: SchemaFactory

    def deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow ``$ref`` (of a parameter, response, ...) to the object and its pointer."""
        for _ in range(_MAX_HOPS):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if ref is None:
                return node, pointer
            if not isinstance(ref, str):
                raise Broken(pointer, "$ref must be a string")
            try:
                node = self.document.resolve(ref)
            except KeyError:
                reason = self.document.dangling.get(ref, "no such location in the document")
                raise Broken(pointer, f"$ref '{ref}' cannot be resolved: {reason}") from None
            pointer = ref.removeprefix("#")
        raise Broken(pointer, f"more than {_MAX_HOPS} chained $refs (a $ref loop?)")

    def mapping(self, node: Any, pointer: str, what: str) -> tuple[dict[str, Any], str]:
        """``node`` dereferenced (it must be an object) and where it sits."""
        node, pointer = self.deref(node, pointer)
        if not isinstance(node, dict):
            raise Broken(pointer, f"{what} must be an object, not {type(node).__name__}")
        return node, pointer

    def examples(self, node: dict[str, Any], pointer: str) -> tuple[Example, ...]:
        """Named examples (``$ref``s followed; ``externalValue``-only examples ignored)."""
        raw = node.get("examples")
        if not isinstance(raw, dict):
            return ()
        found = []
        for name, example in raw.items():
            at = f"{pointer}/examples/{escape_pointer_token(str(name))}"
            example, _ = self.deref(example, at)
            if isinstance(example, dict) and "value" in example:
                summary = example.get("summary")
                found.append(
                    Example(
                        str(name), example["value"], summary if isinstance(summary, str) else ""
                    )
                )
        return tuple(found)


def example_of(node: dict[str, Any]) -> Any:
    return node.get("example", MISSING)


def text(node: dict[str, Any], key: str) -> str:
    value = node.get(key)
    return value if isinstance(value, str) else ""
