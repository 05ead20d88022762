"""From a negotiation :class:`~pymockapi.negotiation.Decision` to an ``HttpResponse``.

``compile_response_builder(operation)`` runs once per operation, on its first request;
generators are compiled on first use and cached, so a large document starts fast. ``build``
is deterministic: the same decision, seed and path parameters give byte-identical responses.

The ``Deprecation`` header of deprecated operations is left to the engine, which also
answers problem responses that never pass through here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import orjson

from pymockapi._accept import is_json
from pymockapi._message import align_problem, inject_message
from pymockapi.exchange import HttpResponse
from pymockapi.generation import Generator, compile_generator
from pymockapi.model import MISSING, Header, Operation, Schema
from pymockapi.negotiation import Decision
from pymockapi.seeds import derive_seed
from pymockapi.serializers import Serializer, binary_body, is_binary, serializer_for
from pymockapi.validation.schemas import compile_schema_validator

NO_BODY_STATUSES = frozenset({204, 205, 304})
MEMO_SIZE = 256
"""Built responses kept per operation (a few MB at most for typical bodies)."""


def response_seed(
    global_seed: object,
    operation: Operation,
    status: int,
    content_type: str | None,
    path_params: Mapping[str, str],
    override: str | None = None,
) -> bytes:
    """The seed of one response; ``override`` (``Prefer: seed=``) replaces the global seed."""
    params = [f"{name}={path_params[name]}" for name in sorted(path_params)]
    base = global_seed if override is None else override
    return derive_seed(base, operation.key, status, content_type or "", *params)


class ResponseBuilder:
    """Builds the responses of one operation; caches generators and serializers."""

    def __init__(self, operation: Operation, locale: str = "en_US") -> None:
        self.operation = operation
        self.locale = locale
        self._generators: dict[int, Generator] = {}
        self._examples: dict[tuple[int, str | None], Any] = {}
        self._memo: OrderedDict[tuple[Any, ...], HttpResponse] = OrderedDict()
        self._serializers: dict[str, Serializer] = {
            media.media_type: serializer_for(media.media_type)
            for response in operation.responses
            for media in response.content
            if "*" not in media.media_type
        }

    def build(
        self,
        decision: Decision,
        *,
        seed: bytes,
        path_params: Mapping[str, str],
        head: bool = False,
        message: str | None = None,
        value: Any = MISSING,
    ) -> HttpResponse:
        """The response for ``decision``; ``value``, when given, is the body to serialize.

        Responses are a pure function of the decision and the seed (which already covers
        the operation, status, media type and path parameters), so the common case, no
        body override and no message, is memoized in a bounded LRU: a client fetching the
        same resource again costs a dictionary lookup, not a generation.
        """
        if value is not MISSING or message is not None:
            return self._build(decision, seed, path_params, head, message, value)
        key = (
            decision.status,
            id(decision.response),
            id(decision.media),
            decision.content_type,
            decision.example_name,
            decision.example is MISSING,
            decision.dynamic,
            seed,
            head,
        )
        cached = self._memo.get(key)
        if cached is None:
            cached = self._build(decision, seed, path_params, head, None, MISSING)
            self._memo[key] = cached
            if len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        else:
            self._memo.move_to_end(key)
        return HttpResponse(cached.status, list(cached.headers), cached.body)

    def _build(
        self,
        decision: Decision,
        seed: bytes,
        path_params: Mapping[str, str],
        head: bool,
        message: str | None,
        value: Any,
    ) -> HttpResponse:
        response = HttpResponse(decision.status)
        if decision.status not in NO_BODY_STATUSES and decision.content_type is not None:
            body = self._body(decision, decision.content_type, seed, path_params, message, value)
            response.set_header("Content-Type", _with_charset(decision.content_type))
            if head:
                response.set_header("Content-Length", str(len(body)))
            else:
                response.body = body
        for header in decision.response.headers:
            if header.name.lower() in ("content-type", "content-length", "transfer-encoding"):
                continue  # described by the body, not by the document (OpenAPI 3 says so)
            value = self._header_value(header, decision.dynamic, seed, path_params)
            if value is not None:
                response.add_headers([(header.name, value)])
        return response

    def _body(
        self,
        decision: Decision,
        content_type: str,
        seed: bytes,
        path_params: Mapping[str, str],
        message: str | None,
        value: Any = MISSING,
    ) -> bytes:
        schema = decision.media.schema if decision.media is not None else None
        if value is MISSING and decision.example is not MISSING:
            value = self._conforming(decision, content_type, schema)
        if value is MISSING:
            wanted = decision.dynamic or decision.example is not MISSING
            if schema is None or not wanted:
                return b""
            if is_binary(content_type):
                raw = binary_body(schema, seed)
                if raw is not None:
                    return raw
            value = self._generator(schema).generate(seed, path_params)
            # Only generated bodies are aligned: an author's example says what it says.
            if message is not None or "problem+" in content_type:
                value = align_problem(value, schema, decision.status)
        if message is not None:
            value = inject_message(value, schema, message)
        serializer = self._serializers.get(content_type)
        if serializer is None:
            serializer = self._serializers[content_type] = serializer_for(content_type)
        return serializer(value, schema)

    def value(self, decision: Decision, *, seed: bytes, path_params: Mapping[str, str]) -> Any:
        """The body value ``build`` would serialize (example or generated), or MISSING."""
        if decision.media is None or decision.content_type is None:
            return MISSING
        schema = decision.media.schema
        value: Any = MISSING
        if decision.example is not MISSING:
            value = self._conforming(decision, decision.content_type, schema)
        if value is MISSING and schema is not None:
            value = self._generator(schema).generate(seed, path_params)
        return value

    def _conforming(self, decision: Decision, content_type: str, schema: Schema | None) -> Any:
        """The example if it conforms to its schema (or its JSON text does), else MISSING.

        A mock that serves an example contradicting its own schema lies about the contract;
        such an example is replaced by a generated body (``pymockapi check`` reports it).
        """
        example = decision.example
        if schema is None or not is_json(content_type):
            return example
        key = (id(decision.media), decision.example_name)
        if key not in self._examples:
            validator = compile_schema_validator(schema)
            chosen: Any = MISSING
            if validator.is_valid(example):
                chosen = example
            elif isinstance(example, str):
                try:
                    parsed = orjson.loads(example)
                except orjson.JSONDecodeError:
                    parsed = MISSING
                if parsed is not MISSING and validator.is_valid(parsed):
                    chosen = parsed
            self._examples[key] = chosen
        return self._examples[key]

    def _generator(self, schema: Schema) -> Generator:
        key = id(schema)
        generator = self._generators.get(key)
        if generator is None:
            generator = self._generators[key] = compile_generator(schema, locale=self.locale)
        return generator

    def _header_value(
        self, header: Header, dynamic: bool, seed: bytes, path_params: Mapping[str, str]
    ) -> str | None:
        example: Any = header.example
        if example is MISSING and header.examples:
            example = header.examples[0].value
        if header.schema is not None and (dynamic or example is MISSING):
            header_seed = derive_seed(seed, "header", header.name.lower())
            example = self._generator(header.schema).generate(header_seed, path_params)
        return None if example is MISSING else header_text(example)


def compile_response_builder(operation: Operation, locale: str = "en_US") -> ResponseBuilder:
    return ResponseBuilder(operation, locale)


def header_text(value: Any) -> str:
    """OpenAPI ``simple`` style: arrays comma-joined, objects as ``key,value`` pairs."""
    if isinstance(value, Mapping):
        parts = [part for key, item in value.items() for part in (str(key), _scalar(item))]
    elif isinstance(value, list):
        parts = [_scalar(item) for item in value]
    else:
        parts = [_scalar(value)]
    text = ",".join(parts)
    # header values travel as latin-1 without line breaks: escape anything else
    return "".join(c if " " <= c <= "~" or c == "\t" else quote(c) for c in text)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _with_charset(content_type: str) -> str:
    if content_type.lower().startswith("text/") and "charset" not in content_type.lower():
        return f"{content_type}; charset=utf-8"
    return content_type
