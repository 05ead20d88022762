"""Send one request to the upstream (the one volatile dependency here: httpx).

Hop-by-hop headers are dropped both ways, the upstream's ``Host`` is used, redirects are
handed back to the client (never followed), bodies arrive decoded, and every wait is
bounded by the timeouts given.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from pymockapi.exchange import HttpRequest

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)
# Recomputed on the way: the body is re-framed, and arrives decoded.
_RESPONSE_DROPPED = HOP_BY_HOP | {"content-length", "content-encoding"}
_REQUEST_DROPPED = HOP_BY_HOP | {"host", "content-length"}


class UpstreamError(Exception):
    """The upstream could not be reached or did not answer in time."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        """``unreachable`` or ``timeout``."""


@dataclass(frozen=True, slots=True)
class Timeouts:
    connect: float = 5.0
    read: float = 30.0
    """Also bounds the wait for each chunk of the body."""


def _connection_tokens(headers: Sequence[tuple[str, str]]) -> set[str]:
    """Headers named in ``Connection`` are hop-by-hop for this message too."""
    return {
        token.strip().lower()
        for name, value in headers
        if name.lower() == "connection"
        for token in value.split(",")
    }


def forwardable(headers: Sequence[tuple[str, str]], *, response: bool) -> list[tuple[str, str]]:
    dropped = (_RESPONSE_DROPPED if response else _REQUEST_DROPPED) | _connection_tokens(headers)
    return [(k, v) for k, v in headers if k.lower() not in dropped]


class UpstreamResponse:
    """An upstream answer whose body is read as it arrives (call :meth:`close` when done)."""

    def __init__(self, response: httpx.Response, upstream: str) -> None:
        self._response = response
        self.status = response.status_code
        self.headers = _relocated(
            forwardable(list(response.headers.multi_items()), response=True), upstream
        )

    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.aiter_bytes():
                yield chunk
        except httpx.TimeoutException as error:
            raise UpstreamError("timeout", f"the upstream stopped sending: {error!r}") from error
        except httpx.HTTPError as error:
            raise UpstreamError("unreachable", f"the upstream broke off: {error!r}") from error

    async def close(self) -> None:
        await self._response.aclose()


def _relocated(headers: list[tuple[str, str]], upstream: str) -> list[tuple[str, str]]:
    """A redirect to the upstream itself points back through the proxy (a relative URL)."""
    prefix = upstream.rstrip("/")
    out = []
    for name, value in headers:
        if name.lower() == "location" and value.startswith(prefix + "/"):
            value = urlsplit(upstream).path.rstrip("/") + value[len(prefix) :]
        out.append((name, value))
    return out


class Forwarder:
    """The one client talking to the upstream; only ever to ``upstream``."""

    def __init__(self, upstream: str, timeouts: Timeouts | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        self.timeouts = timeouts or Timeouts()
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(self.timeouts.read, connect=self.timeouts.connect),
            follow_redirects=False,
            trust_env=False,  # HTTP(S)_PROXY must not send traffic elsewhere
        )

    def url_for(self, request: HttpRequest) -> str:
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{self.upstream}{request.path}{query}"

    async def open(self, request: HttpRequest) -> UpstreamResponse:
        headers = forwardable(request.headers, response=False)
        if request.client:
            headers.append(("x-forwarded-for", request.client))
        outgoing = self._client.build_request(
            request.method,
            self.url_for(request),
            headers=headers,
            content=request.body if request.body else None,
        )
        try:
            response = await self._client.send(outgoing, stream=True)
        except httpx.TimeoutException as error:
            raise UpstreamError(
                "timeout", f"{self.upstream} did not answer in time ({error!r})"
            ) from error
        except httpx.HTTPError as error:
            raise UpstreamError(
                "unreachable", f"{self.upstream} is unreachable ({error!r})"
            ) from error
        return UpstreamResponse(response, self.upstream)

    async def aclose(self) -> None:
        await self._client.aclose()
