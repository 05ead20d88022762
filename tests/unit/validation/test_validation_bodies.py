"""Request bodies: each media type, malformed input, Content-Type matching, locations."""

from __future__ import annotations

from typing import Any

import pytest

from pymockapi.model import MISSING, Encoding
from tests.unit.validation.helpers import Doc, body, messages, operation, request, validate

PET = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "age": {"type": "integer", "minimum": 0},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 3}},
        "owner": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}},
        },
    },
}


def post(
    content: dict[str, Any], data: bytes, content_type: str | None, required: bool = True
) -> Any:
    doc = Doc()
    op = operation(request_body=body(doc, content, required=required))
    return validate(op, request(body=data, content_type=content_type))


@pytest.mark.parametrize(
    ("content_type", "data", "expected"),
    [
        pytest.param("application/json", b'{"name": "Rex", "age": 3}', {"name": "Rex", "age": 3}, id="json"),
        pytest.param("application/json; charset=utf-8", b'{"name": "Rex"}', {"name": "Rex"}, id="json-charset"),
        pytest.param("Application/JSON", b'{"name": "Rex"}', {"name": "Rex"}, id="json-case"),
    ],
)  # fmt: skip
def test_json_body(content_type: str, data: bytes, expected: Any) -> None:
    result = post({"application/json": PET}, data, content_type)
    assert (result.status, result.body, result.media_type) == (None, expected, "application/json")


def test_vendor_json_is_parsed_as_json() -> None:
    result = post({"application/vnd.api+json": PET}, b'{"name": 1}', "application/vnd.api+json")
    assert messages(result) == [("body.name", "must be a string (got 1)")]


def test_json_violations_have_locations() -> None:
    data = b'{"age": -1, "tags": ["ok", "toolong"], "owner": {}}'
    result = post({"application/json": PET}, data, "application/json")
    assert result.status == 422
    assert messages(result) == [
        ("body", "'name' is required"),
        ("body.age", "must be >= 0 (got -1)"),
        ("body.owner", "'name' is required"),
        ("body.tags[1]", "must be at most 3 characters long (got 7)"),
    ]


@pytest.mark.parametrize(
    ("data", "start"),
    [
        pytest.param(b'{"name": ', "not valid JSON", id="truncated"),
        pytest.param(b"{'name': 'x'}", "not valid JSON", id="single-quotes"),
        pytest.param(b"\xff\xfe", "not valid JSON", id="not-utf8"),
        pytest.param(b"[" * 5000 + b"]" * 5000, "not valid JSON", id="5000-deep"),
        pytest.param(
            b'{"a":' * 5000 + b"1" + b"}" * 5000, "not valid JSON", id="5000-deep-objects"
        ),
    ],
)
def test_malformed_json_is_400(data: bytes, start: str) -> None:
    result = post({"application/json": PET}, data, "application/json")
    assert result.status == 400
    assert [v.location for v in result.violations] == ["body"]
    assert result.violations[0].message.startswith(start)


@pytest.mark.parametrize(
    ("declared", "content_type", "media_type"),
    [
        pytest.param(["application/json"], "text/plain", None, id="other-type"),
        pytest.param(["application/json"], None, None, id="missing-content-type"),
        pytest.param(["application/*"], "application/json", "application/json", id="type-wildcard"),
        pytest.param(["*/*"], "application/json", "application/json", id="any-wildcard"),
        pytest.param(
            ["application/xml", "*/*"], "application/xml", "application/xml", id="exact-first"
        ),
    ],
)
def test_content_type_matching(
    declared: list[str], content_type: str | None, media_type: str | None
) -> None:
    result = post(dict.fromkeys(declared), b'{"name": "x"}', content_type)
    assert result.media_type == media_type
    if media_type is None:
        assert result.status == 415
        assert messages(result)[0][0] == "header.Content-Type"
        assert "expected one of: application/json" in messages(result)[0][1]
    else:
        assert result.status is None


