"""Per-session state behind one small interface (memory by default, SQLite to survive restarts).

Two kinds of state live here, both namespaced by session key (``X-PyMockAPI-Session``,
default ``"default"``) so parallel tests never see each other's state:

- state machines (WireMock scenarios): ``machine -> state``, every machine starts in
  ``"started"``;
- resources for stateful CRUD: ``collection -> key -> JSON value``, in insertion order, with
  tombstones for deleted keys, and per-collection id counters;
- counters (how many times a rule or sequence has fired).

A later issue adds a networked store (Redis) for several instances: keep every method
small, JSON-serializable and free of Python object identity.
"""

import sqlite3
from pathlib import Path

from pymockapi.errors import ErrorKind, PyMockApiError
from pymockapi.state.sqlite import SqliteStore
from pymockapi.state.store import STARTED, MemoryStore, StateStore


def open_store(path: Path | None) -> StateStore:
    """The store for ``--state FILE``: SQLite in that file, else in memory.

    The file is created when missing; its folder must exist.
    """
    if path is None:
        return MemoryStore()
    if not path.parent.is_dir():
        raise _unusable(path, f"its folder {path.parent} does not exist")
    try:
        return SqliteStore(path)
    except sqlite3.Error as error:
        raise _unusable(path, f"not a usable SQLite database ({error})") from None


def _unusable(path: Path, reason: str) -> PyMockApiError:
    return PyMockApiError(ErrorKind.SPEC_UNREADABLE, f"state file: {reason}", file=str(path))


__all__ = ["STARTED", "MemoryStore", "SqliteStore", "StateStore", "open_store"]
