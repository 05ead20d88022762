"""Split a serialized parameter into its parts by ``style`` and ``explode`` (no typing yet).

A reader returns a string (primitive), a list of strings (array), a dict of strings (object),
:data:`~pymockapi.model.MISSING` when the parameter is absent, or :class:`Malformed` when the
text does not have the shape its style promises. The table in the OpenAPI specification
("Style Examples") is the reference; the tests walk it row by row.

Two families: ``form``, ``spaceDelimited``, ``pipeDelimited`` and ``deepObject`` read from a
multi-dict (query string, cookies, form bodies); ``simple``, ``label`` and ``matrix`` read one
string (a path segment or a header value).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NamedTuple

from pymockapi.model import MISSING

Kind = Literal["primitive", "array", "object"]
MultiDict = Mapping[str, Sequence[str]]
Reader = Callable[[Any], Any]

_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|", "simple": ","}


class Malformed(NamedTuple):
    reason: str


def _pairs(items: list[str], what: str) -> dict[str, str] | Malformed:
    if len(items) % 2:
        return Malformed(f"expected {what} name,value pairs (got an odd number of items)")
    return dict(zip(items[::2], items[1::2], strict=True))


def _assignments(items: list[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in items:
        key, _, value = item.partition("=")
        result[key] = value
    return result


def _split(text: str, delimiter: str, kind: Kind, explode: bool) -> Any:
    """The shared tail of every style: one string into primitive, array or object."""
    if kind == "primitive":
        return text
    items = text.split(delimiter) if text else []
    if kind == "array":
        return items
    return _assignments(items) if explode else _pairs(items, "object")


def form_reader(
    name: str,
    kind: Kind,
    style: str,
    explode: bool,
    claimed: frozenset[str],
    properties: frozenset[str],
) -> Reader:
    """Read ``name`` from a multi-dict; ``claimed`` are names other parameters own."""
    if style == "deepObject":
        prefix = f"{name}["

        def deep(values: MultiDict) -> Any:
            found = {
                key[len(prefix) : -1]: items[0]
                for key, items in values.items()
                if key.startswith(prefix) and key.endswith("]") and items
            }
            return found or MISSING

        return deep
    if kind == "object" and explode:

        def exploded_object(values: MultiDict) -> Any:
            found = {
                key: items[0]
                for key, items in values.items()
                if items and (key in properties if properties else key not in claimed)
            }
            return found or MISSING

        return exploded_object
    if kind == "array" and explode:
        return lambda values: list(values[name]) if values.get(name) else MISSING
    delimiter = _DELIMITERS.get(style, ",")

    def single(values: MultiDict) -> Any:
        items = values.get(name)
        if not items:
            return MISSING
        return _split(items[0], delimiter, kind, explode=False)

    return single


def simple_reader(kind: Kind, explode: bool) -> Reader:
    return lambda text: _split(text, ",", kind, explode)


def label_reader(kind: Kind, explode: bool) -> Reader:
    def read(text: str) -> Any:
        if not text.startswith("."):
            return Malformed("label style values start with '.'")
        body = text[1:]
        if kind == "primitive":
            return body
        # RFC 6570 (and OpenAPI 3.0.4+) join unexploded values with ','; the 3.0.3 table
        # shows '.', so '.' is the delimiter when no ',' is present.
        delimiter = "." if explode or "," not in body else ","
        return _split(body, delimiter, kind, explode)

    return read


def matrix_reader(name: str, kind: Kind, explode: bool) -> Reader:
    def read(text: str) -> Any:
        if not text.startswith(";"):
            return Malformed("matrix style values start with ';'")
        segments = [segment.partition("=") for segment in text[1:].split(";")]
        if kind == "object" and explode:
            return {key: value for key, _, value in segments}
        mine = [value for key, _, value in segments if key == name]
        if not mine:
            return Malformed(f"expected ';{name}=...'")
        if kind == "array" and explode:
            return mine
        return _split(mine[0], ",", kind, explode=False)

    return read
