"""``recording-to-scenarios``: turn recorded answers into scenario rules a person can edit.

Each distinct request of the recording becomes a rule on its operation: conditions on the
path parameters, query parameters and top-level JSON body fields it was sent with, and
the recorded answer (several answers to the same request become a ``sequence`` whose
last answer repeats). Rules with more conditions get a higher priority, so the most
specific one wins.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import yaml

from pymockapi._accept import is_json
from pymockapi.har import REDACTED, RecordedExchange
from pymockapi.model import Operation, Spec
from pymockapi.routing import Match, Router

# Headers describing the transfer, the connection or the moment, not the answer.
_TRANSIENT = frozenset(
    {
        "connection",
        "content-encoding",
        "content-length",
        "content-type",
        "date",
        "etag",
        "keep-alive",
        "last-modified",
        "server",
        "set-cookie",
        "transfer-encoding",
        "vary",
        "x-pymockapi-source",
        "x-pymockapi-violations",
    }
)


def _body(exchange: RecordedExchange) -> Any:
    if not exchange.response_body:
        return None
    if is_json(exchange.header("content-type") or "application/json"):
        try:
            return json.loads(exchange.response_body)
        except ValueError:
            pass
    return exchange.response_body.decode("utf-8", errors="replace")


def _respond(exchange: RecordedExchange) -> dict[str, Any]:
    answer: dict[str, Any] = {"status": exchange.status}
    headers = {
        k: v for k, v in exchange.response_headers if k.lower() not in _TRANSIENT and v != REDACTED
    }
    kind = exchange.header("content-type")
    if kind and not is_json(kind):
        headers["Content-Type"] = kind
    if headers:
        answer["headers"] = headers
    body = _body(exchange)
    if body is not None:
        answer["body"] = body
    return answer


def _conditions(exchange: RecordedExchange, path_params: dict[str, str]) -> dict[str, Any]:
    when: dict[str, Any] = {}
    if path_params:
        when["path"] = {name: {"equals": value} for name, value in sorted(path_params.items())}
    query: dict[str, Any] = {}
    for name, value in exchange.request().query:
        if value != REDACTED:  # the recording hid it: any value the client sends will do
            query.setdefault(name, {"equals": value})
    if query:
        when["query"] = query
    if exchange.request_body:
        try:
            sent = json.loads(exchange.request_body)
        except ValueError:
            sent = None
        if isinstance(sent, dict):
            fields = {
                f"$.{name}": {"equals": value}
                for name, value in sent.items()
                if isinstance(value, str | int | float | bool) and name.isidentifier()
            }
            if fields:
                when["body"] = fields
    return when


def _target(operation: Operation) -> dict[str, Any]:
    if operation.operation_id:
        return {"operation": operation.operation_id}
    return {"method": operation.method, "path": operation.path}


def _weight(when: dict[str, Any]) -> int:
    return sum(len(part) for part in when.values())


def recording_to_scenarios(
    exchanges: Sequence[RecordedExchange], spec: Spec, *, scenario: str = "default"
) -> tuple[dict[str, Any], list[str]]:
    """(the scenario document, one line per exchange left out and why)."""
    router = Router(spec.operations, spec.servers)
    rules: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    for exchange in exchanges:
        found = router.match(exchange.method, exchange.path)
        if found.match is not Match.FULL or found.operation is None:
            skipped.append(f"{exchange.method} {exchange.path}: no operation of the spec")
            continue
        when = _conditions(exchange, found.path_params)
        key = json.dumps([found.operation.key, when], sort_keys=True, default=str)
        rule = rules.get(key)
        if rule is None:
            rule = rules[key] = {**_target(found.operation), "answers": []}
            if when:
                rule["priority"] = _weight(when)
                rule["when"] = when
        rule["answers"].append(_respond(exchange))
    return {"scenarios": {scenario: {"rules": [_finish(r) for r in rules.values()]}}}, skipped


def _finish(rule: dict[str, Any]) -> dict[str, Any]:
    answers = rule.pop("answers")
    distinct = {json.dumps(a, sort_keys=True) for a in answers}
    if len(distinct) == 1:
        rule["respond"] = answers[0]
    else:
        rule["sequence"] = answers
        rule["after"] = "repeat-last"
    return rule


def to_yaml(document: dict[str, Any], source: str) -> str:
    header = f"# Scenarios recorded from {source} by pymockapi recording-to-scenarios.\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
