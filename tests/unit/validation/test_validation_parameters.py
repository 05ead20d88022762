"""Parameters: presence, typing of text by schema, and the messages a user sees."""

from __future__ import annotations

from typing import Any

import pytest

from pymockapi.model import Parameter, ParameterLocation
from tests.unit.validation.helpers import Doc, messages, operation, param, request, validate

INTEGER = {"type": "integer", "minimum": 1}


@pytest.mark.parametrize(
    ("schema", "raw", "expected"),
    [
        pytest.param({"type": "integer"}, "42", 42, id="integer"),
        pytest.param({"type": "integer"}, "-7", -7, id="negative-integer"),
        pytest.param({"type": "number"}, "2.5", 2.5, id="number"),
        pytest.param({"type": "number"}, "3", 3, id="number-integral"),
        pytest.param({"type": "number"}, "1e3", 1000.0, id="number-exponent"),
        pytest.param({"type": "boolean"}, "true", True, id="boolean-true"),
        pytest.param({"type": "boolean"}, "false", False, id="boolean-false"),
        pytest.param({"type": ["integer", "null"]}, "null", None, id="nullable-null"),
        pytest.param({"type": ["integer", "null"]}, "5", 5, id="nullable-value"),
        pytest.param({"type": "string"}, "42", "42", id="string-stays-string"),
        pytest.param({"type": ["string", "integer"]}, "42", "42", id="string-wins"),
        pytest.param({}, "42", "42", id="no-type"),
        pytest.param({"$ref": "#/components/schemas/Id"}, "9", 9, id="ref"),
        pytest.param({"allOf": [{"$ref": "#/components/schemas/Id"}, {"maximum": 10}]}, "9", 9, id="allof"),
        pytest.param({"oneOf": [{"type": "integer"}, {"type": "boolean"}]}, "true", True, id="oneof"),
        pytest.param({"type": "array", "items": {"type": "integer"}}, "1,2,3", [1, 2, 3], id="array-of-integers"),
        pytest.param({"type": "array", "items": {"$ref": "#/components/schemas/Id"}}, "1,2", [1, 2], id="array-of-refs"),
    ],
)  # fmt: skip
def test_text_is_typed_by_schema(schema: Any, raw: str, expected: Any) -> None:
    doc = Doc({"Id": {"type": "integer", "minimum": 0}})
    op = operation(param(doc, "value", "query", schema, explode=False))
    result = validate(op, request(query=f"value={raw}"))
    assert result.violations == []
    assert result.query["value"] == expected
    assert type(result.query["value"]) is type(expected)


@pytest.mark.parametrize(
    ("location", "raw", "message"),
    [
        pytest.param("query", "abc", "must be an integer (got 'abc')", id="query-not-integer"),
        pytest.param("query", "0", "must be >= 1 (got 0)", id="query-below-minimum"),
        pytest.param("query", "1.5", "must be an integer (got '1.5')", id="query-fraction"),
        pytest.param("path", "abc", "must be an integer (got 'abc')", id="path-not-integer"),
        pytest.param("header", "x", "must be an integer (got 'x')", id="header-not-integer"),
        pytest.param("cookie", "-3", "must be >= 1 (got -3)", id="cookie-below-minimum"),
    ],
)
def test_bad_value_is_a_422_violation(location: str, raw: str, message: str) -> None:
    doc = Doc()
    op = operation(param(doc, "limit", location, INTEGER, required=True))
    req = {
        "query": lambda: request(query=f"limit={raw}"),
        "path": lambda: request(),
        "header": lambda: request(headers={"Limit": raw}),
        "cookie": lambda: request(headers={"Cookie": f"limit={raw}"}),
    }[location]()
    result = validate(op, req, path={"limit": raw})
    assert result.status == 422
    assert messages(result) == [(f"{location}.limit", message)]


@pytest.mark.parametrize("location", ["query", "header", "cookie", "path"])
def test_missing_required_parameter(location: str) -> None:
    doc = Doc()
    op = operation(param(doc, "limit", location, INTEGER, required=True))
    result = validate(op, request())
    assert result.status == 422
    assert messages(result) == [(f"{location}.limit", "required parameter is missing")]


