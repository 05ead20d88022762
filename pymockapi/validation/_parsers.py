"""Body parsers, one per kind of media type, each built once for one media type entry.

A parser takes the raw body and the Content-Type parameters and returns the value to check
against the schema, or :class:`Malformed`. Form and multipart fields are typed per property
schema (their ``encoding`` style and explode apply), like query parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from pymockapi.model import MISSING, MediaType
from pymockapi.validation._coerce import Coercer, Shape, coercer, scalar_coercer, shape_of
from pymockapi.validation._json import is_json, parse_json
from pymockapi.validation._multipart import Part, split_parts
from pymockapi.validation._styles import Malformed, Reader, form_reader

Parser = Callable[[bytes, Mapping[str, str]], Any]


def _decode(body: bytes, params: Mapping[str, str]) -> str | Malformed:
    charset = params.get("charset", "utf-8")
    try:
        return body.decode(charset)
    except LookupError:
        return Malformed(f"unknown charset {charset!r}")
    except UnicodeDecodeError:
        return Malformed(f"not valid {charset} text")


def _json(body: bytes, _params: Mapping[str, str]) -> Any:
    return parse_json(body)


def _binary(body: bytes, _params: Mapping[str, str]) -> Any:
    return body


def _text(shape: Shape) -> Parser:
    coerce = scalar_coercer(shape)

    def parse(body: bytes, params: Mapping[str, str]) -> Any:
        text = _decode(body, params)
        return text if isinstance(text, Malformed) else coerce(text)

    return parse


def _field_readers(media: MediaType, shape: Shape) -> dict[str, tuple[Reader, Coercer]]:
    names = frozenset(shape.properties)
    readers = {}
    for name, sub in shape.properties.items():
        encoding = media.encoding.get(name)
        style = (encoding.style if encoding else None) or "form"
        explode = encoding.explode if encoding and encoding.explode is not None else style == "form"
        reader = form_reader(
            name, sub.kind, style, explode, names - {name}, frozenset(sub.properties)
        )
        readers[name] = (reader, coercer(sub))
    return readers


def _form(media: MediaType, shape: Shape) -> Parser:
    readers = _field_readers(media, shape)

    def parse(body: bytes, params: Mapping[str, str]) -> Any:
        text = _decode(body, params)
        if isinstance(text, Malformed):
            return text
        try:
            pairs = parse_qsl(text, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            return Malformed("not valid percent-encoded UTF-8")
        values: dict[str, list[str]] = {}
        for key, value in pairs:
            values.setdefault(key, []).append(value)
        result: dict[str, Any] = {
            key: items[0] if len(items) == 1 else items
            for key, items in values.items()
            if key.partition("[")[0] not in readers  # undeclared fields pass through as text
        }
        for name, (read, coerce) in readers.items():
            raw = read(values)
            if isinstance(raw, Malformed):
                return Malformed(f"field {name!r}: {raw.reason}")
            if raw is not MISSING:
                result[name] = coerce(raw)
        return result

    return parse


def _part_value(part: Part, json_fields: frozenset[str]) -> Any:
    data = bytes(part.data)
    if part.name in json_fields or (part.content_type and is_json(part.content_type)):
        return parse_json(data)
    if part.filename is not None or (
        part.content_type and not part.content_type.startswith("text/")
    ):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def _multipart(media: MediaType, shape: Shape) -> Parser:
    json_fields = frozenset(
        name
        for name, enc in media.encoding.items()
        if enc.content_type and is_json(enc.content_type)
    )
    fields = {name: (sub.kind == "array", coercer(sub)) for name, sub in shape.properties.items()}

    def parse(body: bytes, params: Mapping[str, str]) -> Any:
        parts = split_parts(body, params.get("boundary"))
        if isinstance(parts, Malformed):
            return parts
        grouped: dict[str, list[Any]] = {}
        for part in parts:
            value = _part_value(part, json_fields)
            if isinstance(value, Malformed):
                return Malformed(f"part {part.name!r}: {value.reason}")
            grouped.setdefault(part.name, []).append(value)
        result: dict[str, Any] = {}
        for name, values in grouped.items():
            is_array, coerce = fields.get(name, (False, _keep))
            if is_array and len(values) == 1 and isinstance(values[0], list):
                # One application/json part carrying the whole array.
                result[name] = coerce(values[0])
            else:
                result[name] = coerce(values if is_array else values[0])
        return result

    return parse


def _keep(value: Any) -> Any:
    return value


def parser_for(media_type: str, media: MediaType) -> tuple[Parser, bool]:
    """The parser for a request of ``media_type`` matched to ``media``, and whether the
    parsed value can be checked against the schema (an XML body cannot)."""
    shape = shape_of(media.schema)
    if is_json(media_type):
        return _json, True
    if media_type == "application/x-www-form-urlencoded":
        return _form(media, shape), True
    if media_type == "multipart/form-data":
        return _multipart(media, shape), True
    if media_type.startswith("text/"):
        return _text(shape), True
    return _binary, shape.types <= {"string", "null"}
