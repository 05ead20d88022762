"""Match a request path and method to an operation.

Routes compile once into a segment trie, so matching cost depends on the path's length, not
on the number of operations. Concrete segments beat templated ones (``/users/me`` before
``/users/{id}``); a match reports none / partial (path known, method not: 405) / full, and
a request that matches nothing can be answered with its nearest routes.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from urllib.parse import unquote

from pymockapi.model import Operation, Server

_PARAM = re.compile(r"\{([^{}]+)\}")
_MEMO_SIZE = 8192


class Match(enum.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


@dataclass(frozen=True, slots=True)
class RouteMatch:
    match: Match
    operation: Operation | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    allowed: tuple[str, ...] = ()
    """For a partial match: the methods the path does accept (for the ``Allow`` header)."""


@dataclass(slots=True)
class _Segment:
    """One templated segment: a single parameter, or text mixed with parameters."""

    names: tuple[str, ...]
    regex: re.Pattern[str] | None


@dataclass(slots=True)
class _Node:
    static: dict[str, _Node] = field(default_factory=dict)
    dynamic: list[tuple[_Segment, _Node]] = field(default_factory=list)
    methods: dict[str, tuple[Operation, str]] = field(default_factory=dict)
    """Method -> (operation, the full template this node ends)."""


def _compile_segment(text: str) -> _Segment | None:
    names = tuple(_PARAM.findall(text))
    if not names:
        return None
    if text == "{" + names[0] + "}":
        return _Segment(names=names, regex=None)
    pattern = ""
    last = 0
    for found in _PARAM.finditer(text):
        pattern += re.escape(text[last : found.start()]) + "(.+?)"
        last = found.end()
    pattern += re.escape(text[last:])
    return _Segment(names=names, regex=re.compile(pattern + r"\Z"))


def _split(path: str) -> list[str]:
    stripped = path.strip("/")
    return stripped.split("/") if stripped else []


def server_prefixes(servers: Iterable[Server]) -> tuple[str, ...]:
    """The distinct non-empty base paths under which operations are also served."""
    seen: list[str] = []
    for server in servers:
        base = server.base_path.rstrip("/")
        if base and base not in seen:
            seen.append(base)
    return tuple(seen)


class Router:
    def __init__(self, operations: Sequence[Operation], servers: Sequence[Server] = ()) -> None:
        self._root = _Node()
        self._memo: dict[tuple[str, str], RouteMatch] = {}
        self.templates: list[str] = []
        for operation in operations:
            prefixes = server_prefixes(operation.servers or servers)
            for prefix in ("", *prefixes):
                self._add(prefix + operation.path, operation)

    def _add(self, template: str, operation: Operation) -> None:
        node = self._root
        for text in _split(template):
            segment = _compile_segment(text)
            if segment is None:
                node = node.static.setdefault(text, _Node())
                continue
            for existing, child in node.dynamic:
                if existing.names == segment.names and (
                    (existing.regex and existing.regex.pattern)
                    == (segment.regex and segment.regex.pattern)
                ):
                    node = child
                    break
            else:
                child = _Node()
                node.dynamic.append((segment, child))
                # Plain "{id}" segments are tried after mixed ones such as "{id}.json".
                node.dynamic.sort(key=lambda pair: pair[0].regex is None)
                node = child
        if operation.method not in node.methods:
            node.methods[operation.method] = (operation, template)
            if template not in self.templates:
                self.templates.append(template)

    def match(self, method: str, path: str) -> RouteMatch:
        """The match for ``method`` and ``path``; repeated requests hit a bounded memo."""
        key = (method, path)
        found = self._memo.get(key)
        if found is None:
            found = self._match(method, path)
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = found
        # Callers own their path_params: hand each one a fresh dict.
        return RouteMatch(found.match, found.operation, dict(found.path_params), found.allowed)

    def _match(self, method: str, path: str) -> RouteMatch:
        segments = [unquote(text) for text in _split(path)]
        allowed: list[str] = []
        # HEAD is answered by a documented HEAD operation, else by the GET one.
        lookups = ("HEAD", "GET") if method == "HEAD" else (method,)
        for node, params in self._walk(self._root, segments, 0, {}):
            for lookup in lookups:
                if lookup in node.methods:
                    return RouteMatch(Match.FULL, node.methods[lookup][0], params)
            for known in node.methods:
                if known not in allowed:
                    allowed.append(known)
        if allowed:
            if "GET" in allowed and "HEAD" not in allowed:
                allowed.append("HEAD")
            return RouteMatch(Match.PARTIAL, allowed=tuple(allowed))
        return RouteMatch(Match.NONE)

    def _walk(
        self, node: _Node, segments: list[str], index: int, params: dict[str, str]
    ) -> Iterable[tuple[_Node, dict[str, str]]]:
        """Every node that ends the path, most concrete first (static before templated)."""
        if index == len(segments):
            if node.methods:
                yield node, params
            return
        text = segments[index]
        child = node.static.get(text)
        if child is not None:
            yield from self._walk(child, segments, index + 1, params)
        if not text:
            return
        for segment, child in node.dynamic:
            if segment.regex is None:
                values: tuple[str, ...] = (text,)
            else:
                found = segment.regex.match(text)
                if found is None:
                    continue
                values = found.groups()
            yield from self._walk(
                child,
                segments,
                index + 1,
                {**params, **dict(zip(segment.names, values, strict=True))},
            )

    def nearest(self, path: str, limit: int = 3) -> list[str]:
        """Templates closest to ``path``, for a helpful 404 (WireMock's near misses)."""
        wanted = _split(path)

        def distance(template: str) -> tuple[float, str]:
            parts = _split(template)
            cost = float(abs(len(parts) - len(wanted)))
            for mine, theirs in zip(parts, wanted, strict=False):
                if mine != theirs and _compile_segment(mine) is None:
                    cost += 1.0 - SequenceMatcher(None, mine, theirs).ratio()
            return cost, template

        return [template for _, template in sorted(map(distance, self.templates))[:limit]]
