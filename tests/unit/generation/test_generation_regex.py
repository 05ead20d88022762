"""The regular-expression sampler: matches for what it supports, refusal for the rest."""

from __future__ import annotations

import random
import re

import pytest

from pymockapi.generation._regex import UnsupportedPattern, compile_pattern


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param(r"^[a-z]{3,5}-\d+$", id="classes-and-bounds"),
        pytest.param(r"^(foo|bar)?[A-Z]\w*$", id="optional-group"),
        pytest.param(r"[^abc]+", id="negated-class"),
        pytest.param(r"^\S+@\S+\.\S+$", id="categories"),
        pytest.param(r"^#?([0-9a-fA-F]{3}){1,2}$", id="nested-repeat"),
        pytest.param(r"^\+?[1-9]\d{1,14}$", id="e164"),
        pytest.param(r"(?i)ab.c", id="flags-and-dot"),
        pytest.param(r"^(?:\d{1,3}\.){3}\d{1,3}$", id="non-capturing"),
        pytest.param(r"^a*?b+?$", id="lazy"),
        pytest.param(r"\bword\b\s\D\W", id="anchors-and-negated-categories"),
    ],
)
def test_samples_match(pattern: str) -> None:
    sampler = compile_pattern(pattern)
    rng = random.Random(0)
    for _ in range(50):
        assert re.search(pattern, sampler(rng))


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param(r"(a)\1", id="backreference"),
        pytest.param(r"(?=a)a", id="lookahead"),
        pytest.param(r"(?<!a)b", id="lookbehind"),
        pytest.param(r"\p{L}+", id="unicode-property"),
        pytest.param(r"[a-", id="invalid"),
    ],
)
def test_unsupported_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(UnsupportedPattern):
        compile_pattern(pattern)


def test_min_length_lengthens_unbounded_repeats() -> None:
    sampler = compile_pattern("^[a-z]+$", min_length=30)
    rng = random.Random(1)
    assert any(len(sampler(rng)) >= 30 for _ in range(30))
