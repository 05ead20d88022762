"""A state store in one SQLite file (``--state FILE``): the state survives restarts.

Standard library only. One connection shared behind a lock (SQLite serializes writers
anyway), write-ahead logging so readers in other processes are not blocked, and every
value stored as JSON text, so the file is readable with any SQLite client.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from pymockapi.state.store import JSON_ONLY, STARTED

_SCHEMA = """
CREATE TABLE IF NOT EXISTS machines (
    session TEXT NOT NULL, machine TEXT NOT NULL, state TEXT NOT NULL,
    PRIMARY KEY (session, machine));
CREATE TABLE IF NOT EXISTS items (
    session TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (session, collection, key));
CREATE TABLE IF NOT EXISTS tombstones (
    session TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (session, collection, key));
CREATE TABLE IF NOT EXISTS ids (
    session TEXT NOT NULL, collection TEXT NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (session, collection));
CREATE TABLE IF NOT EXISTS counters (
    session TEXT NOT NULL, counter TEXT NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (session, counter));
"""
_TABLES = ("machines", "items", "tombstones", "ids", "counters")


def _dump(value: Any) -> str:
    """Compact JSON text, as the memory store keeps it (so a read can serve it as it is)."""
    try:
        return orjson.dumps(value, option=JSON_ONLY).decode()
    except TypeError:  # integers past 64 bits, int keys: the standard library writes those
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class SqliteStore:
    """The :class:`~pymockapi.state.StateStore` kept in a SQLite database file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        # autocommit mode; multi-statement changes open their own transaction
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout = 5000")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(_SCHEMA)

    def _one(self, sql: str, *args: Any) -> Any:
        with self._lock:
            row = self._db.execute(sql, args).fetchone()
        return None if row is None else row[0]

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _write(self, *statements: tuple[str, tuple[Any, ...]]) -> None:
        with self._transaction() as db:
            for sql, args in statements:
                db.execute(sql, args)

    def _bump(self, table: str, column: str, session: str, name: str) -> int:
        """Add one to a counter row and return its new value."""
        where = (session, name)
        with self._transaction() as db:
            db.execute(
                f"INSERT INTO {table} (session, {column}, value) VALUES (?, ?, 1) "
                f"ON CONFLICT (session, {column}) DO UPDATE SET value = value + 1",
                where,
            )
            sql = f"SELECT value FROM {table} WHERE session = ? AND {column} = ?"
            return int(db.execute(sql, where).fetchone()[0])

    # state machines
    def get_machine(self, session: str, machine: str) -> str:
        found = self._one(
            "SELECT state FROM machines WHERE session = ? AND machine = ?", session, machine
        )
        return STARTED if found is None else str(found)

    def set_machine(self, session: str, machine: str, state: str) -> None:
        self._write(
            (
                "INSERT INTO machines VALUES (?, ?, ?) "
                "ON CONFLICT (session, machine) DO UPDATE SET state = excluded.state",
                (session, machine, state),
            )
        )

    # resources
    def _item_text(self, session: str, collection: str, key: str) -> str | None:
        found = self._one(
            "SELECT value FROM items WHERE session = ? AND collection = ? AND key = ?",
            session,
            collection,
            key,
        )
        return None if found is None else str(found)

    def get_item(self, session: str, collection: str, key: str) -> Any | None:
        found = self._item_text(session, collection, key)
        return None if found is None else json.loads(found)

    def get_item_json(self, session: str, collection: str, key: str) -> bytes | None:
        found = self._item_text(session, collection, key)
        return None if found is None else found.encode()

    def put_item(self, session: str, collection: str, key: str, value: Any) -> None:
        where = (session, collection, key)
        self._write(
            (
                # an update keeps the row (and so the item's place in the listing)
                "INSERT INTO items VALUES (?, ?, ?, ?) "
                "ON CONFLICT (session, collection, key) DO UPDATE SET value = excluded.value",
                (*where, _dump(value)),
            ),
            ("DELETE FROM tombstones WHERE session = ? AND collection = ? AND key = ?", where),
        )

    def delete_item(self, session: str, collection: str, key: str) -> bool:
        where = (session, collection, key)
        with self._transaction() as db:
            sql = "DELETE FROM items WHERE session = ? AND collection = ? AND key = ?"
            deleted = db.execute(sql, where).rowcount > 0
            if deleted:
                db.execute("INSERT OR IGNORE INTO tombstones VALUES (?, ?, ?)", where)
        return deleted

    def was_deleted(self, session: str, collection: str, key: str) -> bool:
        found = self._one(
            "SELECT 1 FROM tombstones WHERE session = ? AND collection = ? AND key = ?",
            session,
            collection,
            key,
        )
        return found is not None

    def list_items(self, session: str, collection: str) -> list[Any]:
        with self._lock:
            rows = self._db.execute(
                "SELECT value FROM items WHERE session = ? AND collection = ? ORDER BY rowid",
                (session, collection),
            ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def count_items(self, session: str, collection: str) -> int:
        sql = "SELECT COUNT(*) FROM items WHERE session = ? AND collection = ?"
        return int(self._one(sql, session, collection))

    def next_id(self, session: str, collection: str) -> int:
        return self._bump("ids", "collection", session, collection)

    # counters
    def increment(self, session: str, counter: str) -> int:
        return self._bump("counters", "counter", session, counter)

    # administration
    def reset(self, session: str | None = None, machine: str | None = None) -> None:
        if machine is not None:
            sql, args = "DELETE FROM machines WHERE machine = ?", [machine]
            if session is not None:
                sql, args = sql + " AND session = ?", [machine, session]
            self._write((sql, tuple(args)))
        elif session is not None:
            self._write(*((f"DELETE FROM {t} WHERE session = ?", (session,)) for t in _TABLES))
        else:
            self._write(*((f"DELETE FROM {t}", ()) for t in _TABLES))

    def snapshot(self, session: str | None = None) -> dict[str, Any]:
        where, args = ("WHERE session = ?", (session,)) if session is not None else ("", ())
        with self._lock:
            machines = self._db.execute(
                f"SELECT session, machine, state FROM machines {where} ORDER BY rowid", args
            ).fetchall()
            items = self._db.execute(
                f"SELECT session, collection, value FROM items {where} ORDER BY rowid", args
            ).fetchall()
            counters = self._db.execute(
                f"SELECT session, counter, value FROM counters {where} ORDER BY rowid", args
            ).fetchall()
            others = self._db.execute(
                f"SELECT session FROM ids {where} UNION SELECT session FROM tombstones {where}",
                args * 2,
            ).fetchall()
        result: dict[str, Any] = {}

        def entry(name: str) -> dict[str, Any]:
            if name not in result:
                result[name] = {"machines": {}, "collections": {}, "counters": {}}
            found: dict[str, Any] = result[name]
            return found

        for name, machine, state in machines:
            entry(name)["machines"][machine] = state
        for name, collection, value in items:
            entry(name)["collections"].setdefault(collection, []).append(json.loads(value))
        for name, counter, value in counters:
            entry(name)["counters"][counter] = value
        for (name,) in others:
            entry(name)
        return dict(sorted(result.items()))

    def close(self) -> None:
        with self._lock:
            self._db.close()
