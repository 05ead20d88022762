"""What conditions and templates see of a request: the values as the spec parsed them."""

from __future__ import annotations

from typing import Any

import orjson

from pymockapi.engine import RequestContext
from pymockapi.model import MISSING
from pymockapi.scenarios.conditions import Facts
from pymockapi.state import StateStore
from pymockapi.templating import RequestView
from pymockapi.templating.context import Headers


def _query(context: RequestContext) -> dict[str, Any]:
    query: dict[str, Any] = {}
    for name, value in context.request.query:
        if name in query:
            previous = query[name]
            query[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            query[name] = value
    if context.validated is not None:
        query.update(context.validated.query)
    return query


def _body(context: RequestContext) -> tuple[Any, bool]:
    validated = context.validated
    if validated is not None and validated.body is not MISSING:
        return validated.body, True
    raw = context.request.body
    if not raw:
        return None, False
    try:
        return orjson.loads(raw), True
    except orjson.JSONDecodeError:
        return raw.decode("utf-8", errors="replace"), True


def build_facts(context: RequestContext, store: StateStore) -> Facts:
    path: dict[str, Any] = dict(context.path_params)
    headers: dict[str, Any] = {}
    for name, value in context.request.headers:
        headers.setdefault(name.lower(), value)
    cookies: dict[str, Any] = dict(context.request.cookies)
    if context.validated is not None:
        path.update(context.validated.path)
        headers.update({name.lower(): value for name, value in context.validated.headers.items()})
        cookies.update(context.validated.cookies)
    body, has_body = _body(context)
    session = context.session
    return Facts(
        path=path,
        query=_query(context),
        headers=headers,
        cookies=cookies,
        body=body,
        has_body=has_body,
        state=lambda machine: store.get_machine(session, machine),
    )


def request_view(context: RequestContext, facts: Facts) -> RequestView:
    request = context.request
    return RequestView(
        method=request.method,
        path=request.path,
        path_params=facts.path,
        query=facts.query,
        headers=Headers(list(facts.headers.items())),
        cookies=facts.cookies,
        body=facts.body,
        text=request.body[: 1 << 20].decode("utf-8", errors="replace"),
    )
