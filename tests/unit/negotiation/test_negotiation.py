"""Status, media type and example selection: the decision a Prism user relies on."""

from __future__ import annotations

from typing import Any

import pytest

from pymockapi.controls import Controls
from pymockapi.model import (
    MISSING,
    Direction,
    Example,
    MediaType,
    Operation,
    Response,
    Schema,
    SchemaDocument,
)
from pymockapi.negotiation import Decision, NegotiationError, negotiate, negotiate_error

ROOT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Pet": {"type": "object", "example": {"id": 1, "name": "from-component"}},
            "Alias": {"$ref": "#/components/schemas/Pet"},
            "Plain": {"type": "object", "properties": {"id": {"type": "integer"}}},
        }
    }
}
DOC = SchemaDocument(ROOT, Direction.RESPONSE)


def schema(node: Any) -> Schema:
    return Schema("/paths/~1pets/get/responses/200/content/application~1json/schema", node, DOC)


def json_media(**kwargs: Any) -> MediaType:
    return MediaType("application/json", schema(kwargs.pop("node", {"type": "object"})), **kwargs)


def op(*responses: Response) -> Operation:
    return Operation("GET", "/pets", "/paths/~1pets/get", responses=responses)


def r(status: str, *content: MediaType) -> Response:
    return Response(status, content=content)


def decide(operation: Operation, accept: str | None = None, **controls: Any) -> Decision:
    return negotiate(operation, accept=accept, controls=Controls(**controls), dynamic_default=False)


@pytest.mark.parametrize(
    ("statuses", "expected_status", "expected_entry"),
    [
        pytest.param(["404", "201", "200"], 200, "200", id="lowest-2xx"),
        pytest.param(["500", "204", "202"], 202, "202", id="lowest-2xx-not-first"),
        pytest.param(["2XX", "400"], 200, "2XX", id="2XX-range-as-200"),
        pytest.param(["2XX", "201"], 201, "201", id="exact-before-range"),
        pytest.param(["default", "404"], 200, "default", id="default-as-200"),
        pytest.param(["default", "2XX"], 200, "2XX", id="range-before-default"),
        pytest.param(["500", "404"], 404, "404", id="only-errors-lowest"),
        pytest.param(["4XX", "500"], 500, "500", id="only-errors-exact-before-range"),
        pytest.param(["5XX"], 500, "5XX", id="only-error-range"),
        pytest.param(["301", "404"], 301, "301", id="redirect-lowest"),
    ],
)
def test_status_without_control(
    statuses: list[str], expected_status: int, expected_entry: str
) -> None:
    decision = decide(op(*(r(s) for s in statuses)))
    assert (decision.status, decision.response.status) == (expected_status, expected_entry)


@pytest.mark.parametrize(
    ("statuses", "code", "expected_entry"),
    [
        pytest.param(["200", "404"], 404, "404", id="exact"),
        pytest.param(["200", "4XX"], 404, "4XX", id="range"),
        pytest.param(["200", "4xx"], 418, "4xx", id="lower-case-range"),
        pytest.param(["200", "404", "4XX"], 404, "404", id="exact-before-range"),
        pytest.param(["200", "default"], 503, "default", id="default"),
        pytest.param(["200", "4XX", "default"], 409, "4XX", id="range-before-default"),
        pytest.param(["200", "201"], 201, "201", id="another-2xx"),
    ],
)
def test_status_from_prefer_code(statuses: list[str], code: int, expected_entry: str) -> None:
    decision = decide(op(*(r(s) for s in statuses)), code=code)
    assert (decision.status, decision.response.status) == (code, expected_entry)


def test_undocumented_prefer_code_is_404_like_prism() -> None:
    with pytest.raises(NegotiationError) as raised:
        decide(op(r("200"), r("5XX")), code=404)
    assert raised.value.status == 404
    assert "404 is not defined" in str(raised.value)


def test_operation_without_responses_is_an_empty_200() -> None:
    """OpenAPI 3.1 allows no responses; an empty 200 promises nothing the spec contradicts."""
    decision = decide(op())
    assert decision.status == 200
    assert decision.media is None


XML = MediaType("application/xml", schema({"type": "object"}))
JSON = MediaType("application/json", schema({"type": "object"}))
TEXT = MediaType("text/plain", schema({"type": "string"}))
ANY = MediaType("*/*", schema({"type": "string"}))
APP = MediaType("application/*", schema({"type": "object"}))
VENDOR = MediaType("application/vnd.acme+json; version=2", schema({"type": "object"}))


