"""One broken operation is skipped and reported; an unusable document is refused clearly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pymockapi.errors import ErrorKind, PyMockApiError
from pymockapi.importing import load_spec
from pymockapi.model import OpenApiVersion, Spec
from tests.conftest import openapi

MakeSpec = Callable[..., Spec]
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}}


def with_schema(schema: Any) -> dict[str, Any]:
    return {
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}
        }
    }


@pytest.mark.parametrize(
    ("broken", "pointer", "message"),
    [
        pytest.param(
            with_schema({"$ref": "#/components/schemas/Nope"}),
            "/paths/~1broken/get/responses/200/content/application~1json/schema",
            "cannot be resolved",
            id="dangling-schema-ref",
        ),
        pytest.param(
            {"parameters": [{"$ref": "#/components/parameters/Nope"}], "responses": OK},
            "/paths/~1broken/get/parameters/0",
            "cannot be resolved",
            id="dangling-parameter-ref",
        ),
        pytest.param(
            {"parameters": [{"name": "q", "in": "body"}], "responses": OK},
            "/paths/~1broken/get/parameters/0",
            "'in' must be path, query, header or cookie",
            id="malformed-parameter",
        ),
        pytest.param(
            {"parameters": [{"in": "query"}], "responses": OK},
            "/paths/~1broken/get/parameters/0",
            "needs a non-empty 'name'",
            id="nameless-parameter",
        ),
        pytest.param(
            with_schema({"type": "object", "properties": {"a": {"type": "strnig"}}}),
            "/paths/~1broken/get/responses/200/content/application~1json/schema/properties/a",
            "invalid schema type 'strnig'",
            id="invalid-schema-type",
        ),
        pytest.param(
            with_schema({"type": "string", "minLength": "3"}),
            "/paths/~1broken/get/responses/200/content/application~1json/schema",
            "minLength must be a non-negative integer, not '3'",
            id="unusable-keyword-value",
        ),
        pytest.param(
            with_schema({"type": "object", "properties": {"a": "string"}}),
            "/paths/~1broken/get/responses/200/content/application~1json/schema/properties/a",
            "a schema must be an object, not str",
            id="schema-not-an-object",
        ),
        pytest.param(
            with_schema({"$ref": "#/components/schemas/Bad"}),
            "/components/schemas/Bad/items",
            "invalid schema type 'list'",
            id="invalid-type-behind-a-ref",
        ),
        pytest.param(
            {"responses": {"20O": {"description": "typo"}}},
            "/paths/~1broken/get/responses/20O",
            "is not a status code",
            id="bad-status",
        ),
        pytest.param(
            "not an operation", "/paths/~1broken/get", "must be an object", id="not-an-object"
        ),
    ],
)
def test_a_broken_operation_is_skipped_and_reported_with_file_and_pointer(
    make_spec: MakeSpec, broken: Any, pointer: str, message: str
) -> None:
    document = openapi(
        {"/broken": {"get": broken}, "/fine": {"get": {"responses": OK}}},
        components={"schemas": {"Bad": {"type": "array", "items": {"type": "list"}}}},
    )

    spec = make_spec(document)

    assert [op.path for op in spec.operations] == ["/fine"]
    skipped = [p for p in spec.problems if p.kind is ErrorKind.OPERATION_SKIPPED]
    assert len(skipped) == 1
    assert skipped[0].file.endswith("openapi.yaml")
    assert skipped[0].pointer == pointer
    assert message in skipped[0].message
    assert "GET /broken" in skipped[0].message


def test_an_empty_spec_loads(make_spec: MakeSpec) -> None:
    spec = make_spec({"openapi": "3.1.0", "info": {"title": "Empty", "version": "0"}})

    assert (spec.operations, spec.problems, spec.title) == ((), (), "Empty")


@pytest.mark.parametrize(
    ("document", "version"),
    [
        pytest.param({"swagger": "2.0"}, OpenApiVersion.SWAGGER_2_0, id="swagger-2.0"),
        pytest.param({"openapi": "3.0.0"}, OpenApiVersion.OPENAPI_3_0, id="3.0.0"),
        pytest.param({"openapi": "3.0.3"}, OpenApiVersion.OPENAPI_3_0, id="3.0.3"),
        pytest.param({"openapi": "3.1.1"}, OpenApiVersion.OPENAPI_3_1, id="3.1.1"),
    ],
)
def test_versions_are_detected(
    make_spec: MakeSpec, document: dict[str, Any], version: OpenApiVersion
) -> None:
    assert (
        make_spec({**document, "info": {"title": "T", "version": "1"}, "paths": {}}).version
        is version
    )


@pytest.mark.parametrize(
    ("document", "found"),
    [
        pytest.param({"openapi": "4.0.0"}, "openapi: '4.0.0'", id="openapi-4"),
        pytest.param({"openapi": "2.0"}, "openapi: '2.0'", id="openapi-2"),
        pytest.param({"swagger": "1.2"}, "swagger: '1.2'", id="swagger-1.2"),
        pytest.param({"info": {}}, "no 'openapi' or 'swagger' field", id="missing"),
    ],
)
def test_unsupported_versions_are_refused(
    make_spec: MakeSpec, document: dict[str, Any], found: str
) -> None:
    with pytest.raises(PyMockApiError) as caught:
        make_spec({**document, "paths": {}})

    assert caught.value.kind is ErrorKind.UNSUPPORTED_VERSION
    assert found in str(caught.value)
    assert "openapi.yaml" in str(caught.value)


def test_errors_never_surface_as_tracebacks_for_junk_paths(write_spec: Callable[..., Path]) -> None:
    document = openapi({"/a": "junk", "/b": {"get": {"responses": OK}}})
    document["components"] = "junk"

    spec = load_spec(write_spec(document))

    assert [op.path for op in spec.operations] == ["/b"]
    assert [p.pointer for p in spec.problems] == ["/paths/~1a"]
