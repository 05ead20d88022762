"""Picks from the private ``random.Random``: always in range, every value reachable."""

from __future__ import annotations

import random

import pytest

from pymockapi.generation._context import below, between


@pytest.mark.parametrize("n", [1, 2, 3, 26, 64, 1000])
def test_below_reaches_every_value_and_no_other(n: int) -> None:
    rng = random.Random(0)
    seen = {below(rng, n) for _ in range(n * 40)}
    assert seen == set(range(n))


@pytest.mark.parametrize("n", [2**53 - 1, 2**53, 2**53 + 1, 2**64, 3 * 2**70])
def test_below_stays_under_huge_bounds(n: int) -> None:
    rng = random.Random(1)
    values = [below(rng, n) for _ in range(2000)]
    assert all(0 <= v < n for v in values)
    assert max(values) > n // 2


def test_below_never_reaches_n_for_the_largest_float() -> None:
    class Top(random.Random):
        def random(self) -> float:
            return 1 - 2**-53  # the largest value random() returns

    for n in [1, 3, 1000, 2**31 - 1, 2**32, 2**52 + 1, 2**53 - 1, 2**53]:
        assert below(Top(), n) == n - 1


def test_between_includes_both_ends() -> None:
    rng = random.Random(2)
    assert {between(rng, -2, 2) for _ in range(200)} == {-2, -1, 0, 1, 2}
    assert between(rng, 7, 7) == 7
