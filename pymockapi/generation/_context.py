"""Shared vocabulary of the generator: the compiled-node type, limits and errors."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

Gen = Callable[[random.Random, int], Any]
"""A compiled schema node: ``gen(rng, depth) -> value``; only draws happen at call time."""

OPTIONAL_DEPTH = 3
"""Below this nesting depth optional properties and extra array items are generated."""
MAX_DEPTH = 40
"""Nesting beyond this means a recursion that never terminates."""
MAX_ITEMS = 1000
"""``minItems``/``minProperties`` above this are reported instead of generated."""
RETRIES = 25


class GenerationError(Exception):
    """The schema cannot be satisfied; the message names its pointer."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(f"{pointer or '#'}: {message}" if pointer else message)
        self.reason = message
        self.pointer = pointer


class TooDeep(GenerationError):
    """Raised past ``MAX_DEPTH``; unions catch it and try a branch that terminates."""


class Unsatisfiable(Exception):
    """Raised while compiling a node that no value can satisfy."""


class Failing:
    """The generator of an unsatisfiable node: raises when drawn."""

    def __init__(self, message: str, pointer: str) -> None:
        self.message = message
        self.pointer = pointer

    def __call__(self, rng: random.Random, depth: int) -> Any:
        raise GenerationError(self.message, self.pointer)


def failing(message: str, pointer: str) -> Gen:
    return Failing(message, pointer)


def constant(value: Any) -> Gen:
    return lambda rng, depth: value


# Keywords that say something about a schema without constraining its values.
ANNOTATIONS = frozenset(
    [
        "$ref",
        "title",
        "description",
        "example",
        "examples",
        "default",
        "readOnly",
        "writeOnly",
        "xml",
        "deprecated",
        "externalDocs",
        "$comment",
        "discriminator",
        "$schema",
        "$id",
        "$anchor",
        "$defs",
    ]
)
