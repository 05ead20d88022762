"""A small sampler for regular expressions, compiled once over Python's parse tree.

``compile_pattern(pattern)`` returns a function ``(rng) -> str`` whose result matches the
pattern, or raises :class:`UnsupportedPattern` for what it cannot honour (backreferences,
lookarounds, conditional groups, syntax Python's ``re`` refuses).
"""

from __future__ import annotations

import importlib
import random
import string
from collections.abc import Callable
from typing import Any

from pymockapi.generation._context import below, between

_sre: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

Sampler = Callable[[random.Random], str]
UNBOUNDED_EXTRA = 3
_PRINTABLE = [chr(c) for c in range(0x20, 0x7F)]
_CATEGORIES: dict[Any, str] = {
    _c.CATEGORY_DIGIT: string.digits,
    _c.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    _c.CATEGORY_SPACE: " ",
}
_NOT_CATEGORIES: dict[Any, Any] = {
    _c.CATEGORY_NOT_DIGIT: _c.CATEGORY_DIGIT,
    _c.CATEGORY_NOT_WORD: _c.CATEGORY_WORD,
    _c.CATEGORY_NOT_SPACE: _c.CATEGORY_SPACE,
}


class UnsupportedPattern(ValueError):
    """The pattern uses a construct the sampler cannot generate."""


def compile_pattern(pattern: str, min_length: int = 0) -> Sampler:
    """Unbounded repetitions draw up to ``max(3, min_length)`` extra repeats."""
    try:
        tree = _sre.parse(pattern)
    except Exception as error:  # re.error and friends: the reason is in the message
        raise UnsupportedPattern(f"invalid regular expression: {error}") from error
    return _Compiler(max(UNBOUNDED_EXTRA, min_length)).sequence(list(tree))


class _Compiler:
    def __init__(self, extra: int) -> None:
        self.extra = extra

    def sequence(self, items: list[tuple[Any, Any]]) -> Sampler:
        parts = [self.item(op, arg) for op, arg in items]
        if len(parts) == 1:
            return parts[0]
        return lambda rng: "".join([part(rng) for part in parts])

    def item(self, op: Any, arg: Any) -> Sampler:
        if op is _c.LITERAL:
            return _literal(chr(arg))
        if op is _c.NOT_LITERAL:
            return _choice([c for c in _PRINTABLE if c != chr(arg)])
        if op is _c.ANY:
            return _choice([c for c in _PRINTABLE if c != "\n"])
        if op is _c.IN:
            return _choice(_class_chars(arg))
        if op is _c.AT:
            return _literal("")
        if op is _c.BRANCH:
            branches = [self.sequence(list(branch)) for branch in arg[1]]
            count = len(branches)
            return lambda rng: branches[below(rng, count)](rng)
        if op is _c.SUBPATTERN:
            return self.sequence(list(arg[-1]))
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, high, body = arg
            return self.repeat(low, high, self.sequence(list(body)))
        if op is getattr(_c, "ATOMIC_GROUP", None):
            return self.sequence(list(arg))
        raise UnsupportedPattern(f"unsupported regular expression construct {op}")

    def repeat(self, low: int, high: Any, body: Sampler) -> Sampler:
        top = low + self.extra if high is _c.MAXREPEAT else min(high, low + self.extra)
        return lambda rng: "".join([body(rng) for _ in range(between(rng, low, top))])


def _literal(text: str) -> Sampler:
    return lambda rng: text


def _choice(chars: list[str]) -> Sampler:
    if not chars:
        raise UnsupportedPattern("empty character class")
    count = len(chars)
    return lambda rng: chars[below(rng, count)]


def _class_chars(items: list[tuple[Any, Any]]) -> list[str]:
    negate = bool(items) and items[0][0] is _c.NEGATE
    chosen: set[str] = set()
    for op, arg in items[1:] if negate else items:
        if op is _c.LITERAL:
            chosen.add(chr(arg))
        elif op is _c.RANGE:
            low, high = arg
            chosen.update(chr(c) for c in range(low, min(high, low + 512) + 1))
        elif op is _c.CATEGORY and arg in _CATEGORIES:
            chosen.update(_CATEGORIES[arg])
        elif op is _c.CATEGORY and arg in _NOT_CATEGORIES:
            excluded = _CATEGORIES[_NOT_CATEGORIES[arg]]
            chosen.update(c for c in _PRINTABLE if c not in excluded)
        else:
            raise UnsupportedPattern(f"unsupported character class item {op}")
    if negate:
        return [c for c in _PRINTABLE if c not in chosen]
    return sorted(chosen)
