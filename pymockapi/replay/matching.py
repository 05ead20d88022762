"""Find the recorded exchange that answers a request.

A request matches an exchange by method, path, query (in any order, minus ignored keys),
body (JSON compared as values by default, else as bytes) and the headers chosen for
matching (see ``_headers``; the most demanding satisfied requirement wins). Several
exchanges for the same request are served in recording order; the last one then
repeats. A request that matches nothing gets its nearest recorded requests.
"""

from __future__ import annotations

import enum
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from urllib.parse import parse_qsl, unquote

from pymockapi.exchange import HttpRequest
from pymockapi.har import REDACTED, RecordedExchange
from pymockapi.replay._headers import Requirement, requirement, satisfied


class BodyMatch(enum.Enum):
    JSON = "json"
    """JSON bodies equal as values (key order, spacing ignored); other bodies as bytes."""
    EXACT = "exact"
    IGNORE = "ignore"


@dataclass(frozen=True, slots=True)
class MatchOptions:
    match_headers: tuple[str, ...] = ()
    """Headers whose values must be equal too (none by default: browsers add many);
    ``"*"`` means every recorded header but the volatile and ignored ones."""
    ignore_query: tuple[str, ...] = ()
    body: BodyMatch = BodyMatch.JSON
    ignore_headers: tuple[str, ...] = ()


Key = tuple[str, str, tuple[tuple[str, str], ...], bytes]
"""Method, unquoted path, sorted query pairs, canonical body."""


def _redacted_names(exchanges: Sequence[RecordedExchange]) -> frozenset[str]:
    """Query parameters the recording hides (``api_key=REDACTED``): any value matches them,
    since the secret a client sends could never equal the marker."""
    return frozenset(
        name
        for exchange in exchanges
        for name, value in parse_qsl(exchange.query_string, keep_blank_values=True)
        if value == REDACTED
    )


def _body_key(body: bytes, mode: BodyMatch) -> bytes:
    if mode is BodyMatch.IGNORE or not body:
        return b""
    if mode is BodyMatch.JSON:
        try:
            value = json.loads(body)
        except ValueError:
            return body
        return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    return body


@dataclass(slots=True)
class _Group:
    needs: Requirement
    exchanges: list[RecordedExchange] = field(default_factory=list)
    served: int = 0


class RecordingIndex:
    """The recording, indexed for matching; thread-safe (sequences advance under a lock)."""

    def __init__(self, exchanges: Sequence[RecordedExchange], options: MatchOptions) -> None:
        self.options = options
        self.exchanges = list(exchanges)
        self._ignored_query = frozenset(options.ignore_query) | _redacted_names(self.exchanges)
        names = tuple(h.lower() for h in options.match_headers)
        groups: dict[tuple[Key, Requirement], _Group] = {}
        for exchange in self.exchanges:
            needs = requirement(exchange.request_headers, names, options.ignore_headers)
            slot = (self._key(exchange.request()), needs)
            groups.setdefault(slot, _Group(needs)).exchanges.append(exchange)
        self._groups = list(groups.values())
        self._by_key: dict[Key, list[_Group]] = {}
        self._by_rest: dict[Key, list[tuple[str, _Group]]] = {}
        for (key, _), group in groups.items():
            self._by_key.setdefault(key, []).append(group)
            self._by_rest.setdefault(_without_path(key), []).append((key[1], group))
        for found in self._by_key.values():  # the most demanding requirement first
            found.sort(key=lambda group: -len(group.needs))
        self._lock = threading.Lock()

    def _key(self, request: HttpRequest) -> Key:
        ignored = self._ignored_query
        query = sorted(
            (k, v)
            for k, v in parse_qsl(request.query_string, keep_blank_values=True)
            if k not in ignored
        )
        return (
            request.method.upper(),
            unquote(request.path),
            tuple(query),
            _body_key(request.body, self.options.body),
        )

    def match(self, request: HttpRequest) -> RecordedExchange | None:
        """The next recorded answer for ``request`` (the last one repeats), or ``None``."""
        group = self._find(self._key(request), request.headers)
        if group is None and request.method == "HEAD":
            group = self._find(self._key(_as_get(request)), request.headers)
        if group is None:
            return None
        with self._lock:
            exchange = group.exchanges[min(group.served, len(group.exchanges) - 1)]
            group.served += 1
        return exchange

    def _find(self, key: Key, headers: Sequence[tuple[str, str]]) -> _Group | None:
        """The group of ``key`` whose headers are satisfied; else one recorded under a base
        path the client left out (recorded ``https://api.test/v1/pets``, asked ``/pets``),
        the shortest such prefix first."""
        for group in self._by_key.get(key, ()):
            if satisfied(group.needs, headers):
                return group
        path = key[1]
        if not path.startswith("/"):
            return None
        candidates = [
            (len(recorded), -len(group.needs), index, group)
            for index, (recorded, group) in enumerate(self._by_rest.get(_without_path(key), ()))
            if recorded.endswith(path)
            and recorded[: -len(path)].startswith("/")
            and not recorded[: -len(path)].endswith("/")
            and satisfied(group.needs, headers)
        ]
        return min(candidates, key=lambda item: item[:3])[3] if candidates else None

    def reset(self) -> None:
        with self._lock:
            for group in self._groups:
                group.served = 0

    def nearest(self, request: HttpRequest, limit: int = 3) -> list[str]:
        """The recorded requests closest to ``request``, as ``METHOD /path?query``."""
        wanted = _describe(request.method, request.path, request.query_string)
        seen: dict[str, float] = {}
        for exchange in self.exchanges:
            text = _describe(exchange.method, exchange.path, exchange.query_string)
            if text not in seen:
                seen[text] = SequenceMatcher(None, wanted, text).ratio()
        ranked = sorted(seen.items(), key=lambda item: (-item[1], item[0]))
        return [text for text, _ in ranked[:limit]]


def _without_path(key: Key) -> Key:
    return (key[0], "", key[2], key[3])


def _describe(method: str, path: str, query: str) -> str:
    return f"{method.upper()} {unquote(path)}" + (f"?{query}" if query else "")


def _as_get(request: HttpRequest) -> HttpRequest:
    return HttpRequest("GET", request.path, request.query_string, request.headers, request.body)