@pytest.mark.parametrize(
    ("content", "accept", "expected"),
    [
        pytest.param([XML, JSON], None, "application/json", id="no-accept-json"),
        pytest.param([XML, JSON], "*/*", "application/json", id="star-json"),
        pytest.param([XML, JSON], "", "application/json", id="empty-accept-json"),
        pytest.param([XML, JSON], "application/xml", "application/xml", id="xml-asked"),
        pytest.param([XML], None, "application/xml", id="xml-only-offer"),
        pytest.param([XML, TEXT], None, "application/xml", id="first-when-no-json"),
        pytest.param(
            [JSON, XML], "application/json;q=0.5, application/xml", "application/xml", id="q-values"
        ),
        pytest.param(
            [JSON, XML],
            "application/xml;q=0.9, */*;q=0.1",
            "application/xml",
            id="q-beats-wildcard",
        ),
        pytest.param([JSON, XML], "application/json;q=0, */*", "application/xml", id="q0-excludes"),
        pytest.param([JSON, TEXT], "text/*", "text/plain", id="type-wildcard"),
        pytest.param(
            [JSON, XML], "application/*, application/xml", "application/xml", id="specific-wins-tie"
        ),
        pytest.param([JSON], "Application/JSON", "application/json", id="case-insensitive"),
        pytest.param([JSON], "application/json; charset=utf-8", "application/json", id="params"),
        pytest.param([JSON], "garbage, */*", "application/json", id="garbage-range-ignored"),
        pytest.param([ANY], None, "application/json", id="spec-wildcard-default-json"),
        pytest.param([ANY], "text/csv", "text/csv", id="spec-wildcard-takes-asked-type"),
        pytest.param([ANY], "text/*", "text/plain", id="spec-wildcard-type-range"),
        pytest.param([APP], None, "application/json", id="spec-app-wildcard-json"),
        pytest.param([APP], "application/xml", "application/xml", id="spec-app-wildcard-xml"),
        pytest.param(
            [VENDOR],
            "application/vnd.acme+json",
            "application/vnd.acme+json; version=2",
            id="vendor-with-params",
        ),
    ],
)
def test_accept_negotiation(content: list[MediaType], accept: str | None, expected: str) -> None:
    decision = decide(op(r("200", *content)), accept=accept)
    assert decision.content_type == expected
    assert decision.media is not None


@pytest.mark.parametrize(
    "accept",
    [
        pytest.param("text/html", id="unoffered"),
        pytest.param("application/json;q=0", id="q0-only-offer"),
        pytest.param("application/json;q=0, application/xml;q=0", id="all-excluded"),
        pytest.param("image/*", id="type-range-unmatched"),
    ],
)
def test_unsatisfiable_accept_is_406(accept: str) -> None:
    with pytest.raises(NegotiationError) as raised:
        decide(op(r("200", JSON, XML)), accept=accept)
    assert raised.value.status == 406
    assert "application/json, application/xml" in str(raised.value)


def test_response_without_content_ignores_accept() -> None:
    decision = decide(op(r("204")), accept="text/html")
    assert (decision.status, decision.media, decision.content_type) == (204, None, None)


def test_accept_applies_to_the_preferred_code() -> None:
    operation = op(r("200", JSON), r("404", XML))
    with pytest.raises(NegotiationError):
        decide(operation, accept="application/json", code=404)
    assert decide(operation, accept="application/xml", code=404).content_type == "application/xml"


NAMED = (Example("first", {"id": 1}), Example("second", {"id": 2}))


@pytest.mark.parametrize(
    ("media", "expected_value", "expected_name"),
    [
        pytest.param(json_media(example={"id": 0}, examples=NAMED), {"id": 0}, None, id="example"),
        pytest.param(json_media(examples=NAMED), {"id": 1}, "first", id="first-of-examples"),
        pytest.param(
            json_media(node={"type": "object", "example": {"id": 5}, "default": {"id": 6}}),
            {"id": 5},
            None,
            id="schema-example",
        ),
        pytest.param(
            json_media(node={"type": "object", "default": {"id": 6}}), {"id": 6}, None, id="default"
        ),
        pytest.param(
            json_media(node={"type": "object", "examples": [{"id": 7}]}),
            {"id": 7},
            None,
            id="schema-examples-3.1",
        ),
        pytest.param(
            json_media(node={"$ref": "#/components/schemas/Alias"}),
            {"id": 1, "name": "from-component"},
            None,
            id="through-ref-chain",
        ),
        pytest.param(json_media(example=None), None, None, id="null-example-is-an-example"),
        pytest.param(MediaType("application/json"), MISSING, None, id="nothing-at-all"),
    ],
)
def test_static_example_order(
    media: MediaType, expected_value: Any, expected_name: str | None
) -> None:
    decision = decide(op(r("200", media)))
    assert (decision.example, decision.example_name, decision.dynamic) == (
        expected_value,
        expected_name,
        False,
    )