def test_json_sent_to_a_wildcard_entry_is_still_parsed() -> None:
    result = post({"*/*": PET}, b'{"name": "Rex"}', "application/json")
    assert result.body == {"name": "Rex"}


@pytest.mark.parametrize(
    ("required", "status", "expected"),
    [
        pytest.param(True, 422, [("body", "request body is required")], id="required"),
        pytest.param(False, None, [], id="optional"),
    ],
)
def test_missing_body(required: bool, status: int | None, expected: list[tuple[str, str]]) -> None:
    result = post({"application/json": PET}, b"", "application/json", required=required)
    assert (result.status, messages(result), result.body) == (status, expected, MISSING)


def test_undeclared_body_is_ignored() -> None:
    result = validate(operation(), request(body=b"garbage", content_type="application/json"))
    assert (result.status, result.body) == (None, MISSING)


FORM_SCHEMA = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "age": {"type": "integer"},
        "ids": {"type": "array", "items": {"type": "integer"}},
        "color": {"type": "object", "properties": {"R": {"type": "integer"}}},
        "ok": {"type": "boolean"},
    },
}


@pytest.mark.parametrize(
    ("encoding", "data", "expected"),
    [
        pytest.param({}, b"name=Rex&age=3&ok=true", {"name": "Rex", "age": 3, "ok": True}, id="typed"),
        pytest.param({}, b"name=Rex&ids=1&ids=2", {"name": "Rex", "ids": [1, 2]}, id="exploded-array"),
        pytest.param({"ids": Encoding(explode=False)}, b"name=R&ids=1,2", {"name": "R", "ids": [1, 2]}, id="unexploded-array"),
        pytest.param({"ids": Encoding(style="pipeDelimited", explode=False)}, b"name=R&ids=1|2", {"name": "R", "ids": [1, 2]}, id="pipe-array"),
        pytest.param({"color": Encoding(style="deepObject", explode=True)}, b"name=R&color[R]=9", {"name": "R", "color": {"R": 9}}, id="deep-object"),
        pytest.param({}, b"name=Tom+%26+Jerry", {"name": "Tom & Jerry"}, id="decoding"),
    ],
)  # fmt: skip
def test_form_body(encoding: dict[str, Encoding], data: bytes, expected: Any) -> None:
    content = {"application/x-www-form-urlencoded": (FORM_SCHEMA, encoding)}
    result = post(content, data, "application/x-www-form-urlencoded")
    assert (result.violations, result.body) == ([], expected)


def test_form_body_violation() -> None:
    result = post(
        {"application/x-www-form-urlencoded": FORM_SCHEMA},
        b"age=x",
        "application/x-www-form-urlencoded",
    )
    assert messages(result) == [
        ("body", "'name' is required"),
        ("body.age", "must be an integer (got 'x')"),
    ]


def multipart(*parts: tuple[str, bytes, str | None, str | None], boundary: str = "XyZ") -> bytes:
    out = b""
    for name, data, filename, ctype in parts:
        out += f"--{boundary}\r\n".encode()
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"Content-Disposition: {disposition}\r\n".encode()
        if ctype:
            out += f"Content-Type: {ctype}\r\n".encode()
        out += b"\r\n" + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


UPLOAD = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary"},
        "count": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "meta": {"type": "object", "properties": {"a": {"type": "integer"}}},
    },
}
MULTIPART = "multipart/form-data; boundary=XyZ"


def test_multipart_fields_and_files() -> None:
    data = multipart(
        ("file", b"\x89PNG\x00\xff", "a.png", "image/png"),
        ("count", b"2", None, None),
        ("tags", b"a", None, None),
        ("tags", b"b", None, None),
        ("meta", b'{"a": 1}', None, "application/json"),
    )
    result = post({"multipart/form-data": UPLOAD}, data, MULTIPART)
    assert result.violations == []
    assert result.body == {
        "file": b"\x89PNG\x00\xff",
        "count": 2,
        "tags": ["a", "b"],
        "meta": {"a": 1},
    }


