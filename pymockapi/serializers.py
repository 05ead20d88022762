"""Body values to bytes, chosen by content type: JSON, XML, text, form and binary.

``serializer_for(content_type)`` is looked up once per media type; the returned function
turns a value (an example or a generated value) into the bytes to send.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

import orjson

from pymockapi import _xml
from pymockapi._accept import essence, is_json
from pymockapi._nodes import resolve
from pymockapi.model import Schema
from pymockapi.seeds import rng_for

Serializer = Callable[[Any, Schema | None], bytes]

_BINARY_TYPES = ("image", "audio", "video", "font")
_BINARY_SUBTYPES = ("octet-stream", "pdf", "zip", "gzip", "x-tar", "x-protobuf")


class EncodedJson(bytes):
    """A JSON document already encoded (a stored item, say): :func:`to_json` sends it as is."""

    __slots__ = ()


def to_json(value: Any, schema: Schema | None = None) -> bytes:
    """Keys stay in example/generation order, which follows the schema's ``properties``."""
    if type(value) is EncodedJson:
        return value
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except orjson.JSONEncodeError:  # integers beyond 64 bits, exotic YAML values
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def to_xml(value: Any, schema: Schema | None = None) -> bytes:
    if isinstance(value, str):  # an XML example written out as text is served as it is
        return value.encode("utf-8")
    return _xml.to_xml(value, schema)


def to_text(value: Any, schema: Schema | None = None) -> bytes:
    if isinstance(value, bytes):
        return value
    return value.encode("utf-8") if isinstance(value, str) else to_json(value)


def to_form(value: Any, schema: Schema | None = None) -> bytes:
    if not isinstance(value, Mapping):
        return to_text(value)
    pairs: list[tuple[str, str]] = []
    for key, item in value.items():
        for one in item if isinstance(item, list) else [item]:
            text = one if isinstance(one, str) else to_json(one).decode()
            pairs.append((str(key), text))
    return urlencode(pairs).encode("ascii")


def serializer_for(content_type: str) -> Serializer:
    type_, subtype = essence(content_type)
    if is_json(content_type):
        return to_json
    if subtype == "xml" or subtype.endswith("+xml"):
        return to_xml
    if (type_, subtype) == ("application", "x-www-form-urlencoded"):
        return to_form
    return to_text


def is_binary(content_type: str) -> bool:
    type_, subtype = essence(content_type)
    return type_ in _BINARY_TYPES or (type_ == "application" and subtype in _BINARY_SUBTYPES)


def binary_body(schema: Schema | None, seed: bytes) -> bytes | None:
    """Deterministic bytes for a generated binary body (``None``: not a binary schema).

    ``format: binary`` (or a binary media type with a bare string schema) gives raw bytes;
    ``format: byte`` gives those bytes base64-encoded, as text.
    """
    node: Mapping[str, Any] = {}
    if schema is not None:
        node = resolve(schema.node, schema.document)[0]
    types = node.get("type", "string")
    if "string" not in (types if isinstance(types, list) else [types]):
        return None
    if node.get("format") not in (None, "binary", "byte") or {"enum", "const", "pattern"} & set(
        node
    ):
        return None
    low = int(node.get("minLength", 0))
    high = int(node.get("maxLength", max(low, 64)))
    rng = rng_for(seed)
    if node.get("format") == "byte":  # maxLength counts base64 characters
        size = min(max(12, -(-low // 4) * 3), high // 4 * 3)
        return base64.b64encode(rng.randbytes(max(size, 0)))
    return rng.randbytes(min(max(low, 16), high))