@pytest.mark.parametrize(
    "node",
    [
        pytest.param({"$ref": "#/components/schemas/Plain"}, id="ref-without-example"),
        pytest.param({"type": "object", "properties": {"a": {"example": 1}}}, id="nested-only"),
    ],
)
def test_no_static_example_falls_back_to_generation(node: Any) -> None:
    decision = decide(op(r("200", json_media(node=node))))
    assert decision.dynamic and decision.example is MISSING


def test_named_example() -> None:
    decision = decide(op(r("200", json_media(examples=NAMED))), example="second")
    assert (decision.example, decision.example_name) == ({"id": 2}, "second")


def test_named_example_beats_dynamic() -> None:
    decision = decide(op(r("200", json_media(examples=NAMED))), example="second", dynamic=True)
    assert (decision.example, decision.dynamic) == ({"id": 2}, False)


def test_unknown_example_lists_available_names() -> None:
    with pytest.raises(NegotiationError) as raised:
        decide(op(r("200", json_media(examples=NAMED))), example="third")
    assert raised.value.status == 404
    assert "'third'" in str(raised.value) and "first, second" in str(raised.value)


@pytest.mark.parametrize(
    ("dynamic_control", "dynamic_default", "expected"),
    [
        pytest.param(True, False, True, id="prefer-dynamic"),
        pytest.param(False, True, False, id="prefer-static-beats-default"),
        pytest.param(None, True, True, id="server-default-dynamic"),
        pytest.param(None, False, False, id="server-default-static"),
    ],
)
def test_dynamic_switch(
    dynamic_control: bool | None, dynamic_default: bool, expected: bool
) -> None:
    decision = negotiate(
        op(r("200", json_media(example={"id": 0}))),
        accept=None,
        controls=Controls(dynamic=dynamic_control),
        dynamic_default=dynamic_default,
    )
    assert decision.dynamic is expected
    assert (decision.example is MISSING) is expected


def test_dynamic_without_schema_serves_the_example() -> None:
    decision = decide(op(r("200", MediaType("text/plain", example="hi"))), dynamic=True)
    assert (decision.example, decision.dynamic) == ("hi", False)


@pytest.mark.parametrize(
    ("statuses", "asked", "expected"),
    [
        pytest.param(["200", "400", "422"], [422, 400], (422, "422"), id="first-exact"),
        pytest.param(["200", "400"], [422, 400], (400, "400"), id="second-exact"),
        pytest.param(["200", "4XX", "400"], [422, 400], (400, "400"), id="exact-before-range"),
        pytest.param(["200", "4XX"], [422, 400], (422, "4XX"), id="range"),
        pytest.param(["200", "default"], [401], (401, "default"), id="default"),
        pytest.param(["200"], [422, 400], None, id="none"),
        pytest.param(["200", "default"], [], None, id="no-statuses"),
    ],
)
def test_negotiate_error(
    statuses: list[str], asked: list[int], expected: tuple[int, str] | None
) -> None:
    decision = negotiate_error(op(*(r(s, JSON) for s in statuses)), asked, accept=None)
    found = None if decision is None else (decision.status, decision.response.status)
    assert found == expected


def test_negotiate_error_ignores_an_unsatisfiable_accept() -> None:
    decision = negotiate_error(op(r("200"), r("400", JSON)), [400], accept="text/html")
    assert decision is not None and decision.content_type == "application/json"


def test_negotiate_error_prefers_the_example() -> None:
    media = json_media(example={"message": "bad"})
    decision = negotiate_error(op(r("400", media)), [400], accept=None)
    assert decision is not None and (decision.example, decision.dynamic) == (
        {"message": "bad"},
        False,
    )
