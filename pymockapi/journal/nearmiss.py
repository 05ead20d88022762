"""Near misses: for a request that matched no operation, the closest ones and why not.

The router ranks templates by distance (``Router.nearest``); this module says, for each
close operation, what differs: the method, a path segment (and which), the number of
segments, or a base path the spec does not serve under.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote

from pymockapi.engine import MockEngine
from pymockapi.model import Operation
from pymockapi.routing import server_prefixes

_PARAM = re.compile(r"\{[^{}]+\}")


def _segments(path: str) -> list[str]:
    stripped = path.strip("/")
    return stripped.split("/") if stripped else []


def _segment_matches(template: str, value: str) -> bool:
    if not _PARAM.search(template):
        return template == value
    pieces = _PARAM.split(template)
    pattern = ".+?".join(re.escape(piece) for piece in pieces)
    return value != "" and re.fullmatch(pattern, value) is not None


def _path_reasons(wanted: Sequence[str], template: str) -> list[str]:
    parts = _segments(template)
    for index, (mine, theirs) in enumerate(zip(parts, wanted, strict=False)):
        if not _segment_matches(mine, theirs):
            return [f"path segment {index + 1} is '{theirs}', the operation expects '{mine}'"]
    if len(parts) != len(wanted):
        return [f"the path has {len(wanted)} segment(s), the operation {len(parts)}"]
    return []


def _base_path_reason(
    wanted: Sequence[str], operation: Operation, bases: Sequence[str]
) -> str | None:
    """The request ends like the operation but starts with a base path the spec lacks."""
    parts = _segments(operation.path)
    extra = len(wanted) - len(parts)
    if extra <= 0 or _path_reasons(wanted[extra:], operation.path):
        return None
    given = "/" + "/".join(wanted[:extra])
    served = ", ".join(["/", *bases]) if bases else "/"
    return f"base path '{given}' is not one the spec serves under ({served})"


def explain(
    engine: MockEngine, method: str, path: str, limit: int = 3, limit_total: int = 5
) -> list[dict[str, Any]]:
    """The operations closest to ``method path``, each with the reasons it did not match."""
    spec = engine.spec
    wanted = [unquote(text) for text in _segments(path)]
    templates = engine.router.nearest(path, limit=limit)
    found: list[dict[str, Any]] = []
    for operation in spec.operations:
        bases = server_prefixes(operation.servers or spec.servers)
        for base in ("", *bases):
            template = base + operation.path
            if template not in templates:
                continue
            reasons = _path_reasons(wanted, template)
            base_reason = _base_path_reason(wanted, operation, bases) if reasons else None
            if base_reason:
                reasons = [base_reason]
            accepted = (
                (operation.method, "HEAD") if operation.method == "GET" else (operation.method,)
            )
            if method.upper() not in accepted:
                reasons.append(
                    f"method is {method.upper()}, the operation accepts {operation.method}"
                )
            found.append(
                {
                    "operation": operation.key,
                    "method": operation.method,
                    "path": template,
                    "reasons": reasons or ["it matches now (the spec changed since)"],
                    "_rank": (templates.index(template), len(reasons)),
                }
            )
    found.sort(key=lambda item: item["_rank"])
    seen: set[str] = set()
    unique = []
    for item in found:
        del item["_rank"]
        if item["operation"] not in seen:
            seen.add(item["operation"])
            unique.append(item)
    return unique[:limit_total]
