"""The journal's SQLite file: its table, and how writer and readers open it.

Durability: WAL mode with ``synchronous=NORMAL``. A committed transaction is in the WAL file
(handed to the operating system) before ``commit`` returns, so it survives the server
process being killed (``kill -9``); it may not survive a power loss or an OS crash, which
only ``synchronous=FULL`` would cover at the price of an fsync per commit.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pymockapi.errors import ErrorKind, PyMockApiError

SCHEMA_VERSION = 1

COLUMNS = (
    "time",
    "method",
    "url",
    "path",
    "query",
    "request_headers",
    "request_body",
    "request_body_size",
    "request_truncated",
    "operation",
    "operation_path",
    "path_params",
    "session",
    "scenario",
    "source",
    "status",
    "response_headers",
    "response_body",
    "response_body_size",
    "response_truncated",
    "violations",
    "violation_count",
    "chaos",
    "duration_ms",
    "client",
)

INSERT = f"INSERT INTO requests ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"

_DDL = """
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    method TEXT NOT NULL,
    url TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    request_headers TEXT NOT NULL,
    request_body BLOB NOT NULL,
    request_body_size INTEGER NOT NULL,
    request_truncated INTEGER NOT NULL,
    operation TEXT,
    operation_path TEXT,
    path_params TEXT NOT NULL,
    session TEXT NOT NULL,
    scenario TEXT,
    source TEXT NOT NULL,
    status INTEGER NOT NULL,
    response_headers TEXT NOT NULL,
    response_body BLOB NOT NULL,
    response_body_size INTEGER NOT NULL,
    response_truncated INTEGER NOT NULL,
    violations TEXT NOT NULL,
    violation_count INTEGER NOT NULL,
    chaos TEXT NOT NULL,
    duration_ms REAL NOT NULL,
    client TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_operation ON requests (operation, status);
CREATE INDEX IF NOT EXISTS requests_session ON requests (session);
"""


class JournalError(PyMockApiError):
    """The journal file cannot be used (missing, not a journal, unreadable)."""


def _refuse(path: Path, reason: str) -> JournalError:
    return JournalError(
        ErrorKind.SPEC_UNREADABLE, f"cannot use as a journal: {reason}", file=str(path)
    )


def open_writer(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the journal for writing; raises ``PyMockApiError`` if unusable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=10, isolation_level=None)
    except (OSError, sqlite3.Error) as error:
        raise _refuse(path, str(error)) from error
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        if version == 0 and tables:
            raise _refuse(path, "the file is a SQLite database of something else")
        if version not in (0, SCHEMA_VERSION):
            raise _refuse(path, f"journal format {version}; this version reads {SCHEMA_VERSION}")
        connection.executescript(_DDL)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise _refuse(path, str(error)) from error
    except JournalError:
        connection.close()
        raise
    return connection


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only view of committed entries (never creates the file)."""
    if not path.is_file():
        raise JournalError(ErrorKind.SPEC_NOT_FOUND, "no journal here", file=str(path))
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=10)
        connection.execute("PRAGMA query_only = ON")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise _refuse(path, str(error)) from error
    if version != SCHEMA_VERSION:
        connection.close()
        raise _refuse(path, "not a PyMockAPI journal")
    connection.row_factory = sqlite3.Row
    return connection
