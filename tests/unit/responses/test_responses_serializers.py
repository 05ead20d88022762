"""Serialization by content type: JSON, XML (OpenAPI ``xml`` objects), text, form, binary."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any
from xml.etree import ElementTree

import pytest

from pymockapi.model import Direction, Schema, SchemaDocument
from pymockapi.serializers import binary_body, is_binary, serializer_for, to_json, to_xml

NS = "http://example.com/schema"
ROOT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer", "xml": {"attribute": True}},
                    "name": {"type": "string", "xml": {"name": "petName"}},
                    "tags": {
                        "type": "array",
                        "xml": {"wrapped": True, "name": "tagList"},
                        "items": {"type": "string", "xml": {"name": "tag"}},
                    },
                    "photos": {"type": "array", "items": {"type": "string"}},
                    "aliases": {"type": "array", "xml": {"name": "ignored"}, "items": {}},
                    "owner": {"$ref": "#/components/schemas/Owner"},
                },
            },
            "Named": {"type": "object", "xml": {"name": "animal"}},
            "Spaced": {
                "type": "object",
                "xml": {"name": "pet", "namespace": NS, "prefix": "ex"},
                "properties": {
                    "lang": {
                        "type": "string",
                        "xml": {"attribute": True, "prefix": "l", "namespace": "urn:lang"},
                    },
                    "plain": {"type": "string", "xml": {"namespace": "urn:plain"}},
                },
            },
            "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Pets": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
            "Blob": {"type": "string", "format": "binary", "minLength": 10, "maxLength": 20},
            "Base64": {"type": "string", "format": "byte", "maxLength": 16},
        }
    }
}
DOC = SchemaDocument(ROOT, Direction.RESPONSE)


def component(name: str) -> Schema:
    return Schema(f"/components/schemas/{name}", ROOT["components"]["schemas"][name], DOC)


def ref(name: str) -> Schema:
    return Schema(
        "/paths/~1pets/get/responses/200/content/application~1xml/schema",
        {"$ref": f"#/components/schemas/{name}"},
        DOC,
    )


def parse(body: bytes) -> ElementTree.Element:
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ElementTree.fromstring(body)


def test_json_keeps_key_order_and_unicode() -> None:
    assert (
        to_json({"z": 1, "a": "é", "m": [True, None]}) == '{"z":1,"a":"é","m":[true,null]}'.encode()
    )


def test_xml_names_attributes_and_wrapped_arrays() -> None:
    value = {
        "id": 7,
        "name": "Rex",
        "tags": ["a", "b"],
        "photos": ["p1", "p2"],
        "aliases": ["x"],
        "owner": {"name": "Jo"},
    }
    element = parse(to_xml(value, ref("Pet")))
    assert element.tag == "Pet"  # the $ref'd component names the root
    assert element.attrib == {"id": "7"}
    assert element.findtext("petName") == "Rex"
    assert [t.text for t in element.findall("tagList/tag")] == ["a", "b"]
    assert [p.text for p in element.findall("photos")] == ["p1", "p2"]  # unwrapped: property name
    assert [a.text for a in element.findall("aliases")] == ["x"]  # array xml.name needs wrapped
    assert element.findtext("owner/name") == "Jo"


@pytest.mark.parametrize(
    ("schema", "value", "tag"),
    [
        pytest.param(ref("Named"), {}, "animal", id="xml-name-wins"),
        pytest.param(component("Owner"), {"name": "x"}, "Owner", id="component-pointer"),
        pytest.param(Schema("/x", {"type": "object"}, DOC), {"a": 1}, "root", id="default-root"),
        pytest.param(None, {"a": 1}, "root", id="no-schema"),
    ],
)
def test_xml_root_name(schema: Schema | None, value: Any, tag: str) -> None:
    assert parse(to_xml(value, schema)).tag == tag


def test_xml_array_root_is_wrapped_and_items_named_by_component() -> None:
    element = parse(to_xml([{"id": 1}, {"id": 2}], ref("Pets")))
    assert element.tag == "Pets"
    assert [pet.attrib["id"] for pet in element.findall("Pet")] == ["1", "2"]


def test_xml_namespaces_and_prefixes() -> None:
    body = to_xml({"lang": "en", "plain": "p"}, ref("Spaced"))
    assert (
        body.decode()
        .split("?>", 1)[1]
        .startswith(f'<ex:pet xmlns:ex="{NS}" xmlns:l="urn:lang" l:lang="en">')
    )
    element = parse(body)
    assert element.tag == f"{{{NS}}}pet"
    assert element.attrib == {"{urn:lang}lang": "en"}
    assert element.findtext("{urn:plain}plain") == "p"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param('<a & "b">', '<a & "b">', id="markup-escaped"),
        pytest.param("bell\x07 here", "bell here", id="invalid-xml-chars-dropped"),
        pytest.param(True, "true", id="boolean"),
        pytest.param(1.5, "1.5", id="number"),
        pytest.param(None, None, id="null-empty"),
    ],
)
def test_xml_text_escaping(value: Any, text: str | None) -> None:
    assert parse(to_xml({"v": value}, None)).findtext("v") == (text or "")


@pytest.mark.parametrize(
    ("key", "tag"),
    [
        pytest.param("first name", "first_name", id="space"),
        pytest.param("1st", "_1st", id="leading-digit"),
        pytest.param("@odata.id", "_odata.id", id="at-sign"),
        pytest.param("a:b", "a_b", id="colon"),
    ],
)
def test_xml_element_names_are_made_valid(key: str, tag: str) -> None:
    assert parse(to_xml({key: 1}, None))[0].tag == tag


def test_xml_string_example_served_as_is() -> None:
    assert to_xml("<pet id='1'/>", ref("Pet")) == b"<pet id='1'/>"


@pytest.mark.parametrize(
    ("content_type", "value", "body"),
    [
        pytest.param("application/json", "hi", b'"hi"', id="json-string-is-json"),
        pytest.param("application/problem+json", {"a": 1}, b'{"a":1}', id="plus-json"),
        pytest.param(
            "application/json", {"n": 2**70}, b'{"n":1180591620717411303424}', id="big-int"
        ),
        pytest.param(
            "application/json", {1: date(2024, 1, 2)}, b'{"1":"2024-01-02"}', id="yaml-values"
        ),
        pytest.param("text/plain", "héllo", "héllo".encode(), id="text-string"),
        pytest.param("text/plain", 42, b"42", id="text-number-as-json"),
        pytest.param("text/csv", {"a": [1]}, b'{"a":[1]}', id="text-object-as-json"),
        pytest.param(
            "application/x-www-form-urlencoded",
            {"a": "x y", "b": [1, 2]},
            b"a=x+y&b=1&b=2",
            id="form",
        ),
        pytest.param("application/octet-stream", "raw", b"raw", id="binary-string-example"),
        pytest.param("application/vnd.unknown", "raw", b"raw", id="unknown-type-string"),
        pytest.param(
            "text/xml",
            {"a": 1},
            b'<?xml version="1.0" encoding="UTF-8"?><root><a>1</a></root>',
            id="text-xml",
        ),
        pytest.param("application/atom+xml", "<feed/>", b"<feed/>", id="plus-xml-string"),
    ],
)
def test_serializer_by_content_type(content_type: str, value: Any, body: bytes) -> None:
    assert serializer_for(content_type)(value, None) == body


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        pytest.param("application/octet-stream", True, id="octet-stream"),
        pytest.param("image/png", True, id="image"),
        pytest.param("application/pdf", True, id="pdf"),
        pytest.param("application/json", False, id="json"),
        pytest.param("text/plain", False, id="text"),
    ],
)
def test_is_binary(content_type: str, expected: bool) -> None:
    assert is_binary(content_type) is expected


def test_binary_body_is_deterministic_and_respects_lengths() -> None:
    first = binary_body(component("Blob"), b"seed-1")
    assert first is not None and 10 <= len(first) <= 20
    assert binary_body(component("Blob"), b"seed-1") == first
    assert binary_body(component("Blob"), b"seed-2") != first


def test_byte_format_is_base64_text_within_max_length() -> None:
    body = binary_body(component("Base64"), b"seed")
    assert body is not None and 0 < len(body) <= 16
    base64.b64decode(body, validate=True)


@pytest.mark.parametrize(
    "node",
    [
        pytest.param({"type": "object"}, id="object"),
        pytest.param({"type": "string", "enum": ["a"]}, id="enum"),
        pytest.param({"type": "string", "format": "uuid"}, id="other-format"),
    ],
)
def test_binary_body_leaves_other_schemas_to_the_generator(node: Any) -> None:
    assert binary_body(Schema("/x", node, DOC), b"seed") is None
