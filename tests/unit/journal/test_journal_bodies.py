"""Response bodies are stored once each, forgotten when unused, and old journals upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pymockapi.engine import ServeEvent
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.journal import Journal
from pymockapi.journal._schema import open_reader
from pymockapi.journal.query import Filters


def _event(path: str, body: bytes) -> ServeEvent:
    return ServeEvent(
        request=HttpRequest("GET", path, headers=[("host", "mock")]),
        response=HttpResponse(200, [("content-type", "application/json")], body),
    )


def _count(file: Path, table: str) -> int:
    with sqlite3.connect(file) as connection:
        found: int = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return found


def test_the_same_body_is_stored_once_and_every_entry_shows_it(tmp_path: Path) -> None:
    file = tmp_path / "j.sqlite3"
    journal = Journal(file)
    journal.start()
    same = b'{"id": 1, "name": "Rex"}' * 100
    for n in range(50):
        journal.record(_event(f"/pets/{n % 2}", same if n % 2 == 0 else bytes(same)))
    journal.record(_event("/other", b"[]"))
    assert journal.flush()
    entries = journal.page(Filters(), limit=100, bodies=True).entries
    journal.close()
    assert len(entries) == 51
    assert {entry["response"]["body"] for entry in entries} == {same.decode(), "[]"}
    assert _count(file, "bodies") == 2


def test_bodies_no_entry_uses_are_forgotten(tmp_path: Path) -> None:
    file = tmp_path / "j.sqlite3"
    journal = Journal(file, cap=10)
    journal.start()
    for n in range(1_200):  # past the cap, each body distinct
        journal.record(_event(f"/things/{n}", f"body {n}".encode()))
    assert journal.flush()
    assert _count(file, "requests") == 10
    assert _count(file, "bodies") <= 10 + 1_000  # forgotten in rounds, not per batch
    journal.delete(Filters())
    journal.close()
    assert (_count(file, "requests"), _count(file, "bodies")) == (0, 0)


V1_DDL = """
CREATE TABLE requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, method TEXT NOT NULL,
    url TEXT NOT NULL, path TEXT NOT NULL, query TEXT NOT NULL,
    request_headers TEXT NOT NULL, request_body BLOB NOT NULL,
    request_body_size INTEGER NOT NULL, request_truncated INTEGER NOT NULL,
    operation TEXT, operation_path TEXT, path_params TEXT NOT NULL, session TEXT NOT NULL,
    scenario TEXT, source TEXT NOT NULL, status INTEGER NOT NULL,
    response_headers TEXT NOT NULL, response_body BLOB NOT NULL,
    response_body_size INTEGER NOT NULL, response_truncated INTEGER NOT NULL,
    violations TEXT NOT NULL, violation_count INTEGER NOT NULL, chaos TEXT NOT NULL,
    duration_ms REAL NOT NULL, client TEXT NOT NULL
);
CREATE INDEX requests_operation ON requests (operation, status);
CREATE INDEX requests_session ON requests (session);
PRAGMA user_version = 1;
"""


def _version_1_journal(file: Path, bodies: list[bytes]) -> None:
    with sqlite3.connect(file) as connection:
        connection.executescript(V1_DDL)
        for n, body in enumerate(bodies):
            connection.execute(
                "INSERT INTO requests VALUES (?, 1700000000, 'GET', 'http://mock/p', '/p', '', "
                "'[]', x'', 0, 0, NULL, NULL, '{}', 'default', NULL, 'mock', 200, '[]', ?, ?, 0, "
                "'[]', 0, '[]', 0.5, '127.0.0.1')",
                (10 + n, body, len(body)),
            )


def test_a_version_1_journal_is_read_as_it_is_and_upgraded_by_the_writer(
    tmp_path: Path,
) -> None:
    file = tmp_path / "old.sqlite3"
    _version_1_journal(file, [b"first", b"second", b"first"])
    reader = open_reader(file)  # reading changes nothing
    rows = reader.execute("SELECT id, response_body FROM requests_with_bodies").fetchall()
    reader.close()
    assert [(row[0], row[1]) for row in rows] == [(10, b"first"), (11, b"second"), (12, b"first")]
    journal = Journal(file)
    journal.start()
    journal.record(_event("/new", b"second"))
    assert journal.flush()
    entries = journal.page(Filters(), bodies=True).entries
    journal.close()
    assert [(e["id"], e["response"]["body"]) for e in entries] == [
        (13, "second"),
        (12, "first"),
        (11, "second"),
        (10, "first"),
    ]
    assert _count(file, "bodies") == 2
    with sqlite3.connect(file) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
