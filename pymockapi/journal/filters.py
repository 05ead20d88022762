"""Filters over journal entries, turned into one parameterised SQL ``WHERE`` clause.

The same filters serve the admin listing, ``POST /requests/count`` patterns and the HAR
export. Bad filter values raise :class:`FilterError` (a 400 at the HTTP edge).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any


class FilterError(ValueError):
    """A filter value that cannot be understood (said in words for the caller)."""


_STATUS_CLASS = re.compile(r"^([1-5])xx$", re.IGNORECASE)
_GLOB = re.compile(r"[*?\[]")
_PLUS_LOST = re.compile(r" (\d\d:?\d\d)$")


@dataclass(frozen=True, slots=True)
class Filters:
    operation: str | None = None
    method: str | None = None
    path: str | None = None
    """Exact, or a glob (``*``, ``?``, ``[...]``) such as ``/pets/*``."""
    status: str | None = None
    """``404`` or a class such as ``4xx``."""
    session: str | None = None
    scenario: str | None = None
    source: str | None = None
    since: str | float | None = None
    """ISO 8601 time (UTC when no offset) or seconds since the epoch."""
    has_violations: bool | None = None
    body_contains: str | None = None
    """Text the request body contains."""
    header: Mapping[str, str] = field(default_factory=dict)
    """Request headers that must be present with exactly these values."""
    before_id: int | None = None
    """The paging cursor: only entries older than this id."""
    after_id: int | None = None
    """Only entries newer than this id (streaming exports in chunks)."""

    @classmethod
    def from_pattern(cls, pattern: Mapping[str, Any]) -> Filters:
        """Filters from a JSON pattern (``POST /requests/count``); unknown keys are refused."""
        known = {item.name for item in fields(cls)} - {"before_id", "after_id"}
        unknown = sorted(set(pattern) - known)
        if unknown:
            raise FilterError(f"unknown pattern key(s) {', '.join(unknown)}; use {sorted(known)}")
        header = pattern.get("header") or {}
        if not isinstance(header, Mapping) or not all(isinstance(v, str) for v in header.values()):
            raise FilterError("'header' must map header names to string values")
        values = {k: v for k, v in pattern.items() if k != "header"}
        for key, value in values.items():
            allowed: tuple[type, ...] = (
                (str, int, float, bool) if key != "has_violations" else (bool,)
            )
            if value is not None and not isinstance(value, allowed):
                raise FilterError(f"'{key}' must be a {' or '.join(t.__name__ for t in allowed)}")
        if isinstance(values.get("status"), int):
            values["status"] = str(values["status"])
        return cls(**values, header=dict(header))


def parse_since(value: str | float) -> float:
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except ValueError:
        pass
    try:
        # an unencoded "+01:00" arrives from a query string as " 01:00"
        moment = datetime.fromisoformat(_PLUS_LOST.sub(r"+\1", value.strip()))
    except ValueError:
        raise FilterError(
            f"'since' must be an ISO 8601 time or epoch seconds, not {value!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def where(filters: Filters) -> tuple[str, list[Any]]:
    """The ``WHERE`` clause (possibly empty) and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(clause: str, *values: Any) -> None:
        clauses.append(clause)
        params.extend(values)

    if filters.operation:
        add("operation = ?", filters.operation)
    if filters.method:
        add("method = ?", filters.method.upper())
    if filters.path:
        add("path GLOB ?" if _GLOB.search(filters.path) else "path = ?", filters.path)
    if filters.status:
        status = str(filters.status).strip()
        found = _STATUS_CLASS.match(status)
        if found:
            low = int(found.group(1)) * 100
            add("status BETWEEN ? AND ?", low, low + 99)
        elif status.isdigit() and len(status) == 3:
            add("status = ?", int(status))
        else:
            raise FilterError(
                f"'status' must be a code such as 404 or a class such as 4xx, not {status!r}"
            )
    for column in ("session", "scenario", "source"):
        value = getattr(filters, column)
        if value:
            add(f"{column} = ?", value)
    if filters.since is not None and filters.since != "":
        add("time >= ?", parse_since(filters.since))
    if filters.has_violations is not None:
        add("violation_count > 0" if filters.has_violations else "violation_count = 0")
    if filters.body_contains:
        add("instr(request_body, ?) > 0", filters.body_contains.encode())
    for name, value in filters.header.items():
        add(
            "EXISTS (SELECT 1 FROM json_each(request_headers) "
            "WHERE lower(json_extract(value, '$[0]')) = ? AND json_extract(value, '$[1]') = ?)",
            name.lower(),
            value,
        )
    if filters.before_id is not None:
        add("id < ?", filters.before_id)
    if filters.after_id is not None:
        add("id > ?", filters.after_id)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
