"""Decision -> HttpResponse: bodies, headers, no-body cases, seeds, message injection."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

import orjson
import pytest

from pymockapi import generation
from pymockapi.controls import Controls
from pymockapi.model import (
    Direction,
    Example,
    Header,
    MediaType,
    Operation,
    Response,
    Schema,
    SchemaDocument,
)
from pymockapi.negotiation import Decision, negotiate
from pymockapi.responses import compile_response_builder, header_text, response_seed

ROOT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer", "minimum": 1, "maximum": 1000000},
                    "name": {"type": "string", "minLength": 1},
                    "tag": {"type": "string"},
                },
            },
            "Error": {
                "type": "object",
                "required": ["code"],
                "properties": {
                    "code": {"type": "integer"},
                    "title": {"type": "string", "enum": ["Bad Request"]},
                    "detail": {"type": "string", "maxLength": 12},
                    "message": {"type": "string"},
                },
            },
            "Blob": {"type": "string", "format": "binary"},
            "Count": {"type": "integer", "minimum": 0, "maximum": 100},
        }
    }
}
DOC = SchemaDocument(ROOT, Direction.RESPONSE)


def component(name: str) -> Schema:
    return Schema(f"/components/schemas/{name}", ROOT["components"]["schemas"][name], DOC)


PET_JSON = MediaType("application/json", component("Pet"))
PET_XML = MediaType("application/xml", component("Pet"))
ERROR = MediaType("application/json", component("Error"), example={"code": 400, "detail": "x"})
HEADERS = (
    Header("X-Rate-Limit", schema=component("Count")),
    Header("X-Request-Id", example="req-1"),
    Header("X-Tags", example=["a", "b"]),
    Header("Content-Type", example="text/evil"),
)
OPERATION = Operation(
    "GET",
    "/pets/{petId}",
    "/paths/~1pets~1{petId}/get",
    operation_id="getPet",
    responses=(
        Response("200", headers=HEADERS, content=(PET_JSON, PET_XML)),
        Response("204"),
        Response("304", content=(PET_JSON,)),
        Response("400", content=(ERROR,)),
        Response("415", content=(MediaType("application/octet-stream", component("Blob")),)),
        Response("418", content=(MediaType("text/plain", example="I'm a teapot"),)),
        Response("500", content=(MediaType("application/json"),)),
    ),
)
BUILDER = compile_response_builder(OPERATION)


def decide(accept: str | None = None, **controls: Any) -> Decision:
    return negotiate(OPERATION, accept=accept, controls=Controls(**controls), dynamic_default=False)


def build(decision: Decision, seed: bytes = b"seed", pet: str = "1", **kwargs: Any) -> Any:
    return BUILDER.build(decision, seed=seed, path_params={"petId": pet}, **kwargs)


def test_generated_json_body_with_content_type() -> None:
    response = build(decide())
    assert response.status == 200
    assert response.header("Content-Type") == "application/json"
    pet = orjson.loads(response.body)
    assert list(pet)[:2] == ["id", "name"]  # schema order


def test_xml_body_when_asked() -> None:
    response = build(decide("application/xml"))
    assert response.header("Content-Type") == "application/xml"
    pet = ElementTree.fromstring(response.body)
    assert pet.tag == "Pet"
    assert [child.tag for child in pet][:2] == ["id", "name"]


def test_example_body_and_text_charset() -> None:
    response = build(decide(code=418))
    assert (response.body, response.header("Content-Type")) == (
        b"I'm a teapot",
        "text/plain; charset=utf-8",
    )


def test_binary_body() -> None:
    response = build(decide(code=415))
    assert response.header("Content-Type") == "application/octet-stream"
    assert len(response.body) >= 16
    assert build(decide(code=415)).body == response.body


def test_media_type_without_schema_or_example_is_empty() -> None:
    response = build(decide(code=500))
    assert (response.body, response.header("Content-Type")) == (b"", "application/json")


@pytest.mark.parametrize(
    ("code", "head"),
    [
        pytest.param(204, False, id="204"),
        pytest.param(304, False, id="304-even-with-content"),
        pytest.param(204, True, id="204-head"),
    ],
)
def test_no_body_statuses(code: int, head: bool) -> None:
    response = build(decide(code=code), head=head)
    assert (response.status, response.body, response.header("Content-Type")) == (code, b"", None)


def test_head_keeps_content_type_and_length() -> None:
    get = build(decide())
    head = build(decide(), head=True)
    assert head.body == b""
    assert head.header("Content-Type") == "application/json"
    assert head.header("Content-Length") == str(len(get.body))


def test_documented_headers() -> None:
    response = build(decide())
    assert response.header("X-Request-Id") == "req-1"
    assert response.header("X-Tags") == "a,b"
    assert 0 <= int(response.header("X-Rate-Limit")) <= 100
    assert response.header("Content-Type") == "application/json"  # a documented one is ignored
    assert [name for name, _ in response.headers].count("Content-Type") == 1


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(["a", 1, True], "a,1,true", id="array"),
        pytest.param({"role": "admin", "n": 2}, "role,admin,n,2", id="object"),
        pytest.param(False, "false", id="boolean"),
        pytest.param(None, "", id="null"),
        pytest.param("line\r\nbreak", "line%0D%0Abreak", id="no-line-breaks"),
        pytest.param("naïve", "na%C3%AFve", id="non-ascii-escaped"),
    ],
)
def test_header_text(value: Any, text: str) -> None:
    assert header_text(value) == text


def test_same_inputs_give_identical_bytes() -> None:
    seed = response_seed(42, OPERATION, 200, "application/json", {"petId": "1"})
    first = build(decide(dynamic=True), seed=seed)
    again = build(decide(dynamic=True), seed=seed)
    assert (first.body, first.headers) == (again.body, again.headers)


@pytest.mark.parametrize(
    ("change", "kwargs"),
    [
        pytest.param("path-params", {"path_params": {"petId": "2"}}, id="path-params"),
        pytest.param("global-seed", {"global_seed": 43}, id="global-seed"),
        pytest.param("status", {"status": 201}, id="status"),
        pytest.param("content-type", {"content_type": "application/xml"}, id="content-type"),
        pytest.param("override", {"override": "x"}, id="prefer-seed"),
    ],
)
def test_response_seed_depends_on_its_inputs(change: str, kwargs: dict[str, Any]) -> None:
    base: dict[str, Any] = {
        "global_seed": 42,
        "status": 200,
        "content_type": "application/json",
        "path_params": {"petId": "1"},
    }
    assert response_seed(operation=OPERATION, **base) != response_seed(
        operation=OPERATION, **{**base, **kwargs}
    )


def test_prefer_seed_replaces_the_global_seed() -> None:
    params = {"petId": "1"}
    one = response_seed(1, OPERATION, 200, "application/json", params, override="x")
    two = response_seed(2, OPERATION, 200, "application/json", params, override="x")
    assert one == two


def test_path_param_order_does_not_matter() -> None:
    one = response_seed(1, OPERATION, 200, None, {"a": "1", "b": "2"})
    two = response_seed(1, OPERATION, 200, None, {"b": "2", "a": "1"})
    assert one == two


def test_different_path_params_give_different_bodies() -> None:
    bodies = {
        build(
            decide(dynamic=True),
            seed=response_seed(7, OPERATION, 200, "application/json", {"petId": pet}),
            pet=pet,
        ).body
        for pet in ("1", "2", "3", "4")
    }
    assert len(bodies) > 1


@pytest.mark.parametrize(
    ("example", "message", "expected"),
    [
        pytest.param(
            {"code": 400}, "bad limit", {"code": 400, "detail": "bad limit"}, id="detail-first"
        ),
        pytest.param(
            {"code": 400},
            "query.limit is too long",
            {"code": 400, "detail": "query.limit "},
            id="truncated-to-maxLength",
        ),
        pytest.param(
            {"code": 400, "title": "Bad Request"},
            "x",
            {"code": 400, "title": "Bad Request", "detail": "x"},
            id="enum-field-untouched",
        ),
    ],
)
def test_message_injection(example: Any, message: str, expected: Any) -> None:
    before = dict(example)
    media = MediaType("application/json", component("Error"), example=example)
    operation = Operation(
        "GET", "/x", "/paths/~1x/get", responses=(Response("400", content=(media,)),)
    )
    decision = negotiate(operation, accept=None, controls=Controls(), dynamic_default=False)
    body = (
        compile_response_builder(operation)
        .build(decision, seed=b"s", path_params={}, message=message)
        .body
    )
    assert orjson.loads(body) == expected
    assert media.example == before  # the model's example is never mutated


@pytest.mark.parametrize(
    "node",
    [
        pytest.param(
            {"type": "object", "properties": {"detail": {"type": "string", "pattern": "^E"}}},
            id="pattern",
        ),
        pytest.param(
            {"type": "object", "properties": {"detail": {"type": "integer"}}}, id="not-a-string"
        ),
        pytest.param(
            {"type": "object", "properties": {"detail": {"type": "string", "minLength": 50}}},
            id="too-short",
        ),
        pytest.param(
            {"type": "object", "properties": {"code": {"type": "integer"}}}, id="no-field"
        ),
        pytest.param({"type": "array"}, id="not-an-object"),
    ],
)
def test_message_not_injected_where_it_would_break_the_schema(node: Any) -> None:
    example: Any = {"code": 1} if node["type"] == "object" else [1]
    media = MediaType("application/json", Schema("/x", node, DOC), example=example)
    operation = Operation(
        "GET", "/x", "/paths/~1x/get", responses=(Response("400", content=(media,)),)
    )
    decision = negotiate(operation, accept=None, controls=Controls(), dynamic_default=False)
    body = (
        compile_response_builder(operation)
        .build(decision, seed=b"s", path_params={}, message="some text")
        .body
    )
    assert orjson.loads(body) == example


def test_named_example_served_verbatim() -> None:
    media = MediaType(
        "application/json", component("Pet"), examples=(Example("rex", {"id": 9, "name": "Rex"}),)
    )
    operation = Operation(
        "GET", "/x", "/paths/~1x/get", responses=(Response("200", content=(media,)),)
    )
    decision = negotiate(
        operation, accept=None, controls=Controls(example="rex"), dynamic_default=True
    )
    body = compile_response_builder(operation).build(decision, seed=b"s", path_params={}).body
    assert body == b'{"id":9,"name":"Rex"}'


def test_generators_compile_lazily_once(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = generation.compile_generator

    def counting(schema: Schema, **options: Any) -> Any:
        compiled.append(schema.pointer)
        return real(schema, **options)

    monkeypatch.setattr("pymockapi.responses.compile_generator", counting)
    builder = compile_response_builder(OPERATION)
    assert compiled == []  # loading a large document compiles nothing
    for seed in (b"a", b"b", b"c"):
        builder.build(decide(dynamic=True), seed=seed, path_params={})
    assert sorted(compiled) == ["/components/schemas/Count", "/components/schemas/Pet"]


def test_problem_bodies_carry_the_status_sent_and_its_title(make_spec: Any) -> None:
    """A generated RFC 9457 body must not contradict the response it travels in."""
    from pymockapi.controls import Controls
    from pymockapi.negotiation import negotiate
    from pymockapi.responses import compile_response_builder

    problem_schema = {
        "type": "object",
        "required": ["title", "status"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 100, "maximum": 599},
            "detail": {"type": "string"},
        },
    }
    spec = make_spec(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/x": {
                    "get": {
                        "responses": {
                            "200": {"description": "ok"},
                            "404": {
                                "description": "missing",
                                "content": {"application/problem+json": {"schema": problem_schema}},
                            },
                        }
                    }
                }
            },
        }
    )
    operation = spec.operations[0]
    builder = compile_response_builder(operation)
    for seed in range(20):
        decision = negotiate(
            operation, accept=None, controls=Controls(code=404), dynamic_default=False
        )
        body = orjson.loads(builder.build(decision, seed=bytes([seed]), path_params={}).body)
        assert body["status"] == 404
        assert body["title"] == "Not Found"
        assert body["type"] == "about:blank"
