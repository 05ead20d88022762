"""Check a request body: is it there, is its Content-Type accepted, does it parse and fit.

The media type entries of the operation are matched exactly first, then by the spec's
wildcards (``application/*``, then ``*/*``); Content-Type parameters such as ``charset`` do
not take part in matching. The parser follows the request's own media type, so a JSON body
sent to a ``*/*`` entry is still parsed as JSON.
"""

from __future__ import annotations

from typing import Any

from pymockapi.exchange import HttpRequest
from pymockapi.model import MISSING, MediaType, RequestBody
from pymockapi.validation._findings import MALFORMED, UNSUPPORTED_MEDIA_TYPE, Findings
from pymockapi.validation._multipart import header_params
from pymockapi.validation._parsers import Parser, parser_for
from pymockapi.validation._styles import Malformed
from pymockapi.validation.schemas import SchemaValidator, compile_schema_validator

_PARSERS_KEPT = 64
"""Parsers built for media types that matched a wildcard entry, per operation."""


class _Entry:
    def __init__(self, media: MediaType) -> None:
        self.media = media
        self.validator: SchemaValidator | None = (
            compile_schema_validator(media.schema) if media.schema else None
        )
        self._parsers: dict[str, tuple[Parser, bool]] = {}

    def parser(self, media_type: str) -> tuple[Parser, bool]:
        found = self._parsers.get(media_type)
        if found is None:
            found = parser_for(media_type, self.media)
            if len(self._parsers) < _PARSERS_KEPT:
                self._parsers[media_type] = found
        return found


class CompiledBody:
    """The request body rules of one operation."""

    def __init__(self, request_body: RequestBody | None) -> None:
        self.declared = request_body is not None
        self.required = bool(request_body and request_body.required)
        self._entries: dict[str, _Entry] = {}
        for media in request_body.content if request_body else ():
            key = media.media_type.split(";")[0].strip().lower()
            self._entries.setdefault(key, _Entry(media))
        for entry in self._entries.values():
            entry.parser(entry.media.media_type.split(";")[0].strip().lower())
        self._accepted = (
            ", ".join(media.media_type for media in request_body.content) if request_body else ""
        )

    def _match(self, media_type: str) -> _Entry | None:
        entries = self._entries
        return (
            entries.get(media_type)
            or entries.get(media_type.partition("/")[0] + "/*")
            or entries.get("*/*")
        )

    def check(self, request: HttpRequest, findings: Findings) -> tuple[Any, str | None]:
        """The parsed body and the matched media type; problems go to ``findings``."""
        if not self.declared:
            return MISSING, None
        if not request.body:
            if self.required:
                findings.add("body", "request body is required")
            return MISSING, None
        header = request.content_type
        media_type, params = header_params(header) if header else ("application/octet-stream", {})
        entry = self._match(media_type)
        if entry is None:
            got = (
                f"Content-Type {header!r} is not accepted" if header else "Content-Type is missing"
            )
            findings.add(
                "header.Content-Type",
                f"{got}; expected one of: {self._accepted}",
                UNSUPPORTED_MEDIA_TYPE,
            )
            return MISSING, None
        parse, checkable = entry.parser(media_type)
        value = parse(request.body, params)
        if isinstance(value, Malformed):
            findings.add("body", value.reason, MALFORMED)
            return MISSING, media_type
        if checkable and entry.validator is not None:
            findings.extend(entry.validator.violations(value, "body"))
        return value, media_type
