"""Turn a rule's chosen :class:`ResponseSpec` into a response, through the spec's own
negotiation and serialization (``context.decide`` / ``generate`` / ``render``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from pymockapi.engine import RequestContext
from pymockapi.exchange import HttpResponse
from pymockapi.model import MISSING
from pymockapi.negotiation import NegotiationError
from pymockapi.scenarios.contract import body_violations
from pymockapi.scenarios.merge import deep_merge
from pymockapi.scenarios.model import ResponseSpec
from pymockapi.templating import Template, TemplateError

Variables = Callable[[], dict[str, Any]]


class OffContract(Exception):
    """A rendered body breaks the contract (and off-contract answers are not allowed)."""

    def __init__(self, spec: ResponseSpec, message: str) -> None:
        super().__init__(f"{spec.origin}: {message}")


def resolve(value: Any, variables: Variables) -> Any:
    """``value`` with every template rendered (raises :class:`TemplateError`)."""
    if isinstance(value, Template):
        return value.render(variables())
    if isinstance(value, dict):
        return {key: resolve(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, variables) for item in value]
    return value


def _raw(status: int, value: Any) -> HttpResponse:
    """An answer outside the spec (only with ``allow_off_contract``)."""
    response = HttpResponse(status)
    if value is None:
        return response
    if isinstance(value, bytes | str):
        response.body = value.encode("utf-8") if isinstance(value, str) else value
        response.set_header("Content-Type", "text/plain; charset=utf-8")
    else:
        response.body = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
        response.set_header("Content-Type", "application/json")
    return response


def answer(
    spec: ResponseSpec, context: RequestContext, variables: Variables, *, allow_off_contract: bool
) -> HttpResponse:
    """The response ``spec`` describes; raises TemplateError or OffContract for this request."""
    try:
        if spec.kind == "example":
            decision = context.decide(spec.status, example=spec.example)
        elif spec.kind == "generate":
            decision = context.decide(spec.status, dynamic=True)
        else:
            decision = context.decide(spec.status)
    except NegotiationError:
        if spec.kind in ("literal", "file") and allow_off_contract:
            return _with_headers(
                _raw(spec.status or 200, resolve(spec.body, variables)), spec, variables
            )
        raise
    value: Any = MISSING
    if spec.kind in ("literal", "file"):
        value = resolve(spec.body, variables)
    elif spec.kind == "generate":
        value = deep_merge(context.generate(decision), resolve(spec.overrides, variables))
    if value is not MISSING and spec.templated and not allow_off_contract:
        problems = body_violations(decision.response, value)
        if problems:
            raise OffContract(
                spec, "the rendered body breaks the contract: " + "; ".join(problems[:3])
            )
    if value is not MISSING and decision.content_type is None:
        if value is not None and allow_off_contract:
            return _with_headers(_raw(decision.status, value), spec, variables)
        value = MISSING
    response = context.render(decision, value=value)
    return _with_headers(response, spec, variables)


def _with_headers(response: HttpResponse, spec: ResponseSpec, variables: Variables) -> HttpResponse:
    for name, value in spec.headers.items():
        rendered = resolve(value, variables)
        text = "" if rendered is None else str(rendered)
        # no header injection, and only what HTTP/1.1 can carry
        text = text.replace("\r", " ").replace("\n", " ")
        response.set_header(name, text.encode("latin-1", "replace").decode("latin-1"))
    return response


__all__ = ["OffContract", "TemplateError", "answer", "resolve"]
