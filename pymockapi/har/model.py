"""One recorded HTTP exchange, the unit every recording, replay and HAR file is made of."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse

REDACTED = "REDACTED"
DEFAULT_REDACT: tuple[str, ...] = ("authorization", "cookie", "set-cookie", "proxy-authorization")
"""Headers whose values never reach a recording or an export unless asked."""

Headers = list[tuple[str, str]]


@dataclass(slots=True)
class RecordedExchange:
    """A request and the response it got, with what the contract said about them."""

    method: str
    url: str
    """Absolute URL (``http://host/path?query``) or, for a served request, just the target."""
    request_headers: Headers = field(default_factory=list)
    request_body: bytes = b""
    status: int = 200
    response_headers: Headers = field(default_factory=list)
    response_body: bytes = b""
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    duration_ms: float = 0.0
    operation: str | None = None
    violations: list[Violation] = field(default_factory=list)

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"

    @property
    def query_string(self) -> str:
        return urlsplit(self.url).query

    def request(self) -> HttpRequest:
        return HttpRequest(
            method=self.method.upper(),
            path=self.path,
            query_string=self.query_string,
            headers=[(k.lower(), v) for k, v in self.request_headers],
            body=self.request_body,
        )

    def response(self) -> HttpResponse:
        return HttpResponse(self.status, list(self.response_headers), self.response_body)

    def header(self, name: str) -> str | None:
        """A response header's value (case-insensitive)."""
        return _first(self.response_headers, name)

    def request_header(self, name: str) -> str | None:
        return _first(self.request_headers, name)


def _first(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    lowered = name.lower()
    return next((v for k, v in headers if k.lower() == lowered), None)


def redact(headers: Iterable[tuple[str, str]], names: Iterable[str] = DEFAULT_REDACT) -> Headers:
    """``headers`` with the values of the named ones replaced by ``REDACTED``."""
    hidden = {name.lower() for name in names}
    return [(k, REDACTED if k.lower() in hidden else v) for k, v in headers]


def redaction(extra: Iterable[str] = (), *, defaults: bool = True) -> tuple[str, ...]:
    """The header names to redact: the defaults (unless turned off) plus ``extra``."""
    names = list(DEFAULT_REDACT) if defaults else []
    names.extend(name.lower() for name in extra if name.lower() not in names)
    return tuple(names)
