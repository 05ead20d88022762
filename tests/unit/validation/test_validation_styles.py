"""Every style/explode row of the OpenAPI 3.0.3 "Style Examples" table, in each location."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.validation.helpers import Doc, operation, param, request, validate

PRIMITIVE = {"type": "string"}
ARRAY = {"type": "array", "items": {"type": "string"}}
OBJECT = {
    "type": "object",
    "properties": {"R": {"type": "integer"}, "G": {"type": "integer"}, "B": {"type": "integer"}},
}
SCHEMAS = {"primitive": PRIMITIVE, "array": ARRAY, "object": OBJECT}
BLUE = "blue"
COLORS = ["blue", "black", "brown"]
RGB = {"R": 100, "G": 200, "B": 150}


def read(location: str, style: str, explode: bool, kind: str, raw: str) -> Any:
    doc = Doc()
    op = operation(
        param(doc, "color", location, SCHEMAS[kind], required=True, style=style, explode=explode)
    )
    if location == "path":
        result = validate(op, request(), path={"color": raw})
    elif location == "query":
        result = validate(op, request(query=raw))
    elif location == "header":
        result = validate(op, request(headers={"Color": raw}))
    else:
        result = validate(op, request(headers={"Cookie": raw}))
    assert result.violations == [], result.violations
    return getattr(result, {"header": "headers", "cookie": "cookies"}.get(location, location))[
        "color"
    ]


TABLE = [
    # path: matrix
    pytest.param("path", "matrix", False, "primitive", ";color=blue", BLUE, id="matrix-primitive"),
    pytest.param("path", "matrix", True, "primitive", ";color=blue", BLUE, id="matrix-explode-primitive"),
    pytest.param("path", "matrix", False, "primitive", ";color", "", id="matrix-empty"),
    pytest.param("path", "matrix", False, "array", ";color=blue,black,brown", COLORS, id="matrix-array"),
    pytest.param("path", "matrix", True, "array", ";color=blue;color=black;color=brown", COLORS, id="matrix-explode-array"),
    pytest.param("path", "matrix", False, "object", ";color=R,100,G,200,B,150", RGB, id="matrix-object"),
    pytest.param("path", "matrix", True, "object", ";R=100;G=200;B=150", RGB, id="matrix-explode-object"),
    # path: label
    pytest.param("path", "label", False, "primitive", ".blue", BLUE, id="label-primitive"),
    pytest.param("path", "label", True, "primitive", ".blue", BLUE, id="label-explode-primitive"),
    pytest.param("path", "label", False, "primitive", ".", "", id="label-empty"),
    pytest.param("path", "label", False, "array", ".blue.black.brown", COLORS, id="label-array-3.0.3-table"),
    pytest.param("path", "label", False, "array", ".blue,black,brown", COLORS, id="label-array-rfc6570"),
    pytest.param("path", "label", True, "array", ".blue.black.brown", COLORS, id="label-explode-array"),
    pytest.param("path", "label", False, "object", ".R.100.G.200.B.150", RGB, id="label-object-3.0.3-table"),
    pytest.param("path", "label", False, "object", ".R,100,G,200,B,150", RGB, id="label-object-rfc6570"),
    pytest.param("path", "label", True, "object", ".R=100.G=200.B=150", RGB, id="label-explode-object"),
    # path: simple
    pytest.param("path", "simple", False, "primitive", "blue", BLUE, id="path-simple-primitive"),
    pytest.param("path", "simple", False, "array", "blue,black,brown", COLORS, id="path-simple-array"),
    pytest.param("path", "simple", True, "array", "blue,black,brown", COLORS, id="path-simple-explode-array"),
    pytest.param("path", "simple", False, "object", "R,100,G,200,B,150", RGB, id="path-simple-object"),
    pytest.param("path", "simple", True, "object", "R=100,G=200,B=150", RGB, id="path-simple-explode-object"),
    # query: form, spaceDelimited, pipeDelimited, deepObject
    pytest.param("query", "form", False, "primitive", "color=blue", BLUE, id="form-primitive"),
    pytest.param("query", "form", True, "primitive", "color=blue", BLUE, id="form-explode-primitive"),
    pytest.param("query", "form", False, "array", "color=blue,black,brown", COLORS, id="form-array"),
    pytest.param("query", "form", True, "array", "color=blue&color=black&color=brown", COLORS, id="form-explode-array"),
    pytest.param("query", "form", False, "object", "color=R,100,G,200,B,150", RGB, id="form-object"),
    pytest.param("query", "form", True, "object", "R=100&G=200&B=150", RGB, id="form-explode-object"),
    pytest.param("query", "spaceDelimited", False, "array", "color=blue%20black%20brown", COLORS, id="space-array"),
    pytest.param("query", "spaceDelimited", False, "array", "color=blue+black+brown", COLORS, id="space-array-plus"),
    pytest.param("query", "spaceDelimited", True, "array", "color=blue&color=black&color=brown", COLORS, id="space-explode-array"),
    pytest.param("query", "spaceDelimited", False, "object", "color=R%20100%20G%20200%20B%20150", RGB, id="space-object"),
    pytest.param("query", "pipeDelimited", False, "array", "color=blue|black|brown", COLORS, id="pipe-array"),
    pytest.param("query", "pipeDelimited", False, "array", "color=blue%7Cblack%7Cbrown", COLORS, id="pipe-array-encoded"),
    pytest.param("query", "pipeDelimited", True, "array", "color=blue&color=black&color=brown", COLORS, id="pipe-explode-array"),
    pytest.param("query", "pipeDelimited", False, "object", "color=R|100|G|200|B|150", RGB, id="pipe-object"),
    pytest.param("query", "deepObject", True, "object", "color[R]=100&color[G]=200&color[B]=150", RGB, id="deep-object"),
    pytest.param("query", "deepObject", True, "object", "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150", RGB, id="deep-object-encoded"),
    # header: simple
    pytest.param("header", "simple", False, "primitive", "blue", BLUE, id="header-primitive"),
    pytest.param("header", "simple", False, "array", "blue,black,brown", COLORS, id="header-array"),
    pytest.param("header", "simple", False, "array", "blue, black , brown", COLORS, id="header-array-spaces"),
    pytest.param("header", "simple", True, "array", "blue,black,brown", COLORS, id="header-explode-array"),
    pytest.param("header", "simple", False, "object", "R,100,G,200,B,150", RGB, id="header-object"),
    pytest.param("header", "simple", True, "object", "R=100,G=200,B=150", RGB, id="header-explode-object"),
    # cookie: form
    pytest.param("cookie", "form", True, "primitive", "color=blue", BLUE, id="cookie-primitive"),
    pytest.param("cookie", "form", False, "array", "color=blue,black,brown", COLORS, id="cookie-array"),
    pytest.param("cookie", "form", True, "array", "color=blue; color=black; color=brown", COLORS, id="cookie-explode-array"),
    pytest.param("cookie", "form", False, "object", "color=R,100,G,200,B,150", RGB, id="cookie-object"),
    pytest.param("cookie", "form", True, "object", "R=100; G=200; B=150", RGB, id="cookie-explode-object"),
]  # fmt: skip


@pytest.mark.parametrize(("location", "style", "explode", "kind", "raw", "expected"), TABLE)
def test_style_table(
    location: str, style: str, explode: bool, kind: str, raw: str, expected: Any
) -> None:
    assert read(location, style, explode, kind, raw) == expected


def test_query_form_empty_value_with_allow_empty_value() -> None:
    doc = Doc()
    op = operation(param(doc, "color", "query", PRIMITIVE, allow_empty_value=True))
    result = validate(op, request(query="color="))
    assert (result.violations, result.query) == ([], {"color": ""})


def test_header_repeated_lines_form_one_array() -> None:
    doc = Doc()
    op = operation(param(doc, "X-Ids", "header", {"type": "array", "items": {"type": "integer"}}))
    result = validate(op, request(headers=[("X-Ids", "1, 2"), ("X-Ids", "3")]))
    assert result.headers == {"X-Ids": [1, 2, 3]}


def test_exploded_object_takes_only_unclaimed_query_names() -> None:
    doc = Doc()
    free_object = {"type": "object", "additionalProperties": {"type": "integer"}}
    op = operation(
        param(doc, "filter", "query", free_object),
        param(doc, "limit", "query", {"type": "integer"}),
    )
    result = validate(op, request(query="a=1&limit=5&b=2"))
    assert result.violations == []
    assert result.query == {"filter": {"a": 1, "b": 2}, "limit": 5}


def test_exploded_object_with_declared_properties_ignores_other_names() -> None:
    doc = Doc()
    op = operation(param(doc, "color", "query", OBJECT))
    result = validate(op, request(query="R=1&G=2&B=3&page=4"))
    assert result.query == {"color": {"R": 1, "G": 2, "B": 3}}


@pytest.mark.parametrize(
    ("style", "raw"),
    [
        pytest.param("label", "blue", id="label-without-dot"),
        pytest.param("matrix", "blue", id="matrix-without-semicolon"),
        pytest.param("matrix", ";other=blue", id="matrix-other-name"),
    ],
)
def test_path_value_not_in_its_style_is_malformed(style: str, raw: str) -> None:
    doc = Doc()
    op = operation(param(doc, "color", "path", PRIMITIVE, required=True, style=style))
    result = validate(op, request(), path={"color": raw})
    assert result.status == 400
    assert [v.location for v in result.violations] == ["path.color"]


def test_unexploded_object_with_odd_items_is_malformed() -> None:
    doc = Doc()
    op = operation(param(doc, "color", "query", OBJECT, explode=False))
    result = validate(op, request(query="color=R,100,G"))
    assert result.status == 400
    assert "pairs" in result.violations[0].message