def test_multipart_array_as_one_json_part() -> None:
    data = multipart(("file", b"x", "f", None), ("tags", b'["a", "b"]', None, "application/json"))
    result = post({"multipart/form-data": UPLOAD}, data, MULTIPART)
    assert result.violations == []
    assert result.body["tags"] == ["a", "b"]


def test_multipart_json_part_by_encoding() -> None:
    content = {"multipart/form-data": (UPLOAD, {"meta": Encoding(content_type="application/json")})}
    data = multipart(("file", b"x", "f", None), ("meta", b'{"a": "no"}', None, None))
    result = post(content, data, MULTIPART)
    assert messages(result) == [("body.meta.a", "must be an integer (got 'no')")]


def test_multipart_violations() -> None:
    data = multipart(("count", b"many", None, None))
    result = post({"multipart/form-data": UPLOAD}, data, MULTIPART)
    assert messages(result) == [
        ("body", "'file' is required"),
        ("body.count", "must be an integer (got 'many')"),
    ]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        pytest.param(
            multipart(("count", b"1", None, None))[:-8], MULTIPART, id="no-closing-boundary"
        ),
        pytest.param(b"just some bytes", MULTIPART, id="no-parts"),
        pytest.param(
            multipart(("count", b"1", None, None)), "multipart/form-data", id="no-boundary"
        ),
        pytest.param(
            b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n",
            MULTIPART,
            id="unnamed-part",
        ),
    ],
)
def test_broken_multipart_is_400(data: bytes, content_type: str) -> None:
    result = post({"multipart/form-data": UPLOAD}, data, content_type)
    assert result.status == 400
    assert [v.location for v in result.violations] == ["body"]


@pytest.mark.parametrize(
    ("schema", "data", "content_type", "status", "expected"),
    [
        pytest.param({"type": "string", "maxLength": 5}, b"hello", "text/plain", None, "hello", id="text"),
        pytest.param({"type": "string", "maxLength": 3}, b"hello", "text/plain", 422, "hello", id="text-too-long"),
        pytest.param({"type": "string"}, "h\u00e9".encode("latin-1"), "text/plain; charset=latin-1", None, "h\u00e9", id="text-charset"),
        pytest.param({"type": "string"}, b"\xff", "text/plain", 400, MISSING, id="text-not-utf8"),
        pytest.param({"type": "string", "format": "binary"}, b"\x00\x01", "application/octet-stream", None, b"\x00\x01", id="binary"),
        pytest.param({"type": "string", "maxLength": 1}, b"\x00\x01", "application/octet-stream", 422, b"\x00\x01", id="binary-too-long"),
        pytest.param(None, b"\x00", "application/octet-stream", None, b"\x00", id="binary-no-schema"),
    ],
)  # fmt: skip
def test_text_and_binary_bodies(
    schema: Any, data: bytes, content_type: str, status: int | None, expected: Any
) -> None:
    media = content_type.split(";")[0]
    result = post({media: schema}, data, content_type)
    assert (result.status, result.body) == (status, expected)


def test_image_wildcard_accepts_bytes() -> None:
    result = post({"image/*": {"type": "string", "format": "binary"}}, b"\x89PNG", "image/png")
    assert (result.status, result.body, result.media_type) == (None, b"\x89PNG", "image/png")


def test_large_bodies_parse() -> None:
    items = b",".join(b'"tag"' for _ in range(200_000))
    result = post(
        {"application/json": PET}, b'{"name": "x", "tags": [' + items + b"]}", "application/json"
    )
    assert result.status is None
    big = multipart(("file", b"x" * 5_000_000, "big.bin", "application/octet-stream"))
    assert post({"multipart/form-data": UPLOAD}, big, MULTIPART).status is None
