"""Strings: pattern, then format, then a realistic value by name, then words; always
within ``minLength``/``maxLength``. A candidate that breaks a constraint is never served."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from typing import Any

from pymockapi.generation._context import (
    RETRIES,
    Gen,
    GenerationError,
    Unsatisfiable,
    below,
    between,
)
from pymockapi.generation._faker import Pools
from pymockapi.generation._formats import FORMATS, Draw
from pymockapi.generation._realism import string_maker, words
from pymockapi.generation._regex import UnsupportedPattern, compile_pattern

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def compile_string(
    node: Mapping[str, Any], name: str, pools: Pools, check: Callable[[str], bool] | None = None
) -> Gen:
    """``check`` verifies what the chosen source does not guarantee (a pattern's format)."""
    low = int(node.get("minLength", 0))
    high = node.get("maxLength")
    high = None if high is None else int(high)
    if high is not None and low > high:
        raise Unsatisfiable(f"minLength {low} is above maxLength {high}")
    if low > 100_000:
        raise Unsatisfiable(f"minLength {low} is too large to generate")
    pattern = node.get("pattern")
    maker = FORMATS.get(str(node.get("format", "")))
    if isinstance(pattern, str):
        gen = _from_pattern(pattern, low, high, check)
        if maker is not None:  # a format value that matches the pattern reads better
            gen = _preferring(maker(pools), pattern, low, high, gen)
    elif maker is not None:  # a value of the format, or none
        gen = _fitted(maker(pools), low, high, None)
    else:  # a realistic value by name, else words
        plain = _plain(pools.get("word"), low, high)
        realistic = string_maker(name)
        gen = plain if realistic is None else _fitted(realistic(pools), low, high, plain)
    _trial(gen)
    return gen


def _fits(value: str, low: int, high: int | None) -> bool:
    return len(value) >= low and (high is None or len(value) <= high)


def _from_pattern(
    pattern: str, low: int, high: int | None, check: Callable[[str], bool] | None
) -> Gen:
    try:
        sampler = compile_pattern(pattern, low)
        search = re.compile(pattern).search
    except (UnsupportedPattern, re.error) as error:
        raise Unsatisfiable(f"pattern {pattern!r} cannot be generated: {error}") from error

    def gen(rng: random.Random, depth: int) -> str:
        for _ in range(RETRIES):
            value = sampler(rng)
            if _fits(value, low, high) and search(value) and (check is None or check(value)):
                return value
        raise GenerationError(f"no string matching {pattern!r} within the length bounds")

    return gen


def _preferring(draw: Draw, pattern: str, low: int, high: int | None, fallback: Gen) -> Gen:
    search = re.compile(pattern).search

    def gen(rng: random.Random, depth: int) -> str:
        for _ in range(3):
            value = draw(rng)
            if _fits(value, low, high) and search(value):
                return value
        return str(fallback(rng, depth))

    return gen


def _fitted(draw: Draw, low: int, high: int | None, plain: Gen | None) -> Gen:
    """Values of ``draw`` within the length bounds, else ``plain`` ones (None: a format's
    values or none, so it retries longer and then fails).

    Without bounds every value fits: the common case draws with no check at all.
    """
    if low == 0 and high is None:
        return lambda rng, depth: draw(rng)
    tries = 3 if plain is not None else RETRIES

    def gen(rng: random.Random, depth: int) -> str:
        for _ in range(tries):
            value = draw(rng)
            if _fits(value, low, high):
                return value
            if plain is not None and high is not None and " " in value[: high + 1]:
                cut = value[: high + 1].rsplit(" ", 1)[0].rstrip(",;:")
                if _fits(cut, low, high):
                    return cut
        if plain is None:
            raise GenerationError("no value of this format fits the length bounds")
        return str(plain(rng, depth))

    return gen


def _plain(pool: tuple[str, ...], low: int, high: int | None) -> Gen:
    """Words of ``pool``, padded with letters or cut to a drawn length within the bounds."""
    if low == 0 and high is None:
        return lambda rng, depth: words(rng, pool, 1 + below(rng, 3))
    top = high if high is not None else max(low, 16)
    longest = max(low, min(top, low + 24))

    def gen(rng: random.Random, depth: int) -> str:
        target = between(rng, low, longest)
        if target == 0:
            return ""
        text = words(rng, pool, 1 + target // 6)
        if len(text) < target:
            text += "".join([_LETTERS[below(rng, 26)] for _ in range(target - len(text))])
        text = text[:target]
        if text[-1] == " ":
            text = text[:-1] + _LETTERS[below(rng, 26)]
        return text

    return gen


def _trial(gen: Gen) -> None:
    """Report at compile time a string schema that no draw satisfies (seeded, bounded)."""
    rng = random.Random(0)
    for _ in range(3):
        try:
            gen(rng, 0)
            return
        except GenerationError as error:
            last = error
    raise Unsatisfiable(last.reason)
