"""Differential tests: our validator and openapi-core must agree on valid vs invalid.

hypothesis builds requests for a few realistic operations, mixing valid values (bodies from
hypothesis-jsonschema's ``from_schema``) with wrong types, out-of-range numbers, missing
required parts and broken JSON. openapi-core is the oracle; a disagreement is a bug in one
of the two, shown with the request that triggers it.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest

from pymockapi.exchange import HttpRequest
from pymockapi.validation import RequestValidator, compile_request_validator
from tests.unit.validation.helpers import from_openapi

PET = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "id": {"type": "integer", "minimum": 1, "maximum": 1000000},
        "name": {"type": "string", "minLength": 1, "maxLength": 20},
        "tag": {"type": "string"},
        "status": {"type": "string", "enum": ["available", "pending", "sold"]},
        "category": {"$ref": "#/components/schemas/Category"},
        "photoUrls": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
    },
}
CATEGORY = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}
ORDER = {
    "type": "object",
    "required": ["items"],
    "additionalProperties": False,
    "properties": {
        "items": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["sku", "qty"],
                "properties": {
                    "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2}$"},
                    "qty": {"type": "integer", "minimum": 1, "maximum": 99},
                },
            },
        },
        "note": {"type": "string", "maxLength": 10},
        "express": {"type": "boolean"},
        "coupon": {
            "oneOf": [{"type": "string", "minLength": 4}, {"type": "integer", "minimum": 0}]
        },
    },
}
RESPONSES = {"200": {"description": "ok"}}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",  # schemas are 2020-12 as written, like the model's
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/pets/{petId}": {
            "put": {
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}},
                    {"name": "dryRun", "in": "query", "schema": {"type": "boolean"}},
                    {"name": "fields", "in": "query", "style": "form", "explode": False,
                     "schema": {"type": "array", "items": {"type": "string", "enum": ["id", "name", "tag"]}}},
                    {"name": "X-Request-Id", "in": "header", "required": True,
                     "schema": {"type": "string", "minLength": 4}},
                ],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
                "responses": RESPONSES,
            }
        },
        "/pets": {
            "get": {
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    {"name": "status", "in": "query", "required": True, "schema": {"type": "string", "enum": ["available", "sold"]}},
                    {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}, "maxItems": 3}},
                    {"name": "score", "in": "query", "schema": {"type": "number", "exclusiveMinimum": 0}},
                    {"name": "X-Page", "in": "header", "schema": {"type": "integer"}},
                    {"name": "session", "in": "cookie", "schema": {"type": "string", "maxLength": 8}},
                ],
                "responses": RESPONSES,
            }
        },
        "/orders": {
            "post": {
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}},
                "responses": RESPONSES,
            }
        },
    },
    "components": {"schemas": {"Pet": PET, "Category": CATEGORY, "Order": ORDER}},
}  # fmt: skip
ORACLE = OpenAPI.from_dict(json.loads(json.dumps(SPEC)))
SETTINGS = settings(
    max_examples=100, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)

WORDS = st.text(alphabet="abcdeXYZ19 -", max_size=6)
INTEGER_TEXT = st.integers(-3, 120).map(str) | st.sampled_from(["abc", "1.5", "", "007"])


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def mostly(
    valid: st.SearchStrategy[Any], invalid: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """Four valid draws to one invalid, so that whole requests are often valid too."""
    return st.integers(0, 4).flatmap(lambda pick: invalid if pick == 0 else valid)


def json_body(schema: dict[str, Any]) -> st.SearchStrategy[bytes]:
    resolved = {**schema, "$defs": {}} | {"components": SPEC["components"]}
    anything = st.recursive(
        st.none() | st.booleans() | st.integers(-5, 5) | WORDS,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(WORDS, inner, max_size=3),
        max_leaves=8,
    )
    valid = from_schema(resolved)
    invalid = valid.flatmap(_mutated) | anything | st.sampled_from([b"", b"{", b"[1,"])
    return st.one_of(valid, valid, invalid).map(lambda v: v if isinstance(v, bytes) else _dumps(v))


_WRONG = st.sampled_from(["x", "", -1, 0, 10**7, 1.5, None, True, [], {}])


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        found += _paths(child, (*prefix, key))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


def _mutated(value: Any) -> st.SearchStrategy[Any]:
    """``value`` with one node replaced by something of another type or out of range."""
    return st.tuples(st.sampled_from(_paths(value)), _WRONG).map(
        lambda pick: _replace(value, *pick)
    )


def _dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


OUTCOMES: Counter[tuple[str, bool]] = Counter()


@functools.cache
def _ours(path: str, method: str) -> RequestValidator:
    operation, schemes = from_openapi(SPEC, path, method)
    return compile_request_validator(operation, schemes)


def both_kinds_checked(run: Callable[[], None], path: str) -> None:
    """Run a differential test and make sure it exercised valid and invalid requests."""
    OUTCOMES.clear()
    run()
    assert OUTCOMES[path, True] >= 5, OUTCOMES
    assert OUTCOMES[path, False] >= 5, OUTCOMES


def agree(path: str, method: str, path_params: dict[str, str], query: list[tuple[str, str]],
          headers: dict[str, str], cookies: dict[str, str], body: bytes | None) -> None:  # fmt: skip
    concrete = path
    for name, value in path_params.items():
        concrete = concrete.replace("{" + name + "}", value)
    args: dict[str, list[str]] = {}
    for key, value in query:
        args.setdefault(key, []).append(value)
    oracle_request = MockRequest(
        "http://localhost", method, concrete, args=args, headers=headers, cookies=cookies,
        data=body, content_type="application/json",
    )  # fmt: skip
    oracle_errors = [repr(e) for e in ORACLE.unmarshal_request(oracle_request).errors]
    pairs = [(k.lower(), v) for k, v in headers.items()] + [("content-type", "application/json")]
    if cookies:
        pairs.append(("cookie", "; ".join(f"{k}={v}" for k, v in cookies.items())))
    ours = _ours(path, method).validate(
        HttpRequest(method.upper(), concrete, urlencode(query), pairs, body or b""), path_params
    )
    assert (ours.status is None) == (not oracle_errors), (ours.violations, oracle_errors)
    OUTCOMES[path, ours.status is None] += 1


@SETTINGS
@given(
    pet_id=mostly(st.integers(1, 10**6).map(str), INTEGER_TEXT.filter(bool)),
    # openapi-core also reads yes/no/on/off/1/0 as booleans; we follow Prism (true/false only).
    dry_run=mostly(optional(st.sampled_from(["true", "false"])), st.sampled_from(["maybe", ""])),
    fields=optional(
        st.lists(
            mostly(st.sampled_from(["id", "name", "tag"]), st.just("age")), min_size=1, max_size=3
        )
    ),
    request_id=mostly(st.text("abc123-", min_size=4, max_size=8), optional(WORDS)),
    body=json_body({"$ref": "#/components/schemas/Pet"}),
)
def _put_pet(
    pet_id: str, dry_run: str | None, fields: list[str] | None, request_id: str | None, body: bytes
) -> None:
    query = [("dryRun", dry_run)] if dry_run is not None else []
    if fields is not None:
        query.append(("fields", ",".join(fields)))
    headers = {"X-Request-Id": request_id} if request_id is not None else {}
    agree("/pets/{petId}", "put", {"petId": pet_id}, query, headers, {}, body)


@SETTINGS
@given(
    limit=optional(mostly(st.integers(1, 100).map(str), INTEGER_TEXT)),
    status=mostly(st.sampled_from(["available", "sold"]), optional(st.just("lost"))),
    ids=optional(
        st.lists(mostly(st.integers(-9, 9).map(str), st.just("x")), min_size=1, max_size=4)
    ),
    score=optional(st.sampled_from(["0", "0.5", "-1", "2e1", "x", "7"])),
    page=optional(st.sampled_from(["1", "x"])),
    session=optional(st.text(alphabet="abcdef", max_size=10)),
)
def _list_pets(
    limit: str | None, status: str | None, ids: list[str] | None, score: str | None,
    page: str | None, session: str | None,
) -> None:  # fmt: skip
    query = [
        (k, v) for k, v in (("limit", limit), ("status", status), ("score", score)) if v is not None
    ]
    query += [("ids", value) for value in ids or []]
    headers = {"X-Page": page} if page is not None else {}
    cookies = {"session": session} if session else {}
    agree("/pets", "get", {}, query, headers, cookies, None)


@settings(SETTINGS, max_examples=40)
@given(body=json_body({"$ref": "#/components/schemas/Order"}))
def _post_order(body: bytes) -> None:
    agree("/orders", "post", {}, [], {}, {}, body)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"items": [{"sku": "ABC-12", "qty": 1}]}', id="valid"),
        pytest.param(b'{"items": []}', id="min-items"),
        pytest.param(b'{"items": [{"sku": "abc", "qty": 1}]}', id="pattern"),
        pytest.param(b'{"items": [{"sku": "ABC-12", "qty": 1}], "coupon": "SAVE"}', id="one-of"),
        pytest.param(b'{"items": [{"sku": "ABC-12", "qty": 1}], "x": 1}', id="additional"),
    ],
)
def test_known_order_bodies_agree(body: bytes) -> None:
    agree("/orders", "post", {}, [], {}, {}, body)


def test_put_pet_agrees_with_openapi_core() -> None:
    both_kinds_checked(_put_pet, "/pets/{petId}")


def test_list_pets_agrees_with_openapi_core() -> None:
    both_kinds_checked(_list_pets, "/pets")


def test_post_order_agrees_with_openapi_core() -> None:
    both_kinds_checked(_post_order, "/orders")
