"""``replay-test``: re-send recorded requests to a server and compare its answers.

Each recorded request goes to the server under test (a new backend version, or the mock)
with its recorded method, path, query, headers and body; the answer is compared with
the recorded one (status, chosen headers, JSON bodies by value minus ignored paths).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

from pymockapi.exchange import HttpResponse
from pymockapi.har import REDACTED, RecordedExchange
from pymockapi.proxy.forward import forwardable
from pymockapi.replay._jsonpath import parse
from pymockapi.replay.diff import response_differences

_NOT_RESENT = frozenset({"host", "content-length", "accept-encoding"})


@dataclass(slots=True)
class ExchangeResult:
    exchange: RecordedExchange
    status: int | None = None
    differences: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def same(self) -> bool:
        return self.error is None and not self.differences

    @property
    def title(self) -> str:
        query = f"?{self.exchange.query_string}" if self.exchange.query_string else ""
        return f"{self.exchange.method} {self.exchange.path}{query}"


def _headers(exchange: RecordedExchange) -> list[tuple[str, str]]:
    return [
        (k, v)
        for k, v in forwardable(exchange.request_headers, response=False)
        if k.lower() not in _NOT_RESENT and v != REDACTED
    ]


def _resent_query(query: str) -> str:
    """The recorded query, less the parameters the recording hides (their value is gone;
    the target answers as it would without them, or is given them another way)."""
    kept = [part for part in query.split("&") if part and part.partition("=")[2] != REDACTED]
    return "?" + "&".join(kept) if kept else ""


def replay_test(
    exchanges: Sequence[RecordedExchange],
    against: str,
    *,
    ignore: Sequence[str] = (),
    headers: Sequence[str] = ("content-type",),
    timeout: float = 10.0,
) -> list[ExchangeResult]:
    """Send every recorded request to ``against`` in order; raises PathError for a bad path."""
    patterns = [parse(path) for path in ignore]
    base = against.rstrip("/")
    results = []
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for exchange in exchanges:
            result = ExchangeResult(exchange)
            query = _resent_query(exchange.query_string)
            try:
                answer = client.request(
                    exchange.method,
                    f"{base}{exchange.path}{query}",
                    headers=_headers(exchange),
                    content=exchange.request_body or None,
                )
            except httpx.HTTPError as error:
                result.error = f"no answer from {base}: {error!r}"
                results.append(result)
                continue
            result.status = answer.status_code
            actual = HttpResponse(
                answer.status_code, list(answer.headers.multi_items()), answer.content
            )
            result.differences = response_differences(
                exchange.response(), actual, ignore=patterns, headers=headers
            )
            results.append(result)
    return results


def render(results: Sequence[ExchangeResult]) -> str:
    """A readable report: one line per exchange, the differences under each one that changed."""
    lines = []
    for number, result in enumerate(results, 1):
        if result.same:
            lines.append(f"ok    {number:>3}  {result.title}  {result.status}")
            continue
        got = result.status if result.status is not None else "-"
        lines.append(
            f"DIFF  {number:>3}  {result.title}  (recorded {result.exchange.status}, got {got})"
        )
        lines.extend(
            f"        {line}" for line in ([result.error] if result.error else result.differences)
        )
    same = sum(result.same for result in results)
    lines.append(f"{len(results)} exchange(s): {same} same, {len(results) - same} different")
    return "\n".join(lines)
