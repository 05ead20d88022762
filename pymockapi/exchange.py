"""Transport-neutral request and response records, so the core never imports Starlette."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl


@dataclass(slots=True)
class HttpRequest:
    method: str
    """Upper-case."""
    path: str
    """The path as sent (still percent-encoded), without the query string."""
    query_string: str = ""
    """Raw (still percent-encoded) query string, without ``?``."""
    headers: list[tuple[str, str]] = field(default_factory=list)
    """Header names lower-cased, in arrival order; repeated headers stay repeated."""
    body: bytes = b""
    client: str = ""

    def header(self, name: str, default: str | None = None) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return default

    def header_values(self, name: str) -> list[str]:
        name = name.lower()
        return [value for key, value in self.headers if key == name]

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query_string, keep_blank_values=True)

    @property
    def cookies(self) -> dict[str, str]:
        jar: dict[str, str] = {}
        for raw in self.header_values("cookie"):
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(raw)
            except Exception:  # a malformed Cookie header is the client's problem, not ours
                continue
            for key, morsel in cookie.items():
                jar[key] = morsel.value
        return jar

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")


@dataclass(slots=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def set_header(self, name: str, value: str) -> None:
        lowered = name.lower()
        self.headers = [(k, v) for k, v in self.headers if k.lower() != lowered]
        self.headers.append((name, value))

    def add_headers(self, pairs: Iterable[tuple[str, str]]) -> None:
        for name, value in pairs:
            self.headers.append((name, value))

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None