def test_missing_optional_parameter_is_fine_and_gets_its_default() -> None:
    doc = Doc()
    op = operation(
        param(doc, "limit", "query", {"type": "integer", "default": 20}),
        param(doc, "offset", "query", {"type": "integer"}),
    )
    result = validate(op, request())
    assert (result.status, result.query) == (None, {"limit": 20})


def test_every_violation_is_reported_not_just_the_first() -> None:
    doc = Doc()
    op = operation(
        param(doc, "limit", "query", INTEGER, required=True),
        param(doc, "page", "query", INTEGER),
        param(doc, "X-Trace", "header", {"type": "string", "format": "uuid"}, required=True),
    )
    result = validate(op, request(query="page=0"))
    assert messages(result) == [
        ("query.limit", "required parameter is missing"),
        ("query.page", "must be >= 1 (got 0)"),
        ("header.X-Trace", "required parameter is missing"),
    ]


def test_header_names_are_case_insensitive() -> None:
    doc = Doc()
    op = operation(param(doc, "X-Request-ID", "header", {"type": "integer"}, required=True))
    result = validate(op, request(headers={"x-request-id": "7"}))
    assert (result.violations, result.headers) == ([], {"X-Request-ID": 7})


def test_unknown_query_parameters_are_allowed() -> None:
    doc = Doc()
    op = operation(param(doc, "limit", "query", INTEGER))
    result = validate(op, request(query="limit=3&utm_source=mail"))
    assert (result.status, result.query) == (None, {"limit": 3})


def test_empty_query_value_needs_allow_empty_value() -> None:
    doc = Doc()
    op = operation(param(doc, "q", "query", {"type": "string"}))
    result = validate(op, request(query="q="))
    assert result.status == 422
    assert [v.location for v in result.violations] == ["query.q"]


def test_undecodable_query_string_is_malformed() -> None:
    doc = Doc()
    op = operation(param(doc, "q", "query", {"type": "string"}), param(doc, "r", "query", {}))
    result = validate(op, request(query="q=%FF%FE"))
    assert result.status == 400
    assert [v.location for v in result.violations] == ["query"]


def _content_param(doc: Doc) -> Parameter:
    schema = doc.schema(
        {"type": "object", "required": ["lat"], "properties": {"lat": {"type": "number"}}}
    )
    return Parameter(
        name="where",
        location=ParameterLocation.QUERY,
        schema=schema,
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("raw", "status", "value"),
    [
        pytest.param('{"lat": 1.5}', None, {"lat": 1.5}, id="json-valid"),
        pytest.param('{"lon": 1}', 422, {"lon": 1}, id="json-schema-violation"),
        pytest.param('{"lat": ', 400, None, id="json-broken"),
    ],
)
def test_parameter_with_json_content(raw: str, status: int | None, value: Any) -> None:
    from urllib.parse import quote

    doc = Doc()
    op = operation(_content_param(doc))
    result = validate(op, request(query="where=" + quote(raw)))
    assert result.status == status
    assert result.query.get("where") == value


def test_path_parameter_typed_and_checked() -> None:
    doc = Doc()
    op = operation(
        param(doc, "petId", "path", {"type": "integer", "format": "int64"}, required=True)
    )
    ok = validate(op, request(), path={"petId": "12"})
    too_big = validate(op, request(), path={"petId": str(2**64)})
    assert ok.path == {"petId": 12}
    assert messages(too_big) == [("path.petId", f"must be a valid int64 (got {2**64})")]


def test_accept_content_type_and_authorization_header_parameters_are_ignored() -> None:
    doc = Doc()
    op = operation(
        *(
            param(doc, name, "header", {"type": "integer"}, required=True)
            for name in ("Accept", "Content-Type", "Authorization")
        )
    )
    result = validate(op, request(headers={"Accept": "text/html"}))
    assert (result.status, result.headers) == (None, {})


def test_header_string_keeps_its_commas() -> None:
    doc = Doc()
    op = operation(param(doc, "X-Note", "header", {"type": "string"}))
    assert validate(op, request(headers={"X-Note": "a, b"})).headers == {"X-Note": "a, b"}
