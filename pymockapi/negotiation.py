"""Which documented response to send: a decision (status, media type, example), never a body.

As in Stoplight Prism, the negotiator only decides; :mod:`pymockapi.responses` builds the
body. Status selection without ``Prefer: code`` is the lowest documented 2xx (exact codes,
then ``2XX`` served as 200, then ``default`` served as 200), else the lowest documented code.

A control that asks for something the document does not describe raises
:class:`NegotiationError` with status 404, as Prism does (``NOT_FOUND``: "Requested status
code 418 is not defined in the document"); an unsatisfiable ``Accept`` raises it with 406.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pymockapi import _accept
from pymockapi.controls import Controls
from pymockapi.errors import ErrorKind, PyMockApiError
from pymockapi.model import MISSING, MediaType, Operation, Response, Schema

_UNDOCUMENTED = Response(status="200", description="(no response documented)")


class NegotiationError(PyMockApiError):
    """The request asks for a response the document does not describe; ``status`` to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(ErrorKind.BAD_CONTROL, message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Decision:
    status: int
    response: Response
    media: MediaType | None
    """``None``: no body."""
    content_type: str | None
    """The concrete type to send (wildcards in the document resolved)."""
    example: Any = MISSING
    example_name: str | None = None
    dynamic: bool = False
    """Generate the body from ``media.schema``."""


def negotiate(
    operation: Operation, *, accept: str | None, controls: Controls, dynamic_default: bool
) -> Decision:
    """The response for a valid request, following the client's controls."""
    if controls.code is not None:
        response = _documented(operation.responses, [controls.code])
        if response is None:
            raise NegotiationError(
                404, f"Requested status code {controls.code} is not defined in the document."
            )
        status = controls.code
    else:
        status, response = _default_response(operation)
    dynamic = dynamic_default if controls.dynamic is None else controls.dynamic
    return _decide(status, response, accept, controls.example, dynamic, strict=True)


def negotiate_error(
    operation: Operation, statuses: Sequence[int], *, accept: str | None
) -> Decision | None:
    """The document's own response for a failure (e.g. ``[422, 400]``), ``None`` if none.

    An ``Accept`` this response cannot satisfy is ignored: the failure is reported anyway.
    """
    response = _documented(operation.responses, statuses)
    if response is None or not statuses:
        return None
    status = _served_status(response, statuses)
    return _decide(status, response, accept, None, dynamic=False, strict=False)


def _documented(responses: Sequence[Response], statuses: Sequence[int]) -> Response | None:
    by_status = {r.status.upper(): r for r in responses}
    for code in statuses:
        if str(code) in by_status:
            return by_status[str(code)]
    for code in statuses:
        if f"{str(code)[0]}XX" in by_status:
            return by_status[f"{str(code)[0]}XX"]
    return by_status.get("DEFAULT")


def _served_status(response: Response, statuses: Sequence[int]) -> int:
    return next(code for code in statuses if response.covers(code))


def _default_response(operation: Operation) -> tuple[int, Response]:
    # rank: exact 2xx, then 2XX, then default (both served as 200), then other codes, lowest first
    candidates: list[tuple[tuple[int, int], int, Response]] = []
    for response in operation.responses:
        status = response.status.upper()
        if status == "DEFAULT":
            candidates.append(((2, 200), 200, response))
        elif status.isdigit():
            code = int(status)
            candidates.append(((0 if code // 100 == 2 else 3, code), code, response))
        elif status.endswith("XX") and status[:1].isdigit():
            code = int(status[0]) * 100
            candidates.append(((1 if code == 200 else 4, code), code, response))
    if not candidates:
        # Nothing documented (OpenAPI 3.1 allows it): an empty 200 promises nothing false.
        return 200, _UNDOCUMENTED
    _, code, chosen = min(candidates, key=lambda c: c[0])
    return code, chosen


def _decide(
    status: int,
    response: Response,
    accept: str | None,
    example_name: str | None,
    dynamic: bool,
    *,
    strict: bool,
) -> Decision:
    if not response.content:
        return Decision(status, response, None, None)
    chosen = _accept.select(response.content, accept)
    if chosen is None and not strict:
        chosen = _accept.select(response.content, None)
    if chosen is None:
        offered = ", ".join(m.media_type for m in response.content)
        raise NegotiationError(
            406, f"Cannot answer Accept: {accept} for status {status}; available: {offered}."
        )
    media, content_type = chosen
    if example_name is not None:
        for example in media.examples:
            if example.name == example_name:
                return Decision(status, response, media, content_type, example.value, example.name)
        names = ", ".join(e.name for e in media.examples) or "none"
        raise NegotiationError(
            404,
            f"Response {status} ({media.media_type}) has no example named {example_name!r};"
            f" available: {names}.",
        )
    if dynamic and media.schema is not None:
        return Decision(status, response, media, content_type, dynamic=True)
    name, value = static_example(media)
    if value is MISSING and media.schema is not None:
        return Decision(status, response, media, content_type, dynamic=True)
    return Decision(status, response, media, content_type, value, name)


def static_example(media: MediaType) -> tuple[str | None, Any]:
    """The media type's example, else its first named one, else the schema's own."""
    if media.example is not MISSING:
        return None, media.example
    if media.examples:
        return media.examples[0].name, media.examples[0].value
    if media.schema is not None:
        return None, _schema_example(media.schema)
    return None, MISSING


def _schema_example(schema: Schema) -> Any:
    node: Any = schema.node
    for _ in range(32):  # follow a top-level $ref chain, never a cycle
        if not isinstance(node, Mapping) or "$ref" not in node:
            break
        if "example" in node or "default" in node:
            break
        node = schema.document.resolve(node["$ref"])
    if not isinstance(node, Mapping):
        return MISSING
    if "example" in node:
        return node["example"]
    examples = node.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    return node.get("default", MISSING)
