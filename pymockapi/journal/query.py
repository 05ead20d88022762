"""Reads and deletes over committed journal entries, selected by :class:`Filters`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pymockapi.journal._schema import forget_unused_bodies, open_reader
from pymockapi.journal.entry import as_dict
from pymockapi.journal.filters import FilterError, Filters, where

__all__ = ["FilterError", "Filters", "Page", "count", "delete", "get", "page", "stream"]


def count(connection: sqlite3.Connection, filters: Filters) -> int:
    sql, params = where(filters)
    result: int = connection.execute(f"SELECT count(*) FROM requests{sql}", params).fetchone()[0]
    return result


@dataclass(frozen=True, slots=True)
class Page:
    entries: list[dict[str, Any]]
    total: int
    next_cursor: int | None


def page(
    connection: sqlite3.Connection,
    filters: Filters,
    *,
    limit: int = 100,
    offset: int = 0,
    bodies: bool = False,
) -> Page:
    """Newest first. ``next_cursor`` is set when older entries remain."""
    sql, params = where(filters)
    rows = connection.execute(
        f"SELECT * FROM requests_with_bodies{sql} ORDER BY id DESC LIMIT ? OFFSET ?",
        [*params, limit + 1, offset],
    ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(
        entries=[as_dict(row, bodies=bodies) for row in rows],
        total=count(connection, filters),
        next_cursor=rows[-1]["id"] if more and rows else None,
    )


def get(connection: sqlite3.Connection, entry_id: int) -> dict[str, Any] | None:
    row = connection.execute(
        "SELECT * FROM requests_with_bodies WHERE id = ?", (entry_id,)
    ).fetchone()
    return as_dict(row) if row is not None else None


def stream(path: Path, filters: Filters, *, chunk: int = 500) -> Iterator[sqlite3.Row]:
    """Every matching row, oldest first, read in chunks with a fresh connection each.

    Safe to consume from any thread and across slow consumers (a streamed HTTP response).
    """
    last = 0
    while True:
        sql, params = where(replace(filters, after_id=last))
        connection = open_reader(path)
        try:
            found = connection.execute(
                f"SELECT * FROM requests_with_bodies{sql} ORDER BY id LIMIT ?", [*params, chunk]
            ).fetchall()
        finally:
            connection.close()
        yield from found
        if len(found) < chunk:
            return
        last = found[-1]["id"]


def delete(connection: sqlite3.Connection, filters: Filters) -> int:
    sql, params = where(filters)
    deleted: int = connection.execute(f"DELETE FROM requests{sql}", params).rowcount
    forget_unused_bodies(connection)
    return deleted
