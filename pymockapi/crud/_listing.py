"""Listing a collection: filters and pagination read from the operation's documented query.

Only parameters the operation documents are honoured: ``limit``/``per_page``/``size``...
(page size), ``offset``/``skip``/``start`` (items to skip), ``page`` (1-based unless its
schema allows 0). A documented query parameter named like an item property filters on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pymockapi.model import MISSING, Operation, Parameter, ParameterLocation

_LIMIT = {"limit", "perpage", "pagesize", "size", "count", "maxresults", "top", "take", "first"}
_OFFSET = {"offset", "skip", "start", "from"}
_PAGE = {"page", "pagenumber", "pageno", "pageindex"}
_DEFAULT_PAGE_SIZE = 20


def _plain(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "").removeprefix("page[").rstrip("]")


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Any]
    total: int
    """How many items matched before paging."""
    offset: int
    limit: int | None
    page: int | None


def _default(parameter: Parameter) -> Any:
    node = parameter.schema.node if parameter.schema is not None else None
    return node.get("default", MISSING) if isinstance(node, Mapping) else MISSING


def _minimum(parameter: Parameter) -> Any:
    node = parameter.schema.node if parameter.schema is not None else None
    return node.get("minimum") if isinstance(node, Mapping) else None


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _pagination(operation: Operation) -> dict[str, Parameter]:
    roles: dict[str, Parameter] = {}
    for parameter in operation.parameters:
        if parameter.location is not ParameterLocation.QUERY:
            continue
        name = _plain(parameter.name)
        for role, names in (("limit", _LIMIT), ("offset", _OFFSET), ("page", _PAGE)):
            if name in names:
                roles.setdefault(role, parameter)
    return roles


def paginate(
    operation: Operation, query: Mapping[str, Any], items: list[Any], max_items: int | None
) -> Page:
    roles = _pagination(operation)
    found: dict[str, int | None] = {}
    for role, parameter in roles.items():
        value = query.get(parameter.name, MISSING)
        found[role] = _integer(_default(parameter) if value is MISSING else value)
    limit = found.get("limit")
    offset = max(found.get("offset") or 0, 0)
    page = found.get("page")
    if page is not None:
        size = limit or max_items or _DEFAULT_PAGE_SIZE
        first = 0 if _minimum(roles["page"]) == 0 else 1
        offset += max(page - first, 0) * size
        limit = size
    chosen = items[offset:]
    if limit is not None:
        chosen = chosen[: max(limit, 0)]
    if max_items is not None:
        chosen = chosen[:max_items]
    return Page(chosen, len(items), offset, limit, page)


def filters(
    operation: Operation, query: Mapping[str, Any], properties: Sequence[str]
) -> dict[str, Any]:
    """Documented query parameters that name an item property, with the values sent."""
    paging = {parameter.name for parameter in _pagination(operation).values()}
    wanted: dict[str, Any] = {}
    for parameter in operation.parameters:
        name = parameter.name
        if parameter.location is ParameterLocation.QUERY and name not in paging:
            value = query.get(name, MISSING)
            if (
                name in properties
                and value not in (MISSING, None, [], "")
                and not isinstance(value, dict)
            ):
                wanted[name] = value
    return wanted


def matches(item: Any, wanted: Mapping[str, Any]) -> bool:
    """Arrays on either side match when they share a value; scalars compare as text."""
    if not isinstance(item, dict):
        return not wanted
    for name, asked in wanted.items():
        have = item.get(name, MISSING)
        asked_values = {_text(v) for v in (asked if isinstance(asked, list) else [asked])}
        have_values = {_text(v) for v in (have if isinstance(have, list) else [have])}
        if have is MISSING or not asked_values & have_values:
            return False
    return True


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
