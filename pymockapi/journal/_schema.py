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
from pymockapi.seeds import digest

SCHEMA_VERSION = 2
"""1: response bodies inline in ``requests``; 2: each distinct response body stored once in
``bodies`` (a mock answers the same bytes again and again), read through
``requests_with_bodies``. A version 1 file is upgraded when the writer opens it."""

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
    "response_body_id",
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
    response_body_id INTEGER,
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
CREATE INDEX IF NOT EXISTS requests_body ON requests (response_body_id);
CREATE TABLE IF NOT EXISTS bodies (
    id INTEGER PRIMARY KEY,
    digest BLOB NOT NULL UNIQUE,
    data BLOB NOT NULL
);
CREATE VIEW IF NOT EXISTS requests_with_bodies AS
    SELECT requests.*, coalesce(bodies.data, x'') AS response_body
    FROM requests LEFT JOIN bodies ON bodies.id = requests.response_body_id;
"""

_V1_COLUMNS = ", ".join(column for column in COLUMNS if column != "response_body_id")
_UPGRADE_FROM_1 = f"""
ALTER TABLE requests RENAME TO requests_v1;
DROP INDEX IF EXISTS requests_operation;
DROP INDEX IF EXISTS requests_session;
{_DDL}
INSERT OR IGNORE INTO bodies (digest, data)
    SELECT pymockapi_digest(response_body), response_body FROM requests_v1;
INSERT INTO requests (id, {_V1_COLUMNS}, response_body_id)
    SELECT id, {_V1_COLUMNS},
        (SELECT id FROM bodies WHERE digest = pymockapi_digest(requests_v1.response_body))
    FROM requests_v1;
DROP TABLE requests_v1;
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
        if version not in (0, 1, SCHEMA_VERSION):
            raise _refuse(path, f"journal format {version}; this version reads {SCHEMA_VERSION}")
        if version == 1:
            _upgrade_from_1(connection)
        connection.executescript(_DDL)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise _refuse(path, str(error)) from error
    except JournalError:
        connection.close()
        raise
    return connection


def forget_unused_bodies(connection: sqlite3.Connection) -> None:
    """Delete the stored bodies no entry refers to any more."""
    connection.execute(
        "DELETE FROM bodies WHERE NOT EXISTS "
        "(SELECT 1 FROM requests WHERE requests.response_body_id = bodies.id)"
    )


def _upgrade_from_1(connection: sqlite3.Connection) -> None:
    """Move version 1's inline response bodies into ``bodies``, in one transaction."""
    connection.create_function("pymockapi_digest", 1, digest, deterministic=True)
    connection.executescript(
        f"BEGIN IMMEDIATE;\n{_UPGRADE_FROM_1}\nPRAGMA user_version = 2;\nCOMMIT;"
    )


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only view of committed entries (never creates the file)."""
    if not path.is_file():
        raise JournalError(ErrorKind.SPEC_NOT_FOUND, "no journal here", file=str(path))
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=10)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == 1:  # read as it is: its table still has the bodies inline
            connection.execute("CREATE TEMP VIEW requests_with_bodies AS SELECT * FROM requests")
        connection.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError as error:
        raise _refuse(path, str(error)) from error
    if version not in (1, SCHEMA_VERSION):
        connection.close()
        raise _refuse(path, "not a PyMockAPI journal")
    connection.row_factory = sqlite3.Row
    return connection
