"""Multi-file specs are bundled into one document whose $refs are all local."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pymockapi.errors import ErrorKind, PyMockApiError
from pymockapi.importing import load_spec
from pymockapi.loading import FILES_KEY, load_document
from tests.conftest import openapi

Write = Callable[..., Path]


def ok_with(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


@pytest.fixture
def multi_file(write_spec: Write) -> Path:
    write_spec(
        {
            "components": {
                "schemas": {
                    "Pet": {
                        "type": "object",
                        "properties": {
                            "tag": {"$ref": "./schemas/tag.yaml"},
                            "owner": {"$ref": "#/components/schemas/Owner"},
                        },
                    },
                    "Owner": {
                        "type": "object",
                        "properties": {
                            "pets": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
                        },
                    },
                }
            }
        },
        "common.yaml",
    )
    write_spec({"type": "string", "x-back": {"$ref": "../openapi.yaml#/info"}}, "schemas/tag.yaml")
    document = openapi(
        {"/pets": {"get": {"responses": ok_with({"$ref": "common.yaml#/components/schemas/Pet"})}}}
    )
    return write_spec(document)


def test_external_files_are_bundled_under_one_root_key(multi_file: Path) -> None:
    document = load_document(multi_file)

    files = document.root[FILES_KEY]
    assert set(files) == {"common.yaml", "schemas/tag.yaml"}
    media = document.root["paths"]["/pets"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]
    assert media["schema"]["$ref"] == f"#/{FILES_KEY}/common.yaml/components/schemas/Pet"
    pet = files["common.yaml"]["components"]["schemas"]["Pet"]
    assert pet["properties"]["tag"]["$ref"] == f"#/{FILES_KEY}/schemas~1tag.yaml"
    assert (
        pet["properties"]["owner"]["$ref"] == f"#/{FILES_KEY}/common.yaml/components/schemas/Owner"
    )
    assert files["schemas/tag.yaml"]["x-back"]["$ref"] == "#/info"


def test_every_bundled_ref_resolves_and_every_file_is_listed(multi_file: Path) -> None:
    document = load_document(multi_file)

    assert document.resolve(f"#/{FILES_KEY}/schemas~1tag.yaml") == {
        "type": "string",
        "x-back": {"$ref": "#/info"},
    }
    assert [Path(f).name for f in document.files] == ["openapi.yaml", "common.yaml", "tag.yaml"]


@pytest.mark.parametrize(
    ("pointer", "file", "local"),
    [
        pytest.param("/paths/~1pets/get", "openapi.yaml", "/paths/~1pets/get", id="root"),
        pytest.param(
            f"#/{FILES_KEY}/common.yaml/components/schemas/Pet",
            "common.yaml",
            "/components/schemas/Pet",
            id="external",
        ),
        pytest.param(f"/{FILES_KEY}/schemas~1tag.yaml", "schemas/tag.yaml", "", id="whole-file"),
    ],
)
def test_a_bundled_pointer_maps_back_to_its_file(
    multi_file: Path, pointer: str, file: str, local: str
) -> None:
    origin_file, origin_pointer = load_document(multi_file).origin(pointer)

    assert origin_file.endswith(file)
    assert origin_pointer == local


def test_circular_schemas_across_files_load_without_looping(multi_file: Path) -> None:
    spec = load_spec(multi_file)

    assert spec.problems == ()
    schema = spec.operations[0].responses[0].content[0].schema
    assert schema is not None
    pet = spec.response_document.resolve(schema.node["$ref"])  # type: ignore[index]
    owner = spec.response_document.resolve(pet["properties"]["owner"]["$ref"])
    assert spec.response_document.resolve(owner["properties"]["pets"]["items"]["$ref"]) is pet
    assert len(spec.files) == 3


def test_a_missing_external_file_skips_only_the_operations_that_use_it(write_spec: Write) -> None:
    paths = {
        "/broken": {"get": {"responses": ok_with({"$ref": "missing.yaml#/Pet"})}},
        "/fine": {"get": {"responses": ok_with({"type": "string"})}},
    }

    spec = load_spec(write_spec(openapi(paths)))

    assert [op.path for op in spec.operations] == ["/fine"]
    [problem] = spec.problems
    assert problem.kind is ErrorKind.OPERATION_SKIPPED
    assert problem.file.endswith("openapi.yaml")
    assert problem.pointer == "/paths/~1broken/get/responses/200/content/application~1json/schema"
    assert "missing.yaml not found" in problem.message
    assert "GET /broken" in problem.message


def test_refs_with_escaped_and_percent_encoded_pointers_resolve(write_spec: Write) -> None:
    write_spec({"defs": {"a/b": {"type": "integer"}, "c d": {"$ref": "#/defs/a~1b"}}}, "defs.yaml")
    schema = {"$ref": "defs.yaml#/defs/c%20d"}

    spec = load_spec(write_spec(openapi({"/x": {"get": {"responses": ok_with(schema)}}})))

    assert spec.problems == ()
    found = spec.operations[0].responses[0].content[0].schema
    assert found is not None
    target = spec.response_document.resolve(found.node["$ref"])  # type: ignore[index]
    assert spec.response_document.resolve(target["$ref"]) == {"type": "integer"}


def test_a_hostile_external_file_is_refused_like_the_root(write_spec: Write) -> None:
    write_spec(
        "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "bomb.yaml",
    )

    with pytest.raises(PyMockApiError) as caught:
        load_spec(
            write_spec(openapi({"/x": {"get": {"responses": ok_with({"$ref": "bomb.yaml#/i"})}}}))
        )

    assert caught.value.kind is ErrorKind.SPEC_UNREADABLE
    assert "bomb.yaml" in str(caught.value)
    assert "alias bomb" in str(caught.value)


def test_refs_inside_example_values_are_data_not_references(write_spec: Write) -> None:
    literal = {"$ref": "https://example.com/schema.json"}
    write_spec(
        {
            "Pet": {"type": "object", "example": literal, "default": literal, "enum": [literal]},
            "ok": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/Pet"},
                        "examples": {"one": {"$ref": "#/examples/One"}, "two": {"value": literal}},
                    }
                },
            },
            "examples": {"One": {"value": literal}},
            "properties-named-like-keywords": {
                "properties": {"example": {"$ref": "#/Pet"}, "default": {"$ref": "#/Pet"}}
            },
        },
        "pets.yaml",
    )
    document = openapi({"/x": {"get": {"responses": {"200": {"$ref": "pets.yaml#/ok"}}}}})

    spec = load_spec(write_spec(document))

    assert spec.problems == ()
    media = spec.operations[0].responses[0].content[0]
    assert [(e.name, e.value) for e in media.examples] == [("one", literal), ("two", literal)]
    pets = load_document(write_spec(document)).root[FILES_KEY]["pets.yaml"]
    assert pets["Pet"]["example"] == pets["Pet"]["default"] == literal
    named = pets["properties-named-like-keywords"]["properties"]
    assert named["example"] == named["default"] == {"$ref": f"#/{FILES_KEY}/pets.yaml/Pet"}
