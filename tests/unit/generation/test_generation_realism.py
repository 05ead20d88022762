"""Values look like real data, chosen by format and property name, within constraints."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from pymockapi.generation import compile_generator
from tests.unit.generation.gen_support import assert_valid, draw, generator, schema_of


def values_of(name: str, schema: dict[str, Any], count: int = 30) -> list[Any]:
    node = {"type": "object", "properties": {name: schema}, "required": [name]}
    return [value[name] for value in draw(generator(node), count)]


def test_email_property_gets_an_email() -> None:
    for value in values_of("email", {"type": "string"}):
        assert re.fullmatch(r"[^@\s]+@[a-z0-9.-]+\.[a-z]+", value)


@pytest.mark.parametrize("name", ["price", "amount", "unitPrice"])
def test_price_has_two_decimals_within_bounds(name: str) -> None:
    for value in values_of(name, {"type": "number", "minimum": 10, "maximum": 20}):
        assert 10 <= value <= 20
        assert round(value, 2) == value


@pytest.mark.parametrize("name", ["createdAt", "updated_at", "pushed_at", "lastSeenAt"])
def test_created_at_is_a_plausible_date_time(name: str) -> None:
    for value in values_of(name, {"type": "string"}):
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        assert (
            dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
            < moment
            <= dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        )


@pytest.mark.parametrize(
    ("name", "check"),
    [
        pytest.param("firstName", lambda v: v.isalpha() and v[0].isupper(), id="first-name"),
        pytest.param("last_name", lambda v: v[0].isupper(), id="last-name"),
        pytest.param("website", lambda v: v.startswith("https://"), id="website"),
        pytest.param("avatar_url", lambda v: v.startswith("https://"), id="avatar-url"),
        pytest.param("currency", lambda v: re.fullmatch("[A-Z]{3}", v), id="currency"),
        pytest.param("phone", lambda v: sum(c.isdigit() for c in v) >= 7, id="phone"),
        pytest.param("zip", lambda v: any(c.isdigit() for c in v), id="zip"),
        pytest.param("description", lambda v: v.endswith("."), id="description"),
        pytest.param("id", lambda v: re.fullmatch("[0-9a-f-]{36}", v), id="string-id-is-uuid"),
    ],
)
def test_names_choose_realistic_values(name: str, check: Any) -> None:
    for value in values_of(name, {"type": "string"}):
        assert check(value), value


def test_integer_id_is_positive() -> None:
    assert all(v >= 1 for v in values_of("id", {"type": "integer", "format": "int64"}))


def test_constraints_win_over_realism() -> None:
    schema = {"type": "string", "maxLength": 12, "minLength": 5}
    for value in values_of("description", schema) + values_of("email", schema):
        assert 5 <= len(value) <= 12
    for value in values_of("price", {"type": "number", "minimum": 900, "exclusiveMaximum": 901}):
        assert 900 <= value < 901
    for value in values_of("email", {"type": "string", "pattern": "^[0-9]{4}$"}):
        assert re.fullmatch("[0-9]{4}", value)


def test_status_comes_from_the_enum() -> None:
    values = values_of("status", {"type": "string", "enum": ["open", "closed"]})
    assert set(values) == {"open", "closed"}


def test_locale_option_changes_names() -> None:
    node = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    schema = schema_of(node)
    french = compile_generator(schema, locale="fr_FR").generate(b"seed")
    american = compile_generator(schema, locale="en_US").generate(b"seed")
    assert french != american
    assert_valid(schema, [french, american])
