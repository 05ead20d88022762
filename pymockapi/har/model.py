"""One recorded HTTP exchange, the unit every recording, replay and HAR file is made of."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse

REDACTED = "REDACTED"
DEFAULT_REDACT: tuple[str, ...] = (
    "authorization", "cookie", "set-cookie", "proxy-authorization",
    "access_token", "api_key", "apikey", "api-key", "client_secret", "password", "secret",
    "token", "signature", "sig", "x-amz-signature", "x-amz-security-token",
)  # fmt: skip
"""Headers and query parameters whose values never reach a recording or an export unless
asked: a recording is often committed next to the tests that replay it."""

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


def redact_query(query: str, names: Iterable[str] = DEFAULT_REDACT) -> str:
    """``query`` with the values of the named parameters replaced by ``REDACTED``.

    Names compare case-insensitively once decoded; every other parameter is kept exactly as
    it was written (order, encoding, blank values).
    """
    hidden = {name.lower() for name in names}
    if not query or not hidden:
        return query
    kept = []
    for part in query.split("&"):
        name = part.partition("=")[0]
        kept.append(f"{name}={REDACTED}" if unquote_plus(name).lower() in hidden else part)
    return "&".join(kept)


def redact_url(url: str, names: Iterable[str] = DEFAULT_REDACT) -> str:
    """``url`` (absolute or just a target) with the named query parameters redacted."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    return urlunsplit(parts._replace(query=redact_query(parts.query, names)))


def redaction(extra: Iterable[str] = (), *, defaults: bool = True) -> tuple[str, ...]:
    """The header and query parameter names to redact: the defaults (unless turned off)
    plus ``extra``."""
    names = list(DEFAULT_REDACT) if defaults else []
    for name in (name.strip().lower() for name in extra):
        if name and name not in names:
            names.append(name)
    return tuple(names)
