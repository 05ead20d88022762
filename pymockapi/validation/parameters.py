"""Read, type and check one operation's parameters (path, query, header, cookie).

Everything about a parameter is decided in :func:`compile_parameter`: which reader its style
needs, how to type its text, which schema checks it. Per request, :class:`RequestInputs`
parses the query string and cookies once, and each compiled parameter reads from it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from pymockapi.exchange import HttpRequest
from pymockapi.model import MISSING, Parameter, ParameterLocation
from pymockapi.validation._coerce import coercer, shape_of
from pymockapi.validation._findings import MALFORMED, Findings
from pymockapi.validation._json import is_json, parse_json
from pymockapi.validation._styles import (
    Malformed,
    Reader,
    form_reader,
    label_reader,
    matrix_reader,
    simple_reader,
)
from pymockapi.validation.schemas import compile_schema_validator

_HEADER_LIST = re.compile(r"\s*,\s*")
_IGNORED = frozenset({"accept", "content-type", "authorization"})
"""Header parameters OpenAPI says to ignore: content negotiation and security cover them."""


def multi_dict(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value)
    return values


def parse_cookies(headers: list[str]) -> dict[str, list[str]]:
    """``a=1; b=2`` -> ``{'a': ['1'], 'b': ['2']}`` (repeated names keep every value)."""
    pairs = []
    for header in headers:
        for item in header.split(";"):
            key, sep, value = item.strip().partition("=")
            if sep and key:
                pairs.append((key, value.strip().strip('"')))
    return multi_dict(pairs)


class RequestInputs:
    """The parts of a request parameters are read from, each parsed at most once."""

    __slots__ = ("_cookies", "_query", "path", "request")

    def __init__(self, request: HttpRequest, path_params: Mapping[str, str]) -> None:
        self.request = request
        self.path = path_params
        self._query: dict[str, list[str]] | Malformed | None = None
        self._cookies: dict[str, list[str]] | None = None

    @property
    def query(self) -> dict[str, list[str]] | Malformed:
        if self._query is None:
            try:
                pairs = parse_qsl(
                    self.request.query_string, keep_blank_values=True, errors="strict"
                )
            except UnicodeDecodeError:
                self._query = Malformed("the query string is not valid percent-encoded UTF-8")
            else:
                self._query = multi_dict(pairs)
        return self._query

    @property
    def cookies(self) -> dict[str, list[str]]:
        if self._cookies is None:
            self._cookies = parse_cookies(self.request.header_values("cookie"))
        return self._cookies


class CompiledParameter:
    """One parameter: where it is read, how it is typed, which schema checks it."""

    def __init__(self, parameter: Parameter, claimed: frozenset[str]) -> None:
        self.name = parameter.name
        self.location = parameter.location
        self.where = f"{parameter.location.value}.{parameter.name}"
        self.required = parameter.required
        self.allow_empty = parameter.allow_empty_value
        self.content_json = parameter.content_type is not None and is_json(
            parameter.content_type.split(";")[0].strip().lower()
        )
        shape = shape_of(parameter.schema)
        kind = "primitive" if parameter.content_type else shape.kind
        self.is_list = kind != "primitive"
        self.coerce = coercer(shape) if not parameter.content_type else None
        self.validator = compile_schema_validator(parameter.schema) if parameter.schema else None
        node = parameter.schema.node if parameter.schema else None
        self.default = node.get("default", MISSING) if isinstance(node, Mapping) else MISSING
        properties = frozenset(shape.properties)
        style, explode = parameter.style, parameter.explode
        self.read: Reader
        if self.location in (ParameterLocation.QUERY, ParameterLocation.COOKIE):
            self.read = form_reader(self.name, kind, style, explode, claimed, properties)
        elif style == "label":
            self.read = label_reader(kind, explode)
        elif style == "matrix":
            self.read = matrix_reader(self.name, kind, explode)
        else:
            self.read = simple_reader(kind, explode)

    def _raw(self, inputs: RequestInputs) -> Any:
        if self.location is ParameterLocation.QUERY:
            query = inputs.query
            return query if isinstance(query, Malformed) else self.read(query)
        if self.location is ParameterLocation.COOKIE:
            return self.read(inputs.cookies)
        if self.location is ParameterLocation.HEADER:
            values = inputs.request.header_values(self.name)
            if not values:
                return MISSING
            text = ", ".join(value.strip() for value in values)
            return self.read(_HEADER_LIST.sub(",", text) if self.is_list else text)
        segment = inputs.path.get(self.name)
        return MISSING if segment is None else self.read(segment)

    def check(self, inputs: RequestInputs, findings: Findings) -> Any:
        """The typed value (or MISSING); what is wrong with it goes to ``findings``."""
        raw = self._raw(inputs)
        if raw is MISSING:
            if self.required:
                findings.add(self.where, "required parameter is missing")
            return self.default
        if isinstance(raw, Malformed):
            if raw is inputs.query:
                return MISSING  # reported once for the whole query string
            findings.add(self.where, raw.reason, MALFORMED)
            return MISSING
        if raw == "" and self.location is ParameterLocation.QUERY and not self.allow_empty:
            findings.add(self.where, "must not be empty (allowEmptyValue is not set)")
            return raw
        if self.coerce is not None:
            value = self.coerce(raw)
        elif self.content_json:
            value = parse_json(raw)
            if isinstance(value, Malformed):
                findings.add(self.where, value.reason, MALFORMED)
                return MISSING
        else:
            value = raw
        if self.validator is not None:
            findings.extend(self.validator.violations(value, self.where))
        return value


def compile_parameters(parameters: tuple[Parameter, ...]) -> list[CompiledParameter]:
    """Compile each parameter; ``claimed`` names keep exploded objects from taking them."""
    compiled = []
    for parameter in parameters:
        if parameter.location is ParameterLocation.HEADER and parameter.name.lower() in _IGNORED:
            continue
        claimed = frozenset(
            p.name for p in parameters if p.location is parameter.location and p is not parameter
        )
        compiled.append(CompiledParameter(parameter, claimed))
    return compiled
