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

_EXACT = 2**53
"""Every integer up to here is a float, and ``int(random() * n) < n`` holds (see ``below``)."""


def below(rng: random.Random, n: int) -> int:
    """A random integer in ``[0, n)``: the generator's one way to pick (``n`` > 0).

    ``rng.randrange`` is pure Python (rejection sampling over ``getrandbits``) and was a
    third of the time spent drawing a large object; scaling one ``random()`` float is a
    single C call. The float carries 53 random bits, so each outcome's probability is off
    from ``1/n`` by less than ``2**-53``: no one can tell for the pool sizes, counts and
    ranges drawn here. For ``n`` up to ``2**53`` the product stays below ``n`` (it is more
    than half a unit in the last place under it); a wider range falls back to ``randrange``.
    """
    if n <= _EXACT:
        return int(rng.random() * n)
    return rng.randrange(n)


def between(rng: random.Random, low: int, high: int) -> int:
    """A random integer in ``[low, high]`` (``low <= high``), as ``below`` draws it."""
    return low + below(rng, high - low + 1)


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
